// The statistics counters kept by the status index equal a count made from the ledger's final
// state: the chaincode runs in its test harness, each transaction's writes are applied to a real
// LMDB index as one block (as the peer's blocks are), through issue (single and batch),
// correction, reissue, revocation and a copy, over several months; then every diploma record of
// the harness's world state is counted by hand and compared with the counters' answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bkaDiploma, demoHarness, MINISTRY_ADMIN, schoolItem, type Harness, type Identity, BKA_ISSUER, HN_SCHOOL, HANOI_ADMIN } from '../../chaincode/test/support/harness';
import { createTestCa, issueCertificate } from '../../chaincode/test/support/test-certificates';
import { counterChanges } from '../src/statistics/counter-changes';
import { countDiplomas, countEvents } from '../src/statistics/statistics-queries';
import { IndexStore } from '../src/status-index/index-store';
import { stateRecordOf, type IndexedDiploma, type StateRecord } from '../src/status-index/state-records';
import { evaluateAlerts } from '../src/alerts/alert-book';
import { loadAlertConfig } from '../src/alerts/alert-config';
import { clearRefusals, noteBatchOutcome, noteRefusedIssuance } from '../src/alerts/refusal-log';
import { issuanceSpikes, revocationBursts } from '../src/alerts/counter-rules';
import type { GatewayContext } from '../src/services/context';

const D = { number: '9/QĐ-BGDĐT', date: '2026-07-02' };
let dir: string;
let store: IndexStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'statistics-'));
  store = IndexStore.open(dir, 'vanbang', 'vanbang').store;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Submits and applies the transaction's writes as the next block (one transaction per block, as after ordering). */
function chain(h: Harness, firstBlock: number): (name: string, who: Identity, request: unknown) => Promise<void> {
  let block = firstBlock;
  return async (name, who, request) => {
    const outcome = await h.submit(name, who, request);
    const records: StateRecord[] = [];
    for (const [key, value] of outcome.stub.writes) {
      const r = stateRecordOf(key, value ?? null);
      if (r) records.push(r);
    }
    expect(store.applyBlock(block, `b${block}`, records)).toBe(true);
    block++;
  };
}

interface LedgerDiploma {
  hostMsp: string; issuerCode: string; diplomaType: string; graduationYear: number; status: string; supersedes: string | null; issuedAt: string;
  revocation: { ground: string; timestamp: string } | null; decisions: { event: string; timestamp: string }[];
}

function ledgerDiplomas(h: Harness): LedgerDiploma[] {
  return [...h.ledger.state.entries()].filter(([k]) => k.startsWith('\u0000vb.diploma\u0000')).map(([, v]) => JSON.parse(v.toString('utf8')) as LedgerDiploma);
}

