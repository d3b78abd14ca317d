// Certificate renewal without downtime, end to end: a network of its own (the Ministry and one
// Department) whose CAs issue certificates that live 3½ minutes, and an in-process gateway that
// reloads renewed identities every 2 s. Diplomas are issued and verified through the HTTP API
// without pause while every certificate is renewed twice: first all at once, as
// `npm run network:renew -- --force` does, then by the background renewer that `npm start` runs
// (checking every 5 s, renewing within 2 min of expiry) when they come due. No request may fail,
// the nodes restart one at a time, and diplomas signed with a certificate since replaced verify.
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../gateway/src/config';
import { createRuntime, type GatewayRuntime } from '../../gateway/src/runtime';
import {
  certificateStatus, connectionProfilePath, networkDown, ordererProcessName, peerProcessName,
  readJournal, renewCertificates, RENEWER_PROCESS, runningPid, tcpOpen, type CertificateStatus, type NetworkContext, type RenewedEntry,
  type RestartEntry,
} from '../../network/src';
import { startIsolatedNetwork } from '../support/isolated-network';
import { startRenewer } from '../../scripts/lib/renewer-process';
import { bkaDiploma, thptDiploma } from '../support/gateway-fixtures';
import { TEST_HOME, TEST_PORT_SHIFT } from '../support/network';
import { call, readCallers, sleep, type Reply } from './gateway-helpers';

const HOME = `${TEST_HOME}-renewal`;
const SHIFT = TEST_PORT_SHIFT + 1000;
const CERTIFICATES = { lifetime: '3m30s', renewBefore: '2m', reuseKeys: false, checkEvery: '5s' };
/** Every certificate renewed this many times, at least. */
const RENEWALS = 2;
const P = `N${Date.now().toString(36).toUpperCase().slice(-5)}`;

let ctx: NetworkContext;
let runtime: GatewayRuntime | undefined;
let server: Server | undefined;
let url: string;
let keys: Record<string, string>;


