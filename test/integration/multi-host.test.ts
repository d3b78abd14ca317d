// Multi-host mode (network/src/hosts, docs/network.md "Multi-host mode"): a network of its own in
// which every organization — CA, peer, orderer, chaincode server, and the Toxiproxy in front of its
// peer and orderer — runs in a Linux network namespace of its own, and the gateway (a process, not
// in this test's process) with FerretDB in one more; the test talks to them through the bridge.
//
// Faults, each bounded in time and undone in `finally` (and again in afterAll):
//   - a Department cut off (its veth down): issuance for the Ministry's university (BKA) and the
//     other Department's school (HN-THPT-001) and verification go on; healed, the cut peer catches
//     up to the same height and answers the same about every diploma issued meanwhile;
//   - 100 ms ± 20 ms on every chunk each way between hosts, 1 % of connections reset, and a tbf
//     bandwidth limit on every link: issue, batch and verify still work; the commit latency is
//     measured against the same network without them.
import { readlinkSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  addOrganization, clearWan, cutOff, heal, networkContext, networkDown, peerCli, peerLedgerHeight, removeHosts, REPO_ROOT, runningPid, setBandwidth, setWan,
  type NetworkContext, type OrgSpec,
} from '../../network/src';
import { gatewayUrl, startGateway } from '../../scripts/lib/gateway-process';
import { bkaDiploma, csvCohort, thptDiploma } from '../support/gateway-fixtures';
import { startIsolatedNetwork } from '../support/isolated-network';
import { readCallers } from './gateway-helpers';

const HOME = path.join(REPO_ROOT, 'var', 'test-multihost');
const SHIFT = 17000;
const CUT = 'HcmcDoET';
const P = `M${Date.now().toString(36).toUpperCase().slice(-5)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let ctx: NetworkContext;
let url: string;
let keys: Record<string, string>;
const figures: Record<string, number | string> = {};

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

/** One HTTP call to the gateway, never longer than `timeoutMs`. */
async function call(method: string, pathname: string, opts: { key?: string; json?: unknown; csv?: string; timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<Reply> {
  const started = Date.now();
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  } else if (opts.csv !== undefined) {
    body = opts.csv;
    headers['content-type'] = 'text/csv';
  }
  try {
    const res = await fetch(url + pathname, { method, headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 90_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, ms: Date.now() - started };
  } catch (err) {
    return { status: 0, body: String(err), ms: Date.now() - started };
  }
}

interface Issued {
  id: string;
  documentHash: string;
  ms: number;
}

let serial = 0;
/** 503 LEDGER_UNAVAILABLE answers that a retry (same Idempotency-Key, as the API documents) turned into a diploma. */
const retried: string[] = [];
/** Diplomas whose first answer was a 503 but whose transaction committed (found by the retry's 409). */
const committedDespite503: string[] = [];

/**
 * Issues one diploma. The gateway answers 503 LEDGER_UNAVAILABLE ("retry later") when the ledger
 * did not take a transaction within its own retries (45 s); an issuer's client retries then, with
 * the same Idempotency-Key, at most twice: counted in `retried`, a failure after that.
 */
async function issue(kind: 'bka' | 'thpt', failures: string[]): Promise<Issued | undefined> {
  const n = ++serial;
  const headers = { 'idempotency-key': `${P}-${n}` };
  let res: Reply | undefined;
  let ms = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    res = await call('POST', '/api/v1/diplomas', {
      key: keys[kind === 'bka' ? 'bka-issuer' : 'hn-thpt-001-issuer'],
      json: kind === 'bka' ? bkaDiploma(P, n) : thptDiploma(P, n),
      headers,
    });
    ms += res.ms;
    // 409 IDEMPOTENCY_KEY_IN_USE: the first attempt's transaction may still commit; its answer comes to a later retry.
    if (res.status !== 503 && !(res.status === 409 && res.body?.code === 'IDEMPOTENCY_KEY_IN_USE')) break;
    retried.push(`${kind} #${n} after ${res.ms} ms`);
  }
  // A 503 whose transaction committed all the same. Since a 5xx whose change may still commit keeps
  // its Idempotency-Key, the retry gets the issuance's 201; before, it was refused as a duplicate
  // serial. Kept as a fallback, and counted (committedDespite503) in the figures.
  if (res!.status === 409 && res!.body?.code === 'DUPLICATE_SERIAL_NUMBER' && retried.some((r) => r.startsWith(`${kind} #${n} `))) {
    const rec = await call('GET', `/api/v1/diplomas/${encodeURIComponent(res!.body.diplomaId)}`, { key: keys.auditor });
    if (rec.status === 200 && rec.body.state === 'COMMITTED') {
      committedDespite503.push(res!.body.diplomaId);
      return { id: res!.body.diplomaId, documentHash: rec.body.documentHash, ms };
    }
  }
  if (res!.status !== 201) {
    failures.push(`issue ${kind} #${n}: ${res!.status} ${JSON.stringify(res!.body).slice(0, 300)}`);
    return undefined;
  }
  return { id: res!.body.id, documentHash: res!.body.documentHash, ms };
}