function tally(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

async function signer(name: string, issuer: string, base: Identity, h: Harness, registrar: Identity): Promise<Identity> {
  const ca = await createTestCa();
  const cert = await issueCertificate(ca, { name, attrs: { 'vanbang.role': 'issuer', 'vanbang.issuer': issuer } });
  await h.submit('SigningCertificates:RegisterSigningCertificate', registrar, { issuerCode: issuer, certificatePem: cert.pem });
  return { ...base, certificatePem: cert.pem };
}

describe('statistics counters', () => {
  it('equal a count made from the ledger after issue, batch issue, correction, reissue, revocation and a copy', async () => {
    const h = await demoHarness();
    const bka = await signer('bka-issuer', 'BKA', BKA_ISSUER, h, MINISTRY_ADMIN);
    const school = await signer('hn-issuer', 'HN-THPT-001', HN_SCHOOL, h, HANOI_ADMIN);
    // The harness's set-up (issuers, certificates) as block 0.
    const setup: StateRecord[] = [...h.ledger.state.entries()].map(([k, v]) => stateRecordOf(k, v)).filter((r): r is StateRecord => r !== null);
    expect(store.applyBlock(0, 'b0', setup)).toBe(true);
    const next = chain(h, 1);

    const a = bkaDiploma();
    const b = bkaDiploma({ diplomaType: 'CU_NHAN', graduationYear: 2025 });
    const c = bkaDiploma();
    for (const d of [a, b, c]) await next('IssueDiploma', bka, d);
    await next('IssueDiplomas', school, { issuerCode: 'HN-THPT-001', diplomas: [1, 2, 3, 4].map((i) => schoolItem(i)) });
    h.nextSeconds += 40 * 86_400; // into August
    await next('CorrectDiploma', bka, { diplomaId: `BKA:${a.serialNumber}`, documentHash: 'c'.repeat(64), decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' });
    await next('CorrectDiploma', bka, { diplomaId: `BKA:${a.serialNumber}`, documentHash: 'd'.repeat(64), decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' });
    await next('ReissueDiploma', bka, { diplomaId: `BKA:${b.serialNumber}`, serialNumber: 'KS2026/R1', documentHash: 'e'.repeat(64), registerEntryNumber: '2026/KS/R1', dateOfSigning: '2026-06-30', decision: D });
    await next('RecordCopy', bka, { diplomaId: `BKA:${c.serialNumber}`, copies: 2 });
    h.nextSeconds += 40 * 86_400; // into September
    await next('RevokeDiploma', MINISTRY_ADMIN, { diplomaId: `BKA:${c.serialNumber}`, ground: 'FRAUD', decision: D });
    await next('RevokeDiploma', school, { diplomaId: 'HN-THPT-001:THPT2026/00002', ground: 'ISSUER_ERROR', decision: D });
    await next('RevokeDiploma', MINISTRY_ADMIN, { diplomaId: 'BKA:KS2026/R1', ground: 'FRAUD', decision: D });

    const ledger = ledgerDiplomas(h);
    expect(ledger).toHaveLength(8);
    const byCube = tally(ledger.map((d) => [d.hostMsp, d.issuerCode, d.diplomaType, d.graduationYear, d.status].join('|')));
    const counted = countDiplomas(store, { groupBy: ['host', 'issuer', 'type', 'graduationYear', 'status'], filters: {} });
    expect(Object.fromEntries(counted.map((r) => [[r.host, r.issuer, r.type, r.graduationYear, r.status].join('|'), r.count]))).toEqual(byCube);

    const month = (t: string) => new Date(t).toISOString().slice(0, 7);
    const events = ledger.flatMap((d) => [
      [d.hostMsp, d.issuerCode, d.supersedes ? 'REISSUED' : 'ISSUED', month(d.issuedAt), ''].join('|'),
      ...d.decisions.filter((x) => x.event === 'DiplomaCorrected').map((x) => [d.hostMsp, d.issuerCode, 'CORRECTED', month(x.timestamp), ''].join('|')),
      ...(d.revocation ? [[d.hostMsp, d.issuerCode, 'REVOKED', month(d.revocation.timestamp), d.revocation.ground].join('|')] : []),
    ]);
    const countedEvents = countEvents(store, { groupBy: ['host', 'issuer', 'type', 'month', 'ground'], filters: {} });
    expect(Object.fromEntries(countedEvents.map((r) => [[r.host, r.issuer, r.type, r.month, r.ground].join('|'), r.count]))).toEqual(tally(events));

    // Spot checks of the answers a reader asks for.
    expect(countDiplomas(store, { groupBy: ['status'], filters: {} })).toEqual([
      { status: 'REVOKED', count: 3 }, { status: 'SUPERSEDED', count: 1 }, { status: 'VALID', count: 4 },
    ]);
    expect(countDiplomas(store, { groupBy: ['issuer'], filters: { host: ['HanoiDoETMSP'] } })).toEqual([{ issuer: 'HN-THPT-001', count: 4 }]);
    expect(countEvents(store, { groupBy: ['ground'], filters: { type: ['REVOKED'] } })).toEqual([{ ground: 'FRAUD', count: 2 }, { ground: 'ISSUER_ERROR', count: 1 }]);
    expect(countEvents(store, { groupBy: ['type'], filters: {}, monthRange: { from: '2026-08', to: '2026-08' } })).toEqual([
      { type: 'CORRECTED', count: 2 }, { type: 'REISSUED', count: 1 },
    ]);
  });

  it('reads the previous record inside the block: an issue and a revocation of one diploma in one block count both', () => {
    const issued = diploma({});
    const revoked = diploma({ status: 'REVOKED', revocation: { ground: 'FRAUD', decision: D, timestamp: '2026-07-01T10:00:00.000Z' }, lastEvent: { type: 'DiplomaRevoked', txId: 't2', timestamp: '2026-07-01T10:00:00.000Z' } });
    store.applyBlock(0, 'a', [{ kind: 'diploma', diplomaId: issued.diplomaId, diploma: issued }, { kind: 'diploma', diplomaId: issued.diplomaId, diploma: revoked }]);
    expect(countDiplomas(store, { groupBy: ['status'], filters: {} })).toEqual([{ status: 'REVOKED', count: 1 }]);
    expect(countEvents(store, { groupBy: ['type'], filters: {} })).toEqual([{ type: 'ISSUED', count: 1 }, { type: 'REVOKED', count: 1 }]);
    // A block already applied changes nothing: counts never double.
    expect(store.applyBlock(0, 'a', [{ kind: 'diploma', diplomaId: 'X:2', diploma: { ...issued, diplomaId: 'X:2' } }])).toBe(false);
    expect(countDiplomas(store, { groupBy: [], filters: {} })).toEqual([{ count: 1 }]);
  });

  it('counts no event for the same transaction written again, or for a copy', () => {
    const d = diploma({});
    expect(counterChanges(d, d)).toEqual([]);
    expect(counterChanges(d, { ...d, lastEvent: { type: 'CopyRecorded', txId: 't9', timestamp: d.lastEvent.timestamp } })).toEqual([]);
  });
});

function diploma(over: Partial<IndexedDiploma>): IndexedDiploma {
  return {
    diplomaId: 'X:1', hostMsp: 'HanoiDoETMSP', documentHash: 'a'.repeat(64), version: 1, status: 'VALID', diplomaType: 'THPT', graduationYear: 2026, issuerCode: 'X',
    supersedes: null, supersededBy: null, revocation: null, lastEvent: { type: 'DiplomaIssued', txId: 't1', timestamp: '2026-07-01T09:00:00.000Z' }, ...over,
  };
}

describe('alert rules', () => {
  const config = loadAlertConfig({ VANBANG_ALERT_ISSUANCE_MIN_PER_DAY: '5', VANBANG_ALERT_ISSUANCE_FACTOR: '3', VANBANG_ALERT_REVOCATIONS_PER_HOUR: '4', VANBANG_ALERT_ISSUER_REVOCATIONS_PER_HOUR: '2' });
  const now = Date.parse('2026-07-20T12:00:00.000Z');
  let block = 0;
  const apply = (ds: IndexedDiploma[]) => store.applyBlock(block++, `b${block}`, ds.map((d) => ({ kind: 'diploma' as const, diplomaId: d.diplomaId, diploma: d })));
  const issuedOn = (issuer: string, day: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => diploma({
    diplomaId: `${issuer}:${day}-${from + i}`, issuerCode: issuer, lastEvent: { type: 'DiplomaIssued', txId: `${issuer}${day}${from + i}`, timestamp: `${day}T08:00:00.000Z` },
  }));
  beforeEach(() => { block = 0; });

  it('issuance spike: fires above max(floor, factor × 30-day mean), not on a normal day', () => {
    // A usual 2 a day for 30 days (mean 2 → threshold max(5, 6) = 6).
    for (let d = 1; d <= 30; d++) apply(issuedOn('REG', new Date(now - d * 86_400_000).toISOString().slice(0, 10), 2));
    apply(issuedOn('REG', '2026-07-20', 6));
    expect(issuanceSpikes(store, config, now)).toEqual([]);
    apply(issuedOn('REG', '2026-07-20', 1, 6));
    expect(issuanceSpikes(store, config, now)).toMatchObject([{ rule: 'issuance_spike', subject: { issuerCode: 'REG', hostMsp: 'HanoiDoETMSP' }, observed: 7, threshold: 6 }]);
    // A new issuer with no history: the floor alone.
    apply(issuedOn('NEW', '2026-07-20', 5));
    expect(issuanceSpikes(store, config, now).map((f) => f.subject.issuerCode)).toEqual(['REG']);
  });

  it('revocation burst: fires above the hourly limits, nationally and per issuer; revocations older than an hour do not count', () => {
    const revoke = (issuer: string, i: number, at: string) => {
      const [d] = issuedOn(issuer, '2026-07-01', 1, i);
      apply([d!, { ...d!, status: 'REVOKED', revocation: { ground: 'FRAUD', decision: D, timestamp: at }, lastEvent: { type: 'DiplomaRevoked', txId: `r${issuer}${i}`, timestamp: at } }]);
    };
    for (let i = 0; i < 5; i++) revoke('OLD', i, '2026-07-20T10:30:00.000Z'); // two hours ago
    revoke('A', 0, '2026-07-20T11:10:00.000Z');
    revoke('A', 1, '2026-07-20T11:50:00.000Z');
    revoke('B', 0, '2026-07-20T11:59:00.000Z');
    expect(revocationBursts(store, config, now)).toEqual([]);
    revoke('A', 2, '2026-07-20T12:00:00.000Z');
    revoke('B', 1, '2026-07-20T11:30:00.000Z');
    expect(revocationBursts(store, config, now)).toMatchObject([
      { subject: { kind: 'national' }, observed: 5, threshold: 4 },
      { subject: { kind: 'issuer', issuerCode: 'A' }, observed: 3, threshold: 2 },
    ]);
  });

  it('refused issuance and rejected batches: listed with first and last seen, and dropped after the hold time', () => {
    clearRefusals();
    const ctx = { config: { alerts: { ...config, holdMs: 60_000 } }, statusIndex: null } as unknown as GatewayContext;
    expect(evaluateAlerts(ctx, now)).toEqual([]);
    noteBatchOutcome({ batchId: 'ok', issuerCode: 'A', hostMsp: 'M', committed: 81, failed: 19, startedAt: new Date(now) }, config, now);
    noteBatchOutcome({ batchId: 'small', issuerCode: 'A', hostMsp: 'M', committed: 10, failed: 30, startedAt: new Date(now) }, config, now);
    expect(evaluateAlerts(ctx, now)).toEqual([]);
    noteBatchOutcome({ batchId: 'bad', issuerCode: 'A', hostMsp: 'M', committed: 40, failed: 10, startedAt: new Date(now) }, config, now);
    noteRefusedIssuance('S', 'H', 'ISSUER_SUSPENDED', 1, now);
    const first = evaluateAlerts(ctx, now);
    expect(first.map((a) => [a.rule, a.observed])).toEqual(expect.arrayContaining([['batch_rejections', 0.2], ['inactive_issuer_issuance', 1]]));
    noteRefusedIssuance('S', 'H', 'ISSUER_SUSPENDED', 2, now + 1_000);
    const again = evaluateAlerts(ctx, now + 1_000).find((a) => a.rule === 'inactive_issuer_issuance');
    expect(again).toMatchObject({ observed: 3, firstSeen: new Date(now).toISOString(), lastSeen: new Date(now + 1_000).toISOString() });
    expect(evaluateAlerts(ctx, now + 120_000)).toEqual([]);
  });
});
