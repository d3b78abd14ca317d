// The issuer registry through the gateway, against the real test network: reading it (pages,
// filters, history), registering, updating, suspending, reinstating and merging issuers by
// decision with every role (refused by the gateway and, straight at the chaincode, by the
// chaincode), and a school registered by the Hanoi Department that gets a fresh API caller from
// its Department's CA and issues with it — refused while suspended, again after reinstatement,
// and whose register its successor takes over after a merger.
import { collections } from '../../gateway/src/models/collections';
import { thptDiploma } from '../support/gateway-fixtures';
import { errorCode, LedgerClient } from '../support/ledger';
import { TEST_HOME, TEST_PORT_SHIFT, testProfile } from '../support/network';
import { call, enc, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

let gw: TestGateway;
const P = Date.now().toString(36).toUpperCase().slice(-6);
const SCHOOL = `HNA${P}`; // registered by the Hanoi Department; merges into SUCCESSOR
const SUCCESSOR = `HNB${P}`;
const HCMC_SCHOOL = `HCM${P}`; // another Department's school
const UNIVERSITY = `UNI${P}`; // Ministry-hosted
const key = (name: string) => gw.callers[name]!.apiKey;
const decision = (n: number) => ({ number: `${n}/QĐ-SGDĐT`, date: '2026-09-01' });
const school = (code: string, name: string, extra: Record<string, unknown> = {}) => ({
  code, name, kind: 'UPPER_SECONDARY_SCHOOL', diplomaTypes: ['THPT'], validFrom: '2000-01-01', decision: decision(1), ...extra,
});
/** Waits until each caller's own organization's peer has committed the issuer (another caller's write). */
const seenBy = async (code: string, ...callers: string[]) => {
  for (const who of callers) {
    await waitFor(`${code} on the peer of ${who}`, async () => ((await call(gw.url, 'GET', `/api/v1/issuers/${code}`, { key: key(who) })).status === 200 ? true : undefined), 10_000);
  }
};
const diplomaOf = (code: string, name: string, n: number) => ({
  ...thptDiploma(`S${P}`, n), issuerCode: code, issuerName: name, school: name,
});

beforeAll(async () => {
  gw = await startTestGateway('issuer_registry', {
    // The gateway enrolls new issuer identities at the test network's CAs.
    VANBANG_NETWORK_HOME: TEST_HOME, VANBANG_PORT_SHIFT: String(TEST_PORT_SHIFT), VANBANG_PUBLIC_RATE_LIMIT: '100000',
  });
});
afterAll(async () => {
  await gw?.close();
});

describe('reading the registry', () => {
  it('lists issuers from the ledger for ministry-admin, department-admin and auditor, refuses others', async () => {
    for (const reader of ['ministry-admin', 'hanoi-admin', 'hcmc-admin', 'auditor']) {
      const res = await call(gw.url, 'GET', '/api/v1/issuers?pageSize=200', { key: key(reader) });
      expect(res.status).toBe(200);
      expect(res.body.records.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['BKA', 'HN-THPT-001']));
    }
    expect((await call(gw.url, 'GET', '/api/v1/issuers', { key: key('bka-issuer') })).status).toBe(403);
    expect((await call(gw.url, 'GET', '/api/v1/issuers', { key: key('job-exchange') })).status).toBe(403);
    expect((await call(gw.url, 'GET', '/api/v1/issuers')).status).toBe(401);
  });

  it('filters by host Department, kind and status, and pages with the chaincode\'s bookmark', async () => {
    const hanoi = await call(gw.url, 'GET', '/api/v1/issuers?hostMsp=HanoiDoETMSP&pageSize=200', { key: key('auditor') });
    expect(hanoi.body.records.length).toBeGreaterThan(0);
    expect(hanoi.body.records.every((i: { hostMsp: string }) => i.hostMsp === 'HanoiDoETMSP')).toBe(true);
    expect(hanoi.body.records[0].hostOrganization).toMatch(/Hà Nội/);
    const universities = await call(gw.url, 'GET', '/api/v1/issuers?kind=UNIVERSITY&status=ACTIVE&pageSize=200', { key: key('auditor') });
    expect(universities.body.records.map((i: { code: string }) => i.code)).toContain('BKA');
    expect(universities.body.records.every((i: { kind: string }) => i.kind === 'UNIVERSITY')).toBe(true);

    const first = await call(gw.url, 'GET', '/api/v1/issuers?pageSize=1', { key: key('auditor') });
    expect(first.body.records).toHaveLength(1);
    expect(first.body.bookmark).toEqual(expect.any(String));
    const second = await call(gw.url, 'GET', `/api/v1/issuers?pageSize=1&bookmark=${enc(first.body.bookmark)}`, { key: key('auditor') });
    expect(second.status).toBe(200);
    expect(second.body.records[0].code).not.toBe(first.body.records[0].code);

    expect((await call(gw.url, 'GET', '/api/v1/issuers?kind=SCHOOL', { key: key('auditor') })).status).toBe(400);
    expect((await call(gw.url, 'GET', '/api/v1/issuers?pageSize=500', { key: key('auditor') })).status).toBe(400);
    expect((await call(gw.url, 'GET', '/api/v1/issuers?owner=x', { key: key('auditor') })).status).toBe(400);
  });

  it('gives one issuer with its history on the ledger; 404 for an unknown code', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/issuers/BKA', { key: key('hanoi-admin') });
    expect(res.status).toBe(200);
    expect(res.body.issuer).toMatchObject({ code: 'BKA', kind: 'UNIVERSITY', hostMsp: 'MinistryMSP', status: 'ACTIVE' });
    expect(res.body.history[0]).toMatchObject({ type: 'IssuerRegistered', organization: 'MinistryMSP', actorRole: 'ministry-admin', decision: { number: '123/QĐ-BGDĐT' } });
    expect(res.body.history[0].transactionId).toMatch(/^[0-9a-f]{64}$/);
    const unknown = await call(gw.url, 'GET', '/api/v1/issuers/NO-SUCH-ISSUER', { key: key('auditor') });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ISSUER_NOT_FOUND');
    expect((await call(gw.url, 'GET', '/api/v1/issuers/BKA', { key: key('bka-issuer') })).status).toBe(403);
    expect((await call(gw.url, 'GET', '/api/v1/issuers/bad%20code', { key: key('auditor') })).status).toBe(400);
  });
});