async function verify(d: Issued, failures: string[]): Promise<number> {
  const res = await call('GET', `/api/v1/verify/${d.documentHash}`);
  if (res.status !== 200 || res.body.result !== 'VALID') failures.push(`verify ${d.id}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.ms;
}

function org(name: string): OrgSpec {
  return ctx.topology.organizations.find((o) => o.name === name)!;
}

async function heights(): Promise<Record<string, number | undefined>> {
  const entries = await Promise.all(ctx.topology.organizations.map(async (o) => [o.name, await peerLedgerHeight(o, ctx.topology.channel)] as const));
  return Object.fromEntries(entries);
}

/** What the chaincode's VerifyHash answers on one organization's own peer (Fabric's CLI, as its admin). */
async function verifyOnPeer(orgName: string, documentHash: string): Promise<string> {
  const out = await peerCli(ctx.home, org(orgName), [
    'chaincode', 'query', '-C', ctx.topology.channel, '-n', ctx.topology.chaincode.name, '-c', JSON.stringify({ Args: ['VerifyHash', JSON.stringify({ documentHash })] }),
  ], `VerifyHash on the ${orgName} peer`);
  return out.trim();
}

const pctl = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

function netnsOf(name: string): string {
  const pid = runningPid(ctx.home, name);
  if (!pid) throw new Error(`${name} does not run`);
  return readlinkSync(`/proc/${pid}/ns/net`);
}

async function undoFaults(): Promise<void> {
  if (!ctx?.hosts) return;
  await clearWan(ctx).catch(() => undefined);
  for (const o of ctx.topology.organizations) {
    await heal(ctx, o.name).catch(() => undefined);
    await setBandwidth(ctx, o.name, undefined).catch(() => undefined);
  }
}

beforeAll(async () => {
  const started = Date.now();
  ctx = await startIsolatedNetwork({ home: HOME, portShift: SHIFT, hosts: 'netns' });
  figures.networkUpSeconds = Math.round((Date.now() - started) / 100) / 10;
  try {
    await startGateway(ctx);
    url = gatewayUrl(ctx);
    keys = Object.fromEntries(Object.entries(readCallers(ctx.home.root)).map(([name, c]) => [name, c.apiKey]));
  } catch (err) {
    await networkDown(ctx, () => {});
    await removeHosts(ctx);
    throw err;
  }
}, 300_000);

afterAll(async () => {
  await undoFaults();
  if (ctx) {
    await networkDown(ctx, () => {});
    await removeHosts(ctx);
  }
  process.stdout.write(`multi-host figures: ${JSON.stringify(figures)}\n`);
}, 120_000);

test('every organization runs in a namespace of its own, with certificates naming its address; the gateway and FerretDB in another', () => {
  const root = readlinkSync('/proc/self/ns/net');
  const seen = new Set<string>([root]);
  for (const o of ctx.topology.organizations) {
    const h = ctx.hosts!.hosts.find((x) => x.key === o.name)!;
    expect(o.host).toBe(h.address);
    const ns = netnsOf(`peer-${o.name}`);
    expect(seen.has(ns)).toBe(false);
    seen.add(ns);
    for (const p of [`ca-${o.name}`, `orderer-${o.name}`, `chaincode-${o.name}`, `wanproxy-${o.name}`]) expect(netnsOf(p)).toBe(ns);
    const san = readFileSync(path.join(ctx.home.network, 'orgs', o.name, 'peer', 'tls', 'server.crt'));
    expect(san.length).toBeGreaterThan(0);
  }
  const services = netnsOf('gateway');
  expect(seen.has(services)).toBe(false);
  expect(netnsOf('ferretdb')).toBe(services);
  expect(url).toBe(`http://${ctx.hosts!.hosts.find((h) => h.key === 'services')!.address}:${ctx.topology.services.gateway.port}`);
});

