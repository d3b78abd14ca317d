// One Fabric CA per organization. It issues every identity of that organization: the peer's and
// orderer's enrollment and TLS certificates, the organization admin, and the application
// identities (issuers, department and Ministry admins, auditors) with the attributes the chaincode
// checks (vanbang.role, vanbang.issuer) embedded in their certificates.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './exec';
import { httpHealthy, tcpOpen, waitFor } from './health';
import { extractTlsFiles, normaliseEnrolledMsp, writeOrgMsp } from './msp';
import { type Home, orgPaths } from './paths';
import { logTail, runningPid, startProcess, type ProcessSpec } from './processes';
import { binary } from './tools';
import type { IdentitySpec, OrgSpec } from './topology';

export const caProcessName = (org: OrgSpec) => `ca-${org.name}`;
const caName = (org: OrgSpec) => `ca-${org.name.toLowerCase()}`;

interface Secrets {
  bootstrap: string;
  identities: Record<string, string>;
}

function secretsFile(home: Home, org: OrgSpec): string {
  return path.join(orgPaths(home, org.name).caHome, 'secrets.json');
}

/** Passwords are random per installation and kept only in the (git-ignored) CA home. */
function loadSecrets(home: Home, org: OrgSpec): Secrets {
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

export async function startCa(home: Home, org: OrgSpec): Promise<void> {
  mkdirSync(orgPaths(home, org.name).caHome, { recursive: true });
  const spec = caProcess(home, org);
  await startProcess(home, spec);
  await waitFor(`${org.name} CA`, async () => existsSync(caTlsCert(home, org)) && (await httpHealthy(`http://${org.host}:${org.ports.caOperations}/healthz`))
    && tcpOpen(org.host, org.ports.ca), {
    timeoutMs: 60_000,
    alive: () => runningPid(home, spec.name) !== undefined,
    onDead: () => logTail(home, spec.name),
  });
}

class CaClient {
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

  async enroll(user: string, secret: string, mspDir: string, opts: { tls?: boolean } = {}): Promise<void> {
    const args = ['enroll', '-u', this.url(user, secret), ...this.common, '-M', mspDir];
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

  for (const id of org.identities) {
    const dir = p.user(id.name);
    if (existsSync(path.join(dir, 'msp', 'config.yaml'))) continue;
    const secret = secretFor(id.name);
    await ca.register(id.name, secret, 'client', identityAttributes(id));
    await ca.enroll(id.name, secret, path.join(dir, 'msp'));
    normaliseEnrolledMsp(path.join(dir, 'msp'));
  }
}