describe('registering issuers', () => {
  it('a Department registers its own school (hosted by itself), once; a retry with the Idempotency-Key replays', async () => {
    const headers = { 'Idempotency-Key': `register-${SCHOOL}` };
    const res = await call(gw.url, 'POST', '/api/v1/issuers', { key: key('hanoi-admin'), json: school(SCHOOL, 'Trường THPT Thử Nghiệm A'), headers });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/issuers/${SCHOOL}`);
    expect(res.body.issuer).toMatchObject({ code: SCHOOL, hostMsp: 'HanoiDoETMSP', status: 'ACTIVE', diplomaTypes: ['THPT'], validFrom: '2000-01-01' });
    expect(res.body.transactionId).toMatch(/^[0-9a-f]{64}$/);
    const replay = await call(gw.url, 'POST', '/api/v1/issuers', { key: key('hanoi-admin'), json: school(SCHOOL, 'Trường THPT Thử Nghiệm A'), headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.transactionId).toBe(res.body.transactionId);
    const again = await call(gw.url, 'POST', '/api/v1/issuers', { key: key('hanoi-admin'), json: school(SCHOOL, 'Trường THPT Thử Nghiệm A') });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ISSUER_ALREADY_EXISTS');
    // The mirror has it at once: the public registry entry answers from it.
    expect((await call(gw.url, 'GET', `/api/v1/public/issuers/${SCHOOL}`)).body).toMatchObject({ code: SCHOOL, status: 'ACTIVE' });
  });

  it('the Ministry registers any issuer for any host; another Department registers its own school', async () => {
    const uni = await call(gw.url, 'POST', '/api/v1/issuers', {
      key: key('ministry-admin'),
      json: { code: UNIVERSITY, name: 'Đại học Thử Nghiệm', kind: 'UNIVERSITY', hostMsp: 'MinistryMSP', diplomaTypes: ['CU_NHAN'], decision: decision(2) },
    });
    expect(uni.status).toBe(201);
    expect(uni.body.issuer).toMatchObject({ code: UNIVERSITY, hostMsp: 'MinistryMSP', validFrom: '2026-09-01' });
    const hcmc = await call(gw.url, 'POST', '/api/v1/issuers', { key: key('hcmc-admin'), json: school(HCMC_SCHOOL, 'Trường THPT Thử Nghiệm TP HCM') });
    expect(hcmc.status).toBe(201);
    expect(hcmc.body.issuer.hostMsp).toBe('HcmcDoETMSP');
    await seenBy(HCMC_SCHOOL, 'hanoi-admin', 'ministry-admin');
    await seenBy(SCHOOL, 'hcmc-admin', 'ministry-admin');
  });

  it('refuses what the rule forbids (403) and malformed requests (400) before the ledger', async () => {
    const refuse = async (who: string, body: Record<string, unknown>, status: number, code: string) => {
      const res = await call(gw.url, 'POST', '/api/v1/issuers', { key: key(who), json: body });
      expect({ who, status: res.status, code: res.body.code }).toEqual({ who, status, code });
    };
    await refuse('hanoi-admin', { ...school(`X1${P}`, 'Đại học X'), kind: 'UNIVERSITY', diplomaTypes: ['CU_NHAN'] }, 403, 'FORBIDDEN');
    await refuse('hanoi-admin', school(`X2${P}`, 'Trường X', { hostMsp: 'HcmcDoETMSP' }), 403, 'FORBIDDEN');
    await refuse('auditor', school(`X3${P}`, 'Trường X'), 403, 'FORBIDDEN');
    await refuse('bka-issuer', school(`X4${P}`, 'Trường X'), 403, 'FORBIDDEN');
    await refuse('ministry-admin', school(`X5${P}`, 'Trường X'), 400, 'VALIDATION_FAILED'); // no hostMsp
    await refuse('ministry-admin', school(`X6${P}`, 'Trường X', { hostMsp: 'NowhereMSP' }), 400, 'VALIDATION_FAILED');
    await refuse('hanoi-admin', school(`X7${P}`, 'Trường X', { decision: { number: '', date: '2026-13-01' } }), 400, 'VALIDATION_FAILED');
    await refuse('hanoi-admin', school(`X8${P}`, 'Trường X', { diplomaTypes: ['THPT', 'THPT'] }), 400, 'VALIDATION_FAILED');
    // A type the kind may not issue: the chaincode's rule, its code.
    await refuse('hanoi-admin', school(`X9${P}`, 'Trường X', { diplomaTypes: ['KY_SU'] }), 409, 'DIPLOMA_TYPE_NOT_ALLOWED');
    expect((await call(gw.url, 'GET', `/api/v1/issuers/X1${P}`, { key: key('auditor') })).status).toBe(404);
  });

  it('the chaincode refuses the same, called straight with the Department\'s own identity', async () => {
    const hanoi = new LedgerClient(testProfile(), 'hanoi-admin');
    try {
      const university = { code: `Y1${P}`, name: 'Đại học Y', kind: 'UNIVERSITY', hostMsp: 'HanoiDoETMSP', diplomaTypes: ['CU_NHAN'], decision: decision(3) };
      await expect(hanoi.submit('IssuerRegistry:RegisterIssuer', university, ['MinistryMSP', 'HanoiDoETMSP']).catch((e) => Promise.reject(errorCode(e))))
        .rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
      await expect(hanoi.submit('IssuerRegistry:SuspendIssuer', { code: HCMC_SCHOOL, decision: decision(4) }, ['MinistryMSP', 'HcmcDoETMSP'])
        .catch((e) => Promise.reject(errorCode(e)))).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    } finally {
      hanoi.close();
    }
  });
});

describe('changing issuers: who may', () => {
  it('a Department may not change another Department\'s school or a university; the gateway says so', async () => {
    for (const [path, body] of [['suspensions', { decision: decision(5) }], ['reinstatements', { decision: decision(5) }],
      ['mergers', { successorCode: SCHOOL, decision: decision(5) }], ['callers', {}]] as const) {
      const res = await call(gw.url, 'POST', `/api/v1/issuers/${HCMC_SCHOOL}/${path}`, { key: key('hanoi-admin'), json: body });
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
    const patch = await call(gw.url, 'PATCH', '/api/v1/issuers/BKA', { key: key('hanoi-admin'), json: { name: 'X', decision: decision(5) } });
    expect(patch.status).toBe(403);
    expect(patch.body.detail).toMatch(/upper-secondary schools it hosts/);
    for (const who of ['auditor', 'bka-issuer']) {
      expect((await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/suspensions`, { key: key(who), json: { decision: decision(5) } })).status).toBe(403);
      expect((await call(gw.url, 'PATCH', `/api/v1/issuers/${SCHOOL}`, { key: key(who), json: { name: 'X', decision: decision(5) } })).status).toBe(403);
      expect((await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/callers`, { key: key(who), json: {} })).status).toBe(403);
    }
    const otherDepartment = await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/suspensions`, { key: key('hcmc-admin'), json: { decision: decision(5) } });
    expect(otherDepartment.status).toBe(403);
    expect((await call(gw.url, 'POST', '/api/v1/issuers/NO-SUCH/suspensions', { key: key('ministry-admin'), json: { decision: decision(5) } })).status).toBe(404);
  });

  it('updates name and accreditation by decision; an empty update is a 400', async () => {
    const res = await call(gw.url, 'PATCH', `/api/v1/issuers/${SCHOOL}`, {
      key: key('hanoi-admin'), json: { name: 'Trường THPT Thử Nghiệm A1', validTo: '2040-12-31', decision: decision(6) },
    });
    expect(res.status).toBe(200);
    expect(res.body.issuer).toMatchObject({ name: 'Trường THPT Thử Nghiệm A1', validTo: '2040-12-31', status: 'ACTIVE' });
    expect((await call(gw.url, 'PATCH', `/api/v1/issuers/${SCHOOL}`, { key: key('hanoi-admin'), json: { decision: decision(6) } })).status).toBe(400);
    const ministry = await call(gw.url, 'PATCH', `/api/v1/issuers/${UNIVERSITY}`, { key: key('ministry-admin'), json: { diplomaTypes: ['CU_NHAN', 'THAC_SI'], decision: decision(7) } });
    expect(ministry.status).toBe(200);
    expect(ministry.body.issuer.diplomaTypes).toEqual(['CU_NHAN', 'THAC_SI']);
  });
});