test(`${CUT} cut off: issuance for BKA and HN-THPT-001 and verification go on; healed, its peer catches up to the same height and state`, async () => {
  const failures: string[] = [];
  const before = [await issue('bka', failures), await issue('thpt', failures)].filter((d): d is Issued => !!d);
  for (const d of before) await verify(d, failures);
  expect(failures).toEqual([]);
  const during: Issued[] = [];
  let cutAt = 0;
  try {
    cutAt = Date.now();
    await cutOff(ctx, CUT);
    // At least 45 s of traffic while it is off, and at least 3 diplomas of each issuer (bounded: 150 s):
    // both issuers in turn, each diploma verified, an earlier one too.
    const count = (prefix: string) => during.filter((d) => d.id.startsWith(prefix)).length;
    while (Date.now() - cutAt < 45_000 || ((count('BKA:') < 3 || count('HN-THPT-001:') < 3) && Date.now() - cutAt < 150_000)) {
      for (const kind of ['bka', 'thpt'] as const) {
        const d = await issue(kind, failures);
        if (d) {
          during.push(d);
          await verify(d, failures);
          await verify(before[Math.floor(Math.random() * before.length)]!, failures);
        }
      }
    }
    expect(await peerLedgerHeight(org(CUT), ctx.topology.channel)).toBeUndefined(); // unreachable, as it should be
  } finally {
    await heal(ctx, CUT);
  }
  const healedAt = Date.now();
  figures.partitionSeconds = Math.round((healedAt - cutAt) / 1000);
  figures.issuedDuringPartition = during.length;
  figures.issueMsDuringPartitionP50 = pctl(during.map((d) => d.ms), 50);
  figures.issueMsDuringPartitionMax = Math.max(...during.map((d) => d.ms));
  figures.issueMsDuringPartition = during.map((d) => `${d.id.split(':')[0]} ${d.ms}`).join(', ');
  figures.retriedDuringPartition = retried.join('; ') || 'none';
  figures.committedDespite503 = committedDespite503.join(', ') || 'none';
  expect(failures).toEqual([]);
  expect(during.filter((d) => d.id.startsWith('BKA:')).length).toBeGreaterThanOrEqual(3);
  expect(during.filter((d) => d.id.startsWith('HN-THPT-001:')).length).toBeGreaterThanOrEqual(3);

  // The cut peer catches up: same height as the others (bounded: 3 minutes).
  let caughtUp: Record<string, number | undefined> | undefined;
  const atHeal = await heights();
  figures.heightsAtHeal = JSON.stringify(atHeal);
  while (Date.now() - healedAt < 180_000) {
    const h = await heights();
    const values = Object.values(h);
    if (values.every((v) => v !== undefined && v === values[0])) {
      caughtUp = h;
      break;
    }
    await sleep(250);
  }
  expect(caughtUp).toBeDefined();
  figures.catchUpSeconds = Math.round((Date.now() - healedAt) / 100) / 10;
  figures.heightAfterCatchUp = caughtUp![CUT]!;

  // Same state: the cut peer answers VerifyHash for every diploma issued while it was off exactly as the Ministry's peer does.
  for (const d of during) {
    const onCut = await verifyOnPeer(CUT, d.documentHash);
    expect(JSON.parse(onCut)).toMatchObject({ found: true, status: 'VALID', documentHash: d.documentHash });
    expect(onCut).toBe(await verifyOnPeer('Ministry', d.documentHash));
  }
  // And it endorses again: issuance and verification still work with every organization back.
  const after = await issue('thpt', failures);
  if (after) await verify(after, failures);
  expect(failures).toEqual([]);
}, 480_000);