beforeAll(async () => {
  // The Ministry and Hanoi, with short-lived certificates.
  ctx = await startIsolatedNetwork({ home: HOME, portShift: SHIFT, organizations: ['Ministry', 'HanoiDoET'], certificates: CERTIFICATES });
  try {
    const base = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${ctx.topology.services.database.port}/`;
    const db = new URL(base);
    db.pathname = '/certificate_renewal';
    const gatewayHome = path.join(HOME, 'gateway');
    runtime = await createRuntime(loadConfig({
      PORT: '13999', VANBANG_HOME: gatewayHome, VANBANG_CONNECTION_PROFILE: connectionProfilePath(ctx.home), MONGODB_URI: db.toString(),
      LOG_LEVEL: 'warn', VANBANG_PUBLIC_RATE_LIMIT: '100000', VANBANG_IDENTITY_RELOAD_SECONDS: '2',
    }), { log: pino({ level: 'warn' }) });
    server = runtime.app.listen(0, '127.0.0.1');
    await new Promise((r) => server!.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    keys = Object.fromEntries(Object.entries(readCallers(gatewayHome)).map(([name, c]) => [name, c.apiKey]));
  } catch (err) {
    await networkDown(ctx, () => {});
    throw err;
  }
}, 240_000);

afterAll(async () => {
  if (server) await new Promise((r) => server!.close(r));
  await runtime?.close();
  if (ctx) await networkDown(ctx, () => {});
}, 120_000);

interface Issued {
  id: string;
  documentHash: string;
  document: { signature: { certificatePem: string } };
  issuer: string;
  at: number;
}

/** The peers' and orderers' names and ports, to watch which are down. */
function nodes(): { name: string; host: string; port: number }[] {
  return ctx.topology.organizations.flatMap((o) => [
    { name: peerProcessName(o), host: o.host, port: o.ports.peer },
    { name: ordererProcessName(o), host: o.host, port: o.ports.orderer },
  ]);
}

/** Every 200 ms, which nodes have no running process or no open port: the most seen down at once. */
function watchNodes(): { stop(): Promise<number> } {
  let most = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const down = await Promise.all(nodes().map(async (n) => !runningPid(ctx.home, n.name) || !(await tcpOpen(n.host, n.port, 500))));
      most = Math.max(most, down.filter(Boolean).length);
      await sleep(200);
    }
  })();
  return { stop: async () => { running = false; await loop; return most; } };
}

function renewalsOf(entries: RenewedEntry[], c: CertificateStatus): number {
  return entries.filter((e) => e.org === c.org && e.label === c.what).length;
}

test(`issuing and verifying never fail while every certificate is renewed ${RENEWALS} times`, async () => {
  const started = Date.now();
  const initial = certificateStatus(ctx);
  // Per organization: CA TLS, registrar, peer and orderer (enrollment and TLS each), org admin (both), its identities.
  expect(initial.length).toBe(ctx.topology.organizations.reduce((n, o) => n + 8 + o.identities.length, 0));
  const watcher = watchNodes();
  const failures: string[] = [];
  const issued: Issued[] = [];
  let requests = 0;
  const expectOk = (what: string, res: Reply, status: number, check: (body: Record<string, unknown>) => boolean = () => true) => {
    requests++;
    if (res.status !== status || !check(res.body)) failures.push(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  };
  const verifyDocument = async (d: Issued, what: string) => {
    const byHash = await call(url, 'GET', `/api/v1/verify/${d.documentHash}`);
    expectOk(`${what}: verify ${d.id} by hash`, byHash, 200, (b) => b.result === 'VALID');
    const posted = await call(url, 'POST', '/api/v1/verify', { json: d.document });
    expectOk(`${what}: verify ${d.id}'s document`, posted, 200, (b) => {
      const signature = b.signature as { ok: boolean; chainsToTrustedCa: boolean; matchesLedger?: boolean | null };
      return b.result === 'VALID' && b.valid !== false && signature.ok && signature.chainsToTrustedCa && signature.matchesLedger !== false;
    });
  };

  const done = () => {
    const journal = readJournal(ctx.home).filter((e): e is RenewedEntry => e.type === 'renewed');
    return initial.every((c) => renewalsOf(journal, c) >= RENEWALS) && !existsSync(path.join(ctx.home.run, 'renewal.lock'));
  };
  let stop = false;
  /** Issue, verify it, verify an earlier one: without pause, until `stop`. */
  const traffic = async () => {
    for (let n = 1; !stop; n++) {
      const hanoi = n % 2 === 0;
      const res = await call(url, 'POST', '/api/v1/diplomas', { key: keys[hanoi ? 'hn-thpt-001-issuer' : 'bka-issuer'], json: hanoi ? thptDiploma(P, n) : bkaDiploma(P, n) });
      expectOk(`issue #${n}`, res, 201);
      if (res.status === 201) {
        const d: Issued = { ...(res.body as Issued), issuer: hanoi ? 'hn-thpt-001-issuer' : 'bka-issuer', at: Date.now() };
        issued.push(d);
        await verifyDocument(d, 'new');
        // And one of the earlier diplomas, signed with a certificate that may have been replaced since.
        await verifyDocument(issued[Math.floor(Math.random() * issued.length)]!, 'earlier');
      }
    }
  };
  let mostDown: number;
  const running = traffic();
  try {
    await sleep(5_000);
    // The first renewal: every certificate, now (npm run network:renew -- --force).
    const log = (line: string) => writeFileSync(path.join(HOME, 'forced-renewal.log'), `${new Date().toISOString()} ${line}\n`, { flag: 'a' });
    const forced = await renewCertificates(ctx, { force: true, log });
    expect(forced.renewed).toBe(initial.length);
    // The second: by the renewer, as they come due (about 90 s later).
    await startRenewer(ctx);
    while (!done()) {
      if (Date.now() - started > 330_000) throw new Error(`not every certificate was renewed ${RENEWALS} times in 5½ minutes: ${JSON.stringify(readJournal(ctx.home).slice(-3))}`);
      await sleep(1_000);
    }
  } finally {
    stop = true;
    await running;
    mostDown = await watcher.stop();
  }
  const journal = readJournal(ctx.home);
  const renewals = journal.filter((e): e is RenewedEntry => e.type === 'renewed');
  const restarts = journal.filter((e): e is RestartEntry => e.type === 'restart');

  // No request failed, and there were many of them across the renewals.
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThan(50);

  // Every certificate was renewed (twice), with another serial and a later expiry.
  const now = certificateStatus(ctx);
  const unchanged = initial.filter((c) => {
    const after = now.find((a) => a.org === c.org && a.what === c.what);
    return renewalsOf(renewals, c) < RENEWALS || !after || after.serial === c.serial || after.notAfter <= c.notAfter;
  }).map((c) => `${c.org} ${c.what}`);
  expect(unchanged).toEqual([]);
  // The orderers kept their TLS keys (the Raft consenter set knows them by it); the rest changed keys.
  expect(renewals.filter((e) => e.role === 'orderer-tls').every((e) => e.sameKey)).toBe(true);
  expect(renewals.filter((e) => e.role === 'identity').every((e) => !e.sameKey)).toBe(true);

  // Each node restarted once per renewal of its certificates, never two at the same time.
  for (const node of nodes()) expect(restarts.filter((r) => `${r.kind}-${r.org}` === node.name).length).toBeGreaterThanOrEqual(RENEWALS);
  const spans = restarts.map((r) => [Date.parse(r.stoppedAt), Date.parse(r.healthyAt)] as const).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  expect(mostDown).toBeLessThanOrEqual(1);

  // New diplomas carry the issuers' current certificates; the first ones, a certificate since
  // replaced (twice), and they verify all the same.
  const current = (name: string) => readFileSync(JSON.parse(readFileSync(connectionProfilePath(ctx.home), 'utf8')).identities.find((i: { name: string }) => i.name === name).certPath, 'utf8');
  const last = issued.filter((d) => d.issuer === 'bka-issuer').at(-1)!;
  expect(last.document.signature.certificatePem).toBe(current('bka-issuer'));
  const first = issued[0]!;
  expect(first.document.signature.certificatePem).not.toBe(current(first.issuer));
  await verifyDocument(first, 'first');
  expect(failures).toEqual([]);
  // The renewer is still running, for the next renewals.
  expect(runningPid(ctx.home, RENEWER_PROCESS)).toBeDefined();
  process.stdout.write(`certificate renewal: ${requests} requests, ${issued.length} diplomas, ${renewals.length} renewals, ${restarts.length} restarts in ${Math.round((Date.now() - started) / 1000)} s\n`);
}, 400_000);