describe('a school registered by its Department issues with a fresh caller', () => {
  let schoolKey: string;
  let diplomaId: string;
  const name = 'Trường THPT Thử Nghiệm A1';

  it('creates the caller: identity from the Department\'s CA, certificate on the ledger, API key shown once', async () => {
    const headers = { 'Idempotency-Key': `caller-${SCHOOL}` };
    const res = await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/callers`, { key: key('hanoi-admin'), json: {}, headers });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'issuer', issuerCode: SCHOOL, mspId: 'HanoiDoETMSP' });
    expect(res.body.apiKey).toMatch(/^vbk_/);
    expect(res.body.certificate.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    schoolKey = res.body.apiKey;
    const replay = await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/callers`, { key: key('hanoi-admin'), json: {}, headers });
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ name: res.body.name, apiKey: null });
    // Only the key's hash is stored, and no answer holds the key.
    expect(JSON.stringify(await collections.idempotency().find({}).toArray())).not.toContain(schoolKey);
    // In the ledger's signing-certificate registry (read through the Ministry's peer: once it has the block).
    await waitFor('the signing certificate on the ledger', async () => {
      const signing = await call(gw.url, 'GET', `/api/v1/public/issuers/${SCHOOL}/signing-certificates`);
      return JSON.stringify(signing.body).includes(res.body.certificate.fingerprint) ? true : undefined;
    }, 10_000);
  });

  it('issues a diploma signed by the school\'s own identity; it may not issue for another school', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/diplomas', { key: schoolKey, json: diplomaOf(SCHOOL, name, 1) });
    expect(res.status).toBe(201);
    diplomaId = res.body.id;
    expect(diplomaId).toBe(`${SCHOOL}:S${P}000001`);
    expect(res.body.document.signature.mspId).toBe('HanoiDoETMSP');
    const verified = await call(gw.url, 'GET', `/api/v1/verify/${res.body.documentHash}`);
    expect(verified.body).toMatchObject({ result: 'VALID', valid: true, signer: { registered: true, status: 'TRUSTED' } });
    const other = await call(gw.url, 'POST', '/api/v1/diplomas', { key: schoolKey, json: thptDiploma(`T${P}`, 1) });
    expect(other.status).toBe(403);
  });

  it('suspended, its next issue is refused by the chaincode (409 ISSUER_SUSPENDED); reinstated, it issues again', async () => {
    const suspended = await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/suspensions`, { key: key('hanoi-admin'), json: { decision: decision(8) } });
    expect(suspended.status).toBe(201);
    expect(suspended.body.issuer.status).toBe('SUSPENDED');
    const twice = await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/suspensions`, { key: key('hanoi-admin'), json: { decision: decision(8) } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_STATE_TRANSITION');
    const refused = await call(gw.url, 'POST', '/api/v1/diplomas', { key: schoolKey, json: diplomaOf(SCHOOL, name, 2) });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ISSUER_SUSPENDED');

    // The Ministry may reinstate any issuer.
    const reinstated = await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/reinstatements`, { key: key('ministry-admin'), json: { decision: decision(9) } });
    expect(reinstated.status).toBe(201);
    expect(reinstated.body.issuer.status).toBe('ACTIVE');
    const again = await call(gw.url, 'POST', '/api/v1/diplomas', { key: schoolKey, json: diplomaOf(SCHOOL, name, 2) });
    expect(again.status).toBe(201);
  });

  it('a merger moves custody: the successor corrects and revokes the predecessor\'s diploma; the predecessor issues nothing', async () => {
    const successorName = 'Trường THPT Thử Nghiệm B';
    expect((await call(gw.url, 'POST', '/api/v1/issuers', { key: key('hanoi-admin'), json: school(SUCCESSOR, successorName) })).status).toBe(201);
    const successorCaller = await call(gw.url, 'POST', `/api/v1/issuers/${SUCCESSOR}/callers`, { key: key('hanoi-admin'), json: {} });
    expect(successorCaller.status).toBe(201);
    const successorKey: string = successorCaller.body.apiKey;

    // Not into another Department's school: refused by the gateway, and by the chaincode.
    const across = await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/mergers`, { key: key('hanoi-admin'), json: { successorCode: HCMC_SCHOOL, decision: decision(10) } });
    expect(across.status).toBe(403);
    const hanoi = new LedgerClient(testProfile(), 'hanoi-admin');
    try {
      await expect(hanoi.submit('IssuerRegistry:MergeIssuer', { code: SCHOOL, successorCode: HCMC_SCHOOL, decision: decision(10) }, ['MinistryMSP', 'HanoiDoETMSP'])
        .catch((e) => Promise.reject(errorCode(e)))).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    } finally {
      hanoi.close();
    }

    const merged = await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/mergers`, { key: key('hanoi-admin'), json: { successorCode: SUCCESSOR, decision: decision(11) } });
    expect(merged.status).toBe(201);
    expect(merged.body.issuer).toMatchObject({ status: 'MERGED', successorCode: SUCCESSOR });

    const corrected = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(diplomaId)}/corrections`, {
      key: successorKey, json: { changes: { fullName: 'Trần Thị Hoa Mới' }, reason: 'CIVIL_STATUS_CHANGE', decision: decision(12) },
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body.version).toBe(2);
    expect((await call(gw.url, 'POST', `/api/v1/diplomas/${enc(diplomaId)}/corrections`, {
      key: schoolKey, json: { changes: { fullName: 'Trần Thị Hoa Khác' }, reason: 'CIVIL_STATUS_CHANGE', decision: decision(13) },
    })).status).toBe(403);
    const revoked = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(diplomaId)}/revocations`, { key: successorKey, json: { ground: 'ISSUER_ERROR', decision: decision(14) } });
    expect(revoked.status).toBe(201);
    expect(revoked.body.status).toBe('REVOKED');

    const issue = await call(gw.url, 'POST', '/api/v1/diplomas', { key: schoolKey, json: diplomaOf(SCHOOL, name, 3) });
    expect(issue.status).toBe(409);
    expect(issue.body.code).toBe('ISSUER_MERGED');
    // A merged record is final.
    const reinstate = await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/reinstatements`, { key: key('ministry-admin'), json: { decision: decision(15) } });
    expect(reinstate.body.code).toBe('ISSUER_MERGED');
    expect((await call(gw.url, 'POST', `/api/v1/issuers/${SCHOOL}/callers`, { key: key('hanoi-admin'), json: {} })).body.code).toBe('ISSUER_MERGED');
  });

  it('the record\'s history on the ledger tells every decision; every call is in the audit log', async () => {
    const res = await call(gw.url, 'GET', `/api/v1/issuers/${SCHOOL}`, { key: key('auditor') });
    expect(res.body.history.map((h: { type: string; change: string | null }) => h.change ?? h.type))
      .toEqual(['IssuerRegistered', 'UPDATED', 'SUSPENDED', 'REINSTATED', 'MERGED']);
    expect(res.body.history.map((h: { decision: { number: string } }) => h.decision.number)).toEqual(['1/QĐ-SGDĐT', '6/QĐ-SGDĐT', '8/QĐ-SGDĐT', '9/QĐ-SGDĐT', '11/QĐ-SGDĐT']);
    expect(res.body.history[3]).toMatchObject({ organization: 'MinistryMSP', actorRole: 'ministry-admin' });
    // The audit log is written after the response.
    await new Promise((r) => setTimeout(r, 300));
    const actions = (await collections.auditLog().find({ resourceId: SCHOOL }).toArray()).map((a) => `${a.action} ${a.caller} ${a.status}`);
    expect(actions).toEqual(expect.arrayContaining([
      'issuer.register hanoi-admin 201', 'issuer.update hanoi-admin 200', 'issuer.suspend hanoi-admin 201', 'issuer.reinstate ministry-admin 201',
      'issuer.merge hanoi-admin 201', 'issuer.caller.create hanoi-admin 201', 'issuer.read auditor 200',
      // Refused by the gateway's rule after authentication: logged with its 403.
      'issuer.suspend hcmc-admin 403',
    ]));
  });
});

it('documents every endpoint in the OpenAPI document, with its roles', async () => {
  const doc = (await call(gw.url, 'GET', '/api/docs')).body;
  expect(Object.keys(doc.paths['/api/v1/issuers'])).toEqual(expect.arrayContaining(['get', 'post']));
  expect(Object.keys(doc.paths['/api/v1/issuers/{code}'])).toEqual(expect.arrayContaining(['get', 'patch']));
  for (const sub of ['suspensions', 'reinstatements', 'mergers', 'callers']) {
    expect(doc.paths[`/api/v1/issuers/{code}/${sub}`].post['x-roles']).toEqual(['ministry-admin', 'department-admin']);
  }
});