test('100 ms ± 20 ms each way between hosts, 1 % of connections reset, 100 Mbit/s links: issue, batch and verify work; commit latency measured', async () => {
  const failures: string[] = [];
  const ROUNDS = 10;
  // Baseline on the same network, without the faults.
  const base: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const d = await issue(i % 2 ? 'thpt' : 'bka', failures);
    if (d) base.push(d.ms);
  }
  const slow: number[] = [];
  const verifyMs: number[] = [];
  let batch: Reply | undefined;
  const faultStarted = Date.now();
  try {
    await setWan(ctx, { latencyMs: 100, jitterMs: 20, resetShare: 0.01, resetAfterMs: 0 });
    for (const o of ctx.topology.organizations) await setBandwidth(ctx, o.name, '100mbit');
    for (let i = 0; i < ROUNDS; i++) {
      const d = await issue(i % 2 ? 'thpt' : 'bka', failures);
      if (d) {
        slow.push(d.ms);
        verifyMs.push(await verify(d, failures));
      }
    }
    // A batch of 50 rows, committed through the same slow links (bounded: 3 minutes).
    const accepted = await call('POST', '/api/v1/diploma-batches', { key: keys['bka-issuer'], csv: [...csvCohort(`${P}B`, 500, 50)].join('') });
    expect(accepted.status).toBe(202);
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      batch = await call('GET', `/api/v1/diploma-batches/${accepted.body.id}`, { key: keys['bka-issuer'] });
      if (batch.body?.status === 'COMPLETED') break;
      await sleep(1_000);
    }
    figures.batch50Seconds = Math.round((Date.now() - faultStarted) / 1000);
  } finally {
    await undoFaults();
  }
  expect(failures).toEqual([]);
  expect(batch?.body).toMatchObject({ status: 'COMPLETED', total: 50, committed: 50, failed: 0 });
  const row = await call('GET', `/api/v1/diplomas/${encodeURIComponent(`BKA:${P}B000525`)}`, { key: keys.auditor });
  expect(row.body).toMatchObject({ state: 'COMMITTED', status: 'VALID' });
  expect((await call('GET', `/api/v1/verify/${row.body.documentHash}`)).body.result).toBe('VALID');
  figures.commitMsBaselineP50 = pctl(base, 50);
  figures.commitMsBaselineMax = Math.max(...base);
  figures.commitMsWanP50 = pctl(slow, 50);
  figures.commitMsWanMax = Math.max(...slow);
  figures.verifyMsWanP50 = pctl(verifyMs, 50);
  expect(slow.length).toBe(ROUNDS);
  // The latency is really there: each commit crosses several host-to-host round trips.
  expect(pctl(slow, 50)).toBeGreaterThan(pctl(base, 50) + 200);
}, 420_000);

