// A new issuer identity from the Fabric CA of the issuer's host organization: registered with
// the attributes the chaincode reads (vanbang.role=issuer, vanbang.issuer=<code>) and enrolled
// with the institution as O= and its code as serialNumber — exactly as the network enrolls the
// topology's issuer identities (network/src/ca.ts, enrollApplicationIdentity). The gateway runs
// beside the network (native processes on one host): it registers with the CA registrar's
// files under the network's home. A gateway without those files cannot enroll and says so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { enrollApplicationIdentity, networkContext, orgPaths, type OrgSpec } from '@vanbang/network';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import { ApiError, conflict } from '../errors/problem';

export interface EnrolledIdentity {
  org: string;
  certificatePem: string;
  privateKeyPem: string;
}

/**
 * What fabric-ca-client's `--csr.names` can carry as O= (it splits on commas and `=`): the same
 * rule as the topology's institution names (network/src/topology.ts), at most 64 characters.
 */
const SUBJECT_NAME = /^[\p{L}\p{M}0-9][\p{L}\p{M}0-9 .()'/&-]{0,63}$/u;

// One enrollment at a time: enrollApplicationIdentity rewrites the CA home's secrets file.
let queue: Promise<unknown> = Promise.resolve();

function onlyFile(dir: string): string {
  const files = readdirSync(dir);
  if (files.length !== 1) throw new Error(`${dir} holds ${files.length} files, expected one`);
  return path.join(dir, files[0]!);
}

function hostOrganization(config: GatewayConfig, hostMsp: string): { home: ReturnType<typeof networkContext>['home']; org: OrgSpec } {
  const network = networkContext({ home: config.caNetwork.home, portShift: config.caNetwork.portShift, topologyFile: config.caNetwork.topologyFile });
  const org = network.topology.organizations.find((o) => o.mspId === hostMsp);
  if (!org) throw new ApiError(503, 'CA_UNAVAILABLE', `The network's topology has no organization ${hostMsp}: its CA cannot be reached from this gateway`);
  if (!existsSync(path.join(orgPaths(network.home, org.name).registrar, 'msp', 'signcerts'))) {
    throw new ApiError(503, 'CA_UNAVAILABLE', `This gateway has no registrar credentials for the ${org.name} CA under ${config.caNetwork.home} (VANBANG_NETWORK_HOME): it cannot enroll identities there`);
  }
  return { home: network.home, org };
}

export function enrollIssuerIdentity(config: GatewayConfig, log: Logger, req: { name: string; hostMsp: string; issuerCode: string; institution: string }): Promise<EnrolledIdentity> {
  const institution = req.institution.normalize('NFC');
  if (!SUBJECT_NAME.test(institution)) {
    throw conflict('ISSUER_NAME_NOT_CERTIFIABLE', `The registry name of ${req.issuerCode} cannot be a certificate's organization name (1-64 letters, digits, spaces or .()'/&-, no commas or =): update its name first`);
  }
  const { home, org } = hostOrganization(config, req.hostMsp);
  const run = async (): Promise<EnrolledIdentity> => {
    let mspDir: string;
    try {
      mspDir = await enrollApplicationIdentity(home, org, { name: req.name, role: 'issuer', issuer: req.issuerCode, institution });
    } catch (err) {
      log.warn({ err: (err as Error).message, identity: req.name, org: org.name }, 'issuer identity enrollment failed');
      throw new ApiError(503, 'CA_UNAVAILABLE', `The ${org.name} CA did not enroll the identity; no caller was created. Retry later.`);
    }
    return {
      org: org.name,
      certificatePem: readFileSync(onlyFile(path.join(mspDir, 'signcerts')), 'utf8'),
      privateKeyPem: readFileSync(onlyFile(path.join(mspDir, 'keystore')), 'utf8'),
    };
  };
  const next = queue.then(run);
  queue = next.catch(() => undefined);
  return next;
}
