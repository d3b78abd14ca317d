// One Fabric CA per organization. It issues every identity of that organization: the peer's and
// orderer's enrollment and TLS certificates, the organization admin, and the application
// identities (issuers, department and Ministry admins, auditors) with the attributes the chaincode
// checks (vanbang.role, vanbang.issuer) embedded in their certificates.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './exec';
import { httpHealthy, tcpOpen, waitFor } from './health';
import { writeCaConfig } from './certificates/ca-config';
import { applyCaSigning } from './certificates/ca-signing';
import type { CertificatePolicy } from './certificates/certificate-policy';
import { csrNamesArgument, identityNames } from './certificates/certificate-subjects';
import { extractTlsFiles, normaliseEnrolledMsp, writeOrgMsp } from './msp';
import { type Home, orgPaths } from './paths';
import { logTail, notRunningReason, runningPid, startProcess, type ProcessSpec } from './processes';
import { binary } from './tools';
import type { IdentitySpec, OrgSpec } from './topology';

export const caProcessName = (org: OrgSpec) => `ca-${org.name}`;
export const caName = (org: OrgSpec) => `ca-${org.name.toLowerCase()}`;

export interface Secrets {
  bootstrap: string;
  identities: Record<string, string>;
}

function secretsFile(home: Home, org: OrgSpec): string {
  return path.join(orgPaths(home, org.name).caHome, 'secrets.json');
}

/** Passwords are random per installation and kept only in the (git-ignored) CA home. */
export function loadSecrets(home: Home, org: OrgSpec): Secrets {
  const file = secretsFile(home, org);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  const s: Secrets = { bootstrap: randomBytes(18).toString('base64url'), identities: {} };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  return s;
}

function saveSecrets(home: Home, org: OrgSpec, s: Secrets): void {
  writeFileSync(secretsFile(home, org), JSON.stringify(s, null, 2), { mode: 0o600 });
}

export function caTlsCert(home: Home, org: OrgSpec): string {
  return path.join(orgPaths(home, org.name).caHome, 'tls-cert.pem');
}

export function caCert(home: Home, org: OrgSpec): string {
  return path.join(orgPaths(home, org.name).caHome, 'ca-cert.pem');
}

export function caProcess(home: Home, org: OrgSpec): ProcessSpec {
  const p = orgPaths(home, org.name);
  const secrets = loadSecrets(home, org);
  return {
    name: caProcessName(org),
    command: binary('fabric-ca-server'),
    args: [
      'start',
      '-b', `admin:${secrets.bootstrap}`,
      '--address', org.host,
      '--port', String(org.ports.ca),
      '--tls.enabled',
      '--ca.name', caName(org),
      '--csr.cn', caName(org),
      '--csr.hosts', `${org.host},localhost,127.0.0.1`,
    ],
    env: {
      FABRIC_CA_SERVER_HOME: p.caHome,
      FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `${org.host}:${org.ports.caOperations}`,
      FABRIC_CA_SERVER_METRICS_PROVIDER: 'prometheus',
    },
    ports: [
      { host: org.host, port: org.ports.ca, what: `${org.name} CA` },
      { host: org.host, port: org.ports.caOperations, what: `${org.name} CA operations` },
    ],
  };
}

/**
 * Starts the organization's CA. `certificates` sets the lifetime of what it signs before it starts
 * (ca-signing.ts); `env` adds settings for this run only (renewal's ca-renewal.ts).
 */
