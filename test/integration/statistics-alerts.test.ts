// National statistics and alerts through the gateway, against the real test network: the test
// registers its own issuers (fresh codes, so other tests' diplomas do not count), issues,
// corrects, reissues, revokes and sends batches through the API, and checks that
// GET /statistics/* equals a count made from the ledger (ListByIssuer), as JSON and CSV; that a
// Department sees only its own schools (403 for another host); that the numbers are refused
// (503 STATISTICS_NOT_READY) while the index rebuilds and come back the same; and that each alert
// rule fires on its case and not on a normal day (low thresholds set for this gateway).
import { thptDiploma } from '../support/gateway-fixtures';
import { TEST_HOME, TEST_PORT_SHIFT } from '../support/network';
import { clearRefusals } from '../../gateway/src/alerts/refusal-log';
import { call, enc, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

let gw: TestGateway;
const P = Date.now().toString(36).toUpperCase().slice(-6);
const A = `STA${P}`; // Hanoi school: a spike and a revocation burst
const B = `STB${P}`; // Ho Chi Minh City school: a normal day, then suspended and refused
const C = `STC${P}`; // Hanoi school: batches
const MINE = [A, B, C];
const HOST: Record<string, string> = { [A]: 'HanoiDoETMSP', [B]: 'HcmcDoETMSP', [C]: 'HanoiDoETMSP' };
const decision = (n: number) => ({ number: `${n}/QĐ-SGDĐT`, date: '2026-09-01' });
const key = (name: string) => gw.callers[name]!.apiKey;
const issuerKeys: Record<string, string> = {};
const diplomaOf = (code: string, n: number, extra: Record<string, unknown> = {}) => ({
  ...thptDiploma(`S${P}`, n), issuerCode: code, issuerName: `Trường THPT ${code}`, school: `Trường THPT ${code}`, ...extra,
});

interface LedgerDiploma {
  diplomaId: string; hostMsp: string; issuerCode: string; diplomaType: string; graduationYear: number; status: string;
  supersedes: string | null; revocation: { ground: string } | null; decisions: { event: string }[];
}

/** Every diploma of the test's issuers, from the ledger (ListByIssuer, all pages). */
async function ledgerDiplomas(): Promise<LedgerDiploma[]> {
  const out: LedgerDiploma[] = [];
  for (const issuerCode of MINE) {
    let bookmark = '';
    do {
      const page = await gw.runtime.ctx.ledger.evaluate<{ records: LedgerDiploma[]; bookmark: string }>('ListByIssuer', { issuerCode, pageSize: 200, bookmark });
      out.push(...page.records);
      bookmark = page.bookmark;
    } while (bookmark);
  }
  return out;
}

const tally = (keys: string[]) => keys.reduce<Record<string, number>>((t, k) => ({ ...t, [k]: (t[k] ?? 0) + 1 }), {});

async function expectStatisticsMatchLedger(): Promise<void> {
  const ledger = await ledgerDiplomas();
  const cube = tally(ledger.map((d) => [d.hostMsp, d.issuerCode, d.diplomaType, d.graduationYear, d.status].join('|')));
  const events = tally(ledger.flatMap((d) => [
    `${d.issuerCode}|${d.supersedes ? 'REISSUED' : 'ISSUED'}|`,
    ...d.decisions.filter((x) => x.event === 'DiplomaCorrected').map(() => `${d.issuerCode}|CORRECTED|`),
    ...(d.revocation ? [`${d.issuerCode}|REVOKED|${d.revocation.ground}`] : []),
  ]));
  await waitFor('statistics equal to the ledger', async () => {
    const diplomas = await call(gw.url, 'GET', `/api/v1/statistics/diplomas?groupBy=host,issuer,type,graduationYear,status&issuer=${MINE.join(',')}`, { key: key('ministry-admin') });
    const ev = await call(gw.url, 'GET', `/api/v1/statistics/events?groupBy=issuer,type,ground&issuer=${MINE.join(',')}`, { key: key('ministry-admin') });
    if (diplomas.status !== 200 || ev.status !== 200) return undefined;
    const gotCube = Object.fromEntries(diplomas.body.rows.map((r: Record<string, string>) => [[r.host, r.issuer, r.type, r.graduationYear, r.status].join('|'), r.count]));
    const gotEvents = Object.fromEntries(ev.body.rows.map((r: Record<string, string>) => [[r.issuer, r.type, r.ground].join('|'), r.count]));
    return JSON.stringify(gotCube) === JSON.stringify(sorted(cube)) && JSON.stringify(gotEvents) === JSON.stringify(sorted(events)) ? true : undefined;
  }, 30_000).catch(async (err: Error) => {
    const diplomas = await call(gw.url, 'GET', `/api/v1/statistics/diplomas?groupBy=host,issuer,type,graduationYear,status&issuer=${MINE.join(',')}`, { key: key('ministry-admin') });
    throw new Error(`${err.message}: ledger ${JSON.stringify(cube)}, statistics ${JSON.stringify(diplomas.body)}`);
  });
}
const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

async function alerts(who = 'ministry-admin'): Promise<{ rule: string; subject: { kind: string; issuerCode: string | null; hostMsp: string | null; batchId: string | null }; observed: number; threshold: number; firstSeen: string; lastSeen: string }[]> {
  const res = await call(gw.url, 'GET', '/api/v1/alerts', { key: key(who) });
  expect(res.status).toBe(200);
  return res.body.alerts;
}
const about = (list: Awaited<ReturnType<typeof alerts>>, rule: string, issuer: string | null) => list.filter((a) => a.rule === rule && a.subject.issuerCode === issuer);

async function issue(code: string, n: number, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call(gw.url, 'POST', '/api/v1/diplomas', { key: issuerKeys[code], json: diplomaOf(code, n, extra) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function batch(code: string, rows: Record<string, unknown>[]): Promise<string> {
  const res = await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: issuerKeys[code], json: rows });
  expect(res.status).toBe(202);
  const id = res.body.id as string;
  await waitFor(`batch ${id} completed`, async () => ((await call(gw.url, 'GET', `/api/v1/diploma-batches/${id}`, { key: issuerKeys[code] })).body.status === 'COMPLETED' ? true : undefined), 60_000);
  return id;
}

/** Waits until the index has applied every block the ledger has now (so rules read the latest counts). */
async function indexCaughtUp(): Promise<void> {
  const height = await gw.runtime.ctx.ledger.height();
  expect(await gw.runtime.ctx.statusIndex!.waitForBlock(height - 1, 20_000)).toBe(true);
}

beforeAll(async () => {
  gw = await startTestGateway('statistics_alerts', {
    VANBANG_NETWORK_HOME: TEST_HOME, VANBANG_PORT_SHIFT: String(TEST_PORT_SHIFT), VANBANG_PUBLIC_RATE_LIMIT: '100000',
    VANBANG_ALERT_ISSUANCE_MIN_PER_DAY: '3', VANBANG_ALERT_ISSUANCE_FACTOR: '2',
    VANBANG_ALERT_REVOCATIONS_PER_HOUR: '3', VANBANG_ALERT_ISSUER_REVOCATIONS_PER_HOUR: '2',
    VANBANG_ALERT_BATCH_MIN_ROWS: '5', VANBANG_ALERT_BATCH_REJECTED_PERCENT: '20',
  });
  for (const code of MINE) {
    const reg = await call(gw.url, 'POST', '/api/v1/issuers', {
      key: key('ministry-admin'),
      json: { code, name: `Trường THPT ${code}`, kind: 'UPPER_SECONDARY_SCHOOL', hostMsp: HOST[code], diplomaTypes: ['THPT'], validFrom: '2000-01-01', decision: decision(1) },
    });
    expect(reg.status).toBe(201);
    const caller = await call(gw.url, 'POST', `/api/v1/issuers/${code}/callers`, { key: key('ministry-admin'), json: {} });
    expect(caller.status).toBe(201);
    issuerKeys[code] = caller.body.apiKey;
  }
  await waitFor('the status index live', async () => (gw.runtime.statusIndex?.isLive ? true : undefined), 60_000);
});
afterAll(async () => {
  await gw?.close();
});

describe('statistics', () => {
  it('count what the ledger holds after issues, a correction, a reissue and revocations', async () => {
    const a = [];
    for (let n = 1; n <= 3; n++) a.push(await issue(A, n));
    for (let n = 11; n <= 12; n++) await issue(B, n);
    const fix = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(a[0]!)}/corrections`, {
      key: issuerKeys[A], json: { changes: { fullName: 'Lê Thị Sửa' }, reason: 'CIVIL_STATUS_CHANGE', decision: decision(2) },
    });
    expect(fix.status).toBe(201);
    const reissued = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(a[1]!)}/reissues`, {
      key: issuerKeys[A], json: { serialNumber: `R${P}000002`, registerEntryNumber: `R${P}/000002`, dateOfSigning: '2026-07-15', decision: decision(3) },
    });
    expect(reissued.status).toBe(201);
    const revoked = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(`${B}:S${P}000011`)}/revocations`, { key: key('ministry-admin'), json: { ground: 'FRAUD', decision: decision(4) } });
    expect(revoked.status).toBe(201);
    await expectStatisticsMatchLedger();
  });

  it('answer CSV for ?format=csv and for Accept: text/csv', async () => {
    const q = `/api/v1/statistics/diplomas?groupBy=issuer,status&issuer=${A},${B}`;
    const json = await call(gw.url, 'GET', q, { key: key('ministry-admin') });
    const csv = await call(gw.url, 'GET', `${q}&format=csv`, { key: key('ministry-admin') });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = String(csv.body).trimEnd().split('\r\n');
    expect(lines[0]).toBe('issuer,status,count');
    expect(lines.slice(1)).toEqual(json.body.rows.map((r: Record<string, string>) => `${r.issuer},${r.status},${r.count}`));
    const accepted = await call(gw.url, 'GET', `/api/v1/statistics/events?groupBy=type&issuer=${A}`, { key: key('ministry-admin'), headers: { accept: 'text/csv' } });
    expect(accepted.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(String(accepted.body).split('\r\n')[0]).toBe('type,count');
  });

  it('a Department sees only its own schools; another host is 403; other roles are refused', async () => {
    const hanoi = await call(gw.url, 'GET', `/api/v1/statistics/diplomas?groupBy=host,issuer&issuer=${MINE.join(',')}`, { key: key('hanoi-admin') });
    expect(hanoi.status).toBe(200);
    expect(hanoi.body.rows.map((r: { issuer: string }) => r.issuer)).toEqual([A]);
    expect(hanoi.body.rows.every((r: { host: string }) => r.host === 'HanoiDoETMSP')).toBe(true);
    const hcmcEvents = await call(gw.url, 'GET', `/api/v1/statistics/events?groupBy=issuer,type&issuer=${MINE.join(',')}`, { key: key('hcmc-admin') });
    expect(hcmcEvents.body.rows.every((r: { issuer: string }) => r.issuer === B)).toBe(true);
    const other = await call(gw.url, 'GET', '/api/v1/statistics/diplomas?host=HcmcDoETMSP', { key: key('hanoi-admin') });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await call(gw.url, 'GET', '/api/v1/statistics/diplomas?host=HanoiDoETMSP', { key: key('hanoi-admin') })).status).toBe(200);
    for (const who of ['bka-issuer', 'auditor', 'job-exchange']) expect((await call(gw.url, 'GET', '/api/v1/statistics/diplomas', { key: key(who) })).status).toBe(403);
    expect((await call(gw.url, 'GET', '/api/v1/statistics/events')).status).toBe(401);
    expect((await call(gw.url, 'GET', '/api/v1/alerts', { key: key('bka-issuer') })).status).toBe(403);
    expect((await call(gw.url, 'GET', '/api/v1/statistics/diplomas?groupBy=colour', { key: key('ministry-admin') })).status).toBe(400);
    expect((await call(gw.url, 'GET', '/api/v1/statistics/events?month=2026-13', { key: key('ministry-admin') })).status).toBe(400);
  });
});

describe('alerts', () => {
  it('issuance spike: not at the threshold, fires above it; a normal day (B) does not', async () => {
    await indexCaughtUp();
    // A: 3 issued today, threshold max(3, 2 × 0) = 3: not above it.
    expect(about(await alerts(), 'issuance_spike', A)).toEqual([]);
    await issue(A, 4);
    await indexCaughtUp();
    const list = await alerts();
    expect(about(list, 'issuance_spike', A)).toMatchObject([{ observed: 4, threshold: 3, subject: { kind: 'issuer', hostMsp: 'HanoiDoETMSP' } }]);
    expect(about(list, 'issuance_spike', B)).toEqual([]);
  });

  it('revocation burst: per issuer above the limit and nationally; one revocation (B) is a normal day', async () => {
    expect(about(await alerts(), 'revocation_burst', A)).toEqual([]);
    for (const id of [`${A}:S${P}000003`, `${A}:S${P}000004`, `${A}:R${P}000002`]) {
      expect((await call(gw.url, 'POST', `/api/v1/diplomas/${enc(id)}/revocations`, { key: issuerKeys[A], json: { ground: 'ISSUER_ERROR', decision: decision(5) } })).status).toBe(201);
    }
    await indexCaughtUp();
    const list = await alerts();
    expect(about(list, 'revocation_burst', A)).toMatchObject([{ observed: 3, threshold: 2 }]);
    expect(about(list, 'revocation_burst', B)).toEqual([]);
    const national = list.find((x) => x.rule === 'revocation_burst' && x.subject.kind === 'national');
    expect(national?.observed).toBeGreaterThanOrEqual(4);
    await expectStatisticsMatchLedger();
  });

  it('issuance by a suspended issuer: counted when the ledger refuses it; not for an active one', async () => {
    expect(about(await alerts(), 'inactive_issuer_issuance', B)).toEqual([]);
    expect((await call(gw.url, 'POST', `/api/v1/issuers/${B}/suspensions`, { key: key('ministry-admin'), json: { decision: decision(6) } })).status).toBe(201);
    const refused = await call(gw.url, 'POST', '/api/v1/diplomas', { key: issuerKeys[B], json: diplomaOf(B, 13) });
    expect(refused.body.code).toBe('ISSUER_SUSPENDED');
    const list = await alerts();
    expect(about(list, 'inactive_issuer_issuance', B)).toMatchObject([{ observed: 1, threshold: 1, subject: { hostMsp: 'HcmcDoETMSP' } }]);
    expect(about(list, 'inactive_issuer_issuance', A)).toEqual([]);
  });

  it('a batch with a high share of rejected rows fires; a clean batch does not', async () => {
    const clean = await batch(C, [21, 22, 23, 24, 25].map((n) => diplomaOf(C, n)));
    const bad = await batch(C, [31, 32, 33, 34].map((n) => diplomaOf(C, n)).concat([35, 36].map((n) => diplomaOf(C, n, { dateOfBirth: 'not a date' }))));
    const list = await alerts();
    const batches = list.filter((x) => x.rule === 'batch_rejections' && x.subject.issuerCode === C);
    expect(batches.map((x) => x.subject.batchId)).toEqual([bad]);
    expect(batches[0]).toMatchObject({ threshold: 0.2, subject: { hostMsp: 'HanoiDoETMSP' } });
    expect(batches[0]!.observed).toBeCloseTo(2 / 6);
    void clean;
  });

  it('a Department sees the alerts about its own issuers only; the metrics count them', async () => {
    const hanoi = await alerts('hanoi-admin');
    expect(hanoi.length).toBeGreaterThan(0);
    expect(hanoi.every((x) => x.subject.hostMsp === 'HanoiDoETMSP')).toBe(true);
    expect(hanoi.some((x) => x.subject.issuerCode === B || x.subject.kind === 'national')).toBe(false);
    const hcmc = await alerts('hcmc-admin');
    expect(about(hcmc, 'inactive_issuer_issuance', B)).toHaveLength(1);
    const metrics = await call(gw.url, 'GET', '/metrics');
    expect(String(metrics.body)).toMatch(/vanbang_gateway_alerts_active\{rule="revocation_burst"\} [1-9]/);
    expect(String(metrics.body)).toMatch(/vanbang_gateway_alert_events_total\{rule="batch_rejections"\} [1-9]/);
  });
});

describe('while the index rebuilds', () => {
  it('answers 503 STATISTICS_NOT_READY with its progress, then the same numbers once rebuilt', async () => {
    const before = await call(gw.url, 'GET', `/api/v1/statistics/events?groupBy=issuer,type,ground&issuer=${MINE.join(',')}`, { key: key('ministry-admin') });
    gw.runtime.statusIndex!.requestRebuild('test: recount from block 0');
    const building = await call(gw.url, 'GET', '/api/v1/statistics/diplomas', { key: key('ministry-admin') });
    expect(building.status).toBe(503);
    expect(building.body).toMatchObject({ code: 'STATISTICS_NOT_READY', progress: { live: false } });
    await waitFor('the rebuilt index live', async () => (gw.runtime.statusIndex?.isLive ? true : undefined), 120_000);
    const after = await call(gw.url, 'GET', `/api/v1/statistics/events?groupBy=issuer,type,ground&issuer=${MINE.join(',')}`, { key: key('ministry-admin') });
    expect(after.body.rows).toEqual(before.body.rows);
    await expectStatisticsMatchLedger();
  });
});

describe('after a restart', () => {
  it('still lists the refusal and rejected-batch alerts, which no block records', async () => {
    const before = (await alerts()).filter((x) => x.rule === 'inactive_issuer_issuance' || x.rule === 'batch_rejections');
    expect(before.length).toBeGreaterThanOrEqual(2);
    await gw.close();
    clearRefusals(); // what a new process would hold: nothing
    gw = await startTestGateway('statistics_alerts', {
      VANBANG_NETWORK_HOME: TEST_HOME, VANBANG_PORT_SHIFT: String(TEST_PORT_SHIFT), VANBANG_PUBLIC_RATE_LIMIT: '100000',
      VANBANG_ALERT_BATCH_MIN_ROWS: '5', VANBANG_ALERT_BATCH_REJECTED_PERCENT: '20',
    });
    const after = (await alerts()).filter((x) => x.rule === 'inactive_issuer_issuance' || x.rule === 'batch_rejections');
    const shape = (list: typeof before) => list.map((x) => JSON.stringify([x.rule, x.subject, x.observed])).sort();
    expect(shape(after)).toEqual(shape(before));
  });
});