test('a fourth Department joins in multi-host mode, on a host of its own, while verification goes on; its school issues', async () => {
  // Declared in the topology file the network (and the gateway's CA enrollment) reads.
  const file = ctx.source!.topologyFile;
  const declared = parse(readFileSync(file, 'utf8')) as { organizations: unknown[] };
  declared.organizations.push({
    name: 'DaNangDoET', mspId: 'DaNangDoETMSP', displayName: 'Sở Giáo dục và Đào tạo Đà Nẵng', province: 'Đà Nẵng', kind: 'department', host: '127.0.0.1',
    ports: { peer: 7400, peerChaincode: 7401, peerOperations: 7402, orderer: 7403, ordererAdmin: 7404, ordererOperations: 7405, ca: 7406, caOperations: 7407, chaincodeServer: 7408, chaincodeServerStandby: 7409 },
    identities: [{ name: 'danang-admin', role: 'department-admin' }],
  });
  writeFileSync(file, stringify(declared));
  const withNewcomer = networkContext({ home: HOME, portShift: SHIFT, topologyFile: file });
  expect(withNewcomer.pending?.map((o) => o.name)).toEqual(['DaNangDoET']);

  const issued: Issued[] = [];
  const failures: string[] = [];
  for (let n = 1; n <= 3; n++) {
    const d = await issue('bka', failures);
    if (d) issued.push(d);
  }
  let stop = false;
  let verified = 0;
  const load = (async () => {
    for (let i = 0; !stop; i++) {
      await verify(issued[i % issued.length]!, failures);
      verified++;
      await sleep(100);
    }
  })();
  let change;
  try {
    change = await addOrganization(withNewcomer, 'DaNangDoET', () => {});
  } finally {
    stop = true;
    await load;
  }
  figures.orgAddNetnsSeconds = Math.round(change.totalMs / 100) / 10;
  figures.verifiedDuringOrgAdd = verified;
  expect(failures).toEqual([]);
  const joined = networkContext({ home: HOME, portShift: SHIFT, topologyFile: file });
  const newcomer = joined.topology.organizations.find((o) => o.name === 'DaNangDoET')!;
  expect(newcomer.host).toBe(joined.hosts!.hosts.find((h) => h.key === 'DaNangDoET')!.address);
  // Its own namespace, not any other organization's.
  const others = new Set(ctx.topology.organizations.map((o) => netnsOf(`peer-${o.name}`)));
  expect(others.has(netnsOf('peer-DaNangDoET'))).toBe(false);
  expect(netnsOf('orderer-DaNangDoET')).toBe(netnsOf('peer-DaNangDoET'));
  const all = await Promise.all(joined.topology.organizations.map((o) => peerLedgerHeight(o, joined.topology.channel)));
  expect(Math.min(...(all as number[]))).toBeGreaterThanOrEqual(Math.max(...(all as number[])) - 2);

  // The gateway (a process of its own) took it up on SIGHUP: its admin has a demo caller.
  const danang = await waitUntil(async () => readCallers(ctx.home.root)['danang-admin']?.apiKey, 30_000);
  const school = `DN-${P}`;
  const reg = await call('POST', '/api/v1/issuers', {
    key: danang,
    json: { code: school, name: 'Trường THPT Phan Châu Trinh', kind: 'UPPER_SECONDARY_SCHOOL', diplomaTypes: ['THPT'], validFrom: '2000-01-01', decision: { number: '1/QĐ-SGDĐT', date: '2026-09-01' } },
  });
  expect(reg.status).toBe(201);
  const caller = await waitUntil(async () => {
    const r = await call('POST', `/api/v1/issuers/${school}/callers`, { key: danang, json: {} });
    return r.status === 201 ? r.body.apiKey as string : undefined;
  }, 60_000);
  const res = await call('POST', '/api/v1/diplomas', {
    key: caller, json: { ...thptDiploma(`${P}D`, 1), issuerCode: school, issuerName: 'Trường THPT Phan Châu Trinh', school: 'Trường THPT Phan Châu Trinh' },
  });
  expect(res.status).toBe(201);
  expect(res.body.document.signature.mspId).toBe('DaNangDoETMSP');
  expect((await call('GET', `/api/v1/verify/${res.body.documentHash}`)).body.result).toBe('VALID');
}, 420_000);

async function waitUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(500);
  }
}