export async function startCa(home: Home, org: OrgSpec, opts: { certificates?: CertificatePolicy; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  mkdirSync(orgPaths(home, org.name).caHome, { recursive: true });
  await writeCaConfig(orgPaths(home, org.name).caHome, org, caName(org), `admin:${loadSecrets(home, org).bootstrap}`);
  if (opts.certificates) applyCaSigning(orgPaths(home, org.name).caHome, opts.certificates);
  const spec = caProcess(home, org);
  spec.env = { ...spec.env, ...opts.env };
  await startProcess(home, spec);
  await waitFor(`${org.name} CA`, async () => existsSync(caTlsCert(home, org)) && (await httpHealthy(`http://${org.host}:${org.ports.caOperations}/healthz`))
    && tcpOpen(org.host, org.ports.ca), {
    timeoutMs: 60_000,
    alive: () => runningPid(home, spec.name) !== undefined,
    onDead: () => `${notRunningReason(home, spec.name) ?? 'running again'}\n${logTail(home, spec.name)}`,
  });
}

export class CaClient {
  constructor(
    private readonly home: Home,
    private readonly org: OrgSpec,
  ) {}

  private get common(): string[] {
    return ['--caname', caName(this.org), '--tls.certfiles', caTlsCert(this.home, this.org)];
  }

  private url(user?: string, secret?: string): string {
    const auth = user ? `${encodeURIComponent(user)}:${encodeURIComponent(secret ?? '')}@` : '';
    return `https://${auth}${this.org.host}:${this.org.ports.ca}`;
  }

  /** Enrolls `user` into `mspDir`; `identity` (from the topology) decides the subject's names. */
  async enroll(user: string, secret: string, mspDir: string, opts: { tls?: boolean; identity?: IdentitySpec } = {}): Promise<void> {
    const subject = identityNames(this.org, opts.identity);
    const args = ['enroll', '-u', this.url(user, secret), ...this.common, '-M', mspDir, '--csr.names', csrNamesArgument(subject.names)];
    if (subject.serialNumber) args.push('--csr.serialnumber', subject.serialNumber);
    if (opts.tls) args.push('--enrollment.profile', 'tls', '--csr.hosts', `${this.org.host},localhost,127.0.0.1`);
    await run(binary('fabric-ca-client'), args, {
      env: { FABRIC_CA_CLIENT_HOME: path.dirname(mspDir) },
      purpose: `enroll ${user} with the ${this.org.name} CA`,
    });
  }

  async register(name: string, secret: string, type: string, attrs: string | undefined): Promise<void> {
    const registrar = orgPaths(this.home, this.org.name).registrar;
    const args = ['register', '-u', this.url(), ...this.common, '-M', path.join(registrar, 'msp'), '--id.name', name, '--id.secret', secret, '--id.type', type];
    if (attrs) args.push('--id.attrs', attrs);
    try {
      await run(binary('fabric-ca-client'), args, {
        env: { FABRIC_CA_CLIENT_HOME: registrar },
        purpose: `register ${name} with the ${this.org.name} CA`,
      });
    } catch (err) {
      // Re-running after an interrupted set-up: the identity exists, its secret is in secrets.json.
      if (!/already registered/i.test(String((err as Error).message))) throw err;
    }
  }

  /**
   * Re-enrolls the identity whose certificate and key are in `mspDir` (signcerts/, keystore/),
   * authenticating with that certificate (so it must still be valid), with the same subject names
   * and profile as its enrollment. The CA's answer is written into `mspDir`: the new certificate
   * over the old one, a new key next to the old one unless `reuseKey`. Used by renewal.ts.
   */
  async reenroll(user: string, mspDir: string, opts: { tls?: boolean; identity?: IdentitySpec; reuseKey?: boolean } = {}): Promise<void> {
    const subject = identityNames(this.org, opts.identity);
    const args = ['reenroll', '-u', this.url(), ...this.common, '-M', mspDir, '--csr.names', csrNamesArgument(subject.names)];
    if (subject.serialNumber) args.push('--csr.serialnumber', subject.serialNumber);
    if (opts.tls) args.push('--enrollment.profile', 'tls', '--csr.hosts', `${this.org.host},localhost,127.0.0.1`);
    if (opts.reuseKey) args.push('--csr.keyrequest.reusekey');
    await run(binary('fabric-ca-client'), args, {
      env: { FABRIC_CA_CLIENT_HOME: path.dirname(mspDir) },
      purpose: `re-enroll ${user}${opts.tls ? ' (TLS)' : ''} with the ${this.org.name} CA`,
    });
  }

  /**
   * Revokes one certificate (serial and authority key identifier, hex), not the identity: after a
   * key compromise the identity enrolls again with a new key. `reason` is RFC 5280's, in Fabric
   * CA's spelling (keyCompromise, superseded, ...). Used by identity-revocation.ts.
   */
  async revokeCertificate(serial: string, aki: string, reason: string): Promise<void> {
    const registrar = orgPaths(this.home, this.org.name).registrar;
    const args = ['revoke', '-u', this.url(), ...this.common, '-M', path.join(registrar, 'msp'), '-s', serial, '-a', aki, '-r', reason];
    await run(binary('fabric-ca-client'), args, {
      env: { FABRIC_CA_CLIENT_HOME: registrar },
      purpose: `revoke certificate ${serial} at the ${this.org.name} CA`,
    });
  }

  /** The CA's current certificate revocation list (PEM), signed by the CA: every certificate it revoked. */
  async generateCrl(): Promise<string> {
    const registrar = orgPaths(this.home, this.org.name).registrar;
    const mspDir = path.join(registrar, 'msp');
    await run(binary('fabric-ca-client'), ['gencrl', '-u', this.url(), ...this.common, '-M', mspDir], {
      env: { FABRIC_CA_CLIENT_HOME: registrar },
      purpose: `generate the ${this.org.name} CA's certificate revocation list`,
    });
    return readFileSync(path.join(mspDir, 'crls', 'crl.pem'), 'utf8');
  }
}

/** Attributes written into the enrollment certificate, read by the chaincode's access control. */
export function identityAttributes(id: IdentitySpec): string {
  const attrs = [`vanbang.role=${id.role}:ecert`];
  if (id.issuer) attrs.push(`vanbang.issuer=${id.issuer}:ecert`);
  return attrs.join(',');
}

/**
 * Registers and enrolls every identity of the organization that has not been enrolled yet.
 * Safe to re-run: finished identities are skipped, half-finished ones are completed.
 */
export async function enrollOrganization(home: Home, org: OrgSpec): Promise<void> {
  const p = orgPaths(home, org.name);
  const secrets = loadSecrets(home, org);
  const ca = new CaClient(home, org);
  const secretFor = (name: string) => {
    if (!secrets.identities[name]) {
      secrets.identities[name] = randomBytes(18).toString('base64url');
      saveSecrets(home, org, secrets);
    }
    return secrets.identities[name];
  };

  if (!existsSync(path.join(p.registrar, 'msp', 'signcerts'))) {
    await ca.enroll('admin', secrets.bootstrap, path.join(p.registrar, 'msp'));
  }
  writeOrgMsp(p.msp, caCert(home, org));

  const nodes: { dir: string; name: string; type: string }[] = [
    { dir: p.peer, name: `peer0-${org.name.toLowerCase()}`, type: 'peer' },
    { dir: p.orderer, name: `orderer0-${org.name.toLowerCase()}`, type: 'orderer' },
    { dir: p.user('admin'), name: `admin-${org.name.toLowerCase()}`, type: 'admin' },
  ];
  for (const node of nodes) {
    if (existsSync(path.join(node.dir, 'tls', 'server.crt'))) continue;
    const secret = secretFor(node.name);
    await ca.register(node.name, secret, node.type, undefined);
    await ca.enroll(node.name, secret, path.join(node.dir, 'msp'));
    normaliseEnrolledMsp(path.join(node.dir, 'msp'));
    await ca.enroll(node.name, secret, path.join(node.dir, 'tls-msp'), { tls: true });
    extractTlsFiles(path.join(node.dir, 'tls-msp'), path.join(node.dir, 'tls'));
  }

  for (const id of org.identities) await enrollApplicationIdentity(home, org, id);
}

/**
 * Registers (with its vanbang attributes) and enrolls one application identity into
 * users/<name>/msp, unless it is enrolled already; its secret is kept in secrets.json. Also for an
 * identity outside the topology, e.g. a second signing identity of an institution.
 */
export async function enrollApplicationIdentity(home: Home, org: OrgSpec, id: IdentitySpec): Promise<string> {
  const mspDir = path.join(orgPaths(home, org.name).user(id.name), 'msp');
  if (existsSync(path.join(mspDir, 'config.yaml'))) return mspDir;
  const secrets = loadSecrets(home, org);
  if (!secrets.identities[id.name]) {
    secrets.identities[id.name] = randomBytes(18).toString('base64url');
    saveSecrets(home, org, secrets);
  }
  const ca = new CaClient(home, org);
  await ca.register(id.name, secrets.identities[id.name], 'client', identityAttributes(id));
  await ca.enroll(id.name, secrets.identities[id.name], mspDir, { identity: id });
  normaliseEnrolledMsp(mspDir);
  return mspDir;
}
