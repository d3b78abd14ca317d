// The gateway API end to end against the real test network and FerretDB: issue, verify (hash,
// document, hidden fields, PDF), correct, copy, reissue, revoke, history, lookup, reconciliation,
// roles, error codes and Idempotency-Key.
import mongoose from 'mongoose';
import { collections } from '../../gateway/src/models/collections';
import { fullDocument } from '../../gateway/src/services/stored-documents';
import { bkaDiploma, thptDiploma } from '../support/gateway-fixtures';
import { lookupChallengeHeaders } from '../support/lookup-challenge';
import { call, enc, startTestGateway, type TestGateway } from './gateway-helpers';

let gw: TestGateway;
const P = `A${Date.now().toString(36).toUpperCase().slice(-5)}`;
const key = (name: string) => gw.callers[name]!.apiKey;
const decision = (n: number) => ({ number: `${n}/QĐ-ĐHBK`, date: '2026-09-01' });

beforeAll(async () => {
  gw = await startTestGateway('gateway_api', { VANBANG_PUBLIC_RATE_LIMIT: '100000', VANBANG_LOOKUP_POW_MAXNUMBER: '2000' });
});
afterAll(async () => {
  await gw?.close();
});

describe('issue → verify → hide → correct → copy → revoke → history', () => {
  let issued: { id: string; documentHash: string; transactionId: string; blockNumber: number; document: Record<string, unknown> };

  it('issues a diploma: 201 with id, hash, status, transaction id, block and the signed document', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 1) });
    expect(res.status).toBe(201);
    issued = res.body;
    expect(issued.id).toBe(`BKA:${P}000001`);
    expect(issued.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.transactionId).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.blockNumber).toBeGreaterThan(0);
    expect(res.body.status).toBe('VALID');
    expect((issued.document as { signature?: { mspId: string } }).signature?.mspId).toBe('MinistryMSP');
  });

  it('keeps the signer\'s certificate once, not in every record, and gives the document back whole', async () => {
    const stored = await collections.diplomas().findOne({ _id: issued.id });
    const signature = stored!.versions[0]!.document!.signature;
    expect(signature.certificatePem).toBeUndefined();
    expect(signature.certificateId).toMatch(/^[0-9a-f]{64}$/);
    const certificate = await collections.certificates().findOne({ _id: signature.certificateId! });
    expect(certificate?.pem).toBe((issued.document as { signature: { certificatePem: string } }).signature.certificatePem);
    const again = await call(gw.url, 'GET', `/api/v1/diplomas/${enc(issued.id)}/document`, { key: key('bka-issuer') });
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(issued.document)); // byte for byte, key order included
    // A document stored whole (before certificates were kept apart) is given back as it is.
    expect(await fullDocument(issued.document as never)).toBe(issued.document);
  });

  it('verifies by hash from the ledger, without personal data', async () => {
    const res = await call(gw.url, 'GET', `/api/v1/verify/${issued.documentHash}`);
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('VALID');
    expect(res.body.diplomaId).toBe(issued.id);
    expect(JSON.stringify(res.body)).not.toContain('Nguyễn');
    expect((await call(gw.url, 'GET', `/api/v1/verify/${'0'.repeat(64)}`)).body.result).toBe('NOT_FOUND');
  });

  it('verifies a posted document, a document with hidden fields, a tampered one and the PDF', async () => {
    const full = await call(gw.url, 'POST', '/api/v1/verify', { json: issued.document });
    expect(full.body).toMatchObject({ result: 'VALID', integrity: { ok: true }, signature: { ok: true, chainsToTrustedCa: true }, hiddenFields: [] });

    const hidden = await call(gw.url, 'GET', `/api/v1/diplomas/${enc(issued.id)}/document?hide=personalIdNumber,ethnicity`, { key: key('bka-issuer') });
    expect(hidden.status).toBe(200);
    expect(hidden.body.fields.personalIdNumber).toBeUndefined();
    const v = await call(gw.url, 'POST', '/api/v1/verify', { json: hidden.body });
    expect(v.body).toMatchObject({ result: 'VALID', integrity: { ok: true }, signature: { ok: true } });
    expect(v.body.hiddenFields).toEqual(['ethnicity', 'personalIdNumber']);

    const tampered = JSON.parse(JSON.stringify(issued.document));
    tampered.fields.classification.value = 'XUAT_SAC';
    const t = await call(gw.url, 'POST', '/api/v1/verify', { json: tampered });
    expect(t.body.integrity.ok).toBe(false);
    expect(t.body.result).toBe('NOT_FOUND');

    const pdf = await fetch(`${gw.url}/api/v1/diplomas/${enc(issued.id)}/pdf`, { headers: { authorization: `Bearer ${key('bka-issuer')}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const pv = await call(gw.url, 'POST', '/api/v1/verify', { body: bytes, contentType: 'application/pdf' });
    expect(pv.body).toMatchObject({ result: 'VALID', visibleContentMatches: true, integrity: { ok: true } });
  });

  it('corrects: new version committed; the old hash answers CORRECTED', async () => {
    const res = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(issued.id)}/corrections`, {
      key: key('bka-issuer'), json: { changes: { fullName: 'Nguyễn Văn Bình' }, reason: 'CIVIL_STATUS_CHANGE', decision: decision(88) },
    });
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(2);
    expect(res.body.documentHash).not.toBe(issued.documentHash);
    expect((await call(gw.url, 'GET', `/api/v1/verify/${issued.documentHash}`)).body.result).toBe('CORRECTED');
    expect((await call(gw.url, 'GET', `/api/v1/verify/${res.body.documentHash}`)).body.result).toBe('VALID');
    const nothing = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(issued.id)}/corrections`, {
      key: key('bka-issuer'), json: { changes: { serialNumber: 'X1' }, reason: 'CIVIL_STATUS_CHANGE', decision: decision(89) },
    });
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors[0].field).toBe('/changes/serialNumber');
  });

  it('records a copy and the public lookup finds the published fields only', async () => {
    const copy = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(issued.id)}/copies`, { key: key('bka-issuer'), json: { copies: 2, decision: decision(90) } });
    expect(copy.status).toBe(201);
    expect(copy.body.copy.copies).toBe(2);
    const found = await call(gw.url, 'GET', `/api/v1/lookup?serialNumber=${P}000001&fullName=${enc('Nguyễn Văn Bình'.normalize('NFD'))}`, { headers: await lookupChallengeHeaders(gw.url) });
    expect(found.status).toBe(200);
    expect(found.body.results).toHaveLength(1);
    expect(found.body.results[0]).toMatchObject({ diplomaId: issued.id, fullName: 'Nguyễn Văn Bình', status: 'VALID' });
    expect(found.body.results[0].personalIdNumber).toBeUndefined();
    expect(found.body.results[0].ethnicity).toBeUndefined();
    const wrong = await call(gw.url, 'GET', `/api/v1/lookup?serialNumber=${P}000001&fullName=${enc('Nguyễn Văn An 1')}`, { headers: await lookupChallengeHeaders(gw.url) });
    expect(wrong.body.results).toHaveLength(0);
  });

  it('revokes (ministry-admin may too): verify answers REVOKED with ground and decision at once', async () => {
    const before = await call(gw.url, 'GET', `/api/v1/verify/${issued.documentHash}`); // warm the cache
    expect(before.body.result).toBe('CORRECTED');
    const res = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(issued.id)}/revocations`, { key: key('ministry-admin'), json: { ground: 'FRAUD', decision: decision(91) } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('REVOKED');
    const v = await call(gw.url, 'GET', `/api/v1/verify/${issued.documentHash}`);
    expect(v.body).toMatchObject({ result: 'REVOKED', revocation: { ground: 'FRAUD', decision: decision(91) } });
    const again = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(issued.id)}/revocations`, { key: key('bka-issuer'), json: { ground: 'FRAUD', decision: decision(92) } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_REVOKED');
  });

  it('shows the history with transaction ids, blocks, organizations, decisions and versions (auditor, ministry, issuer)', async () => {
    for (const who of ['auditor', 'ministry-admin', 'bka-issuer']) {
      const res = await call(gw.url, 'GET', `/api/v1/diplomas/${enc(issued.id)}/history`, { key: key(who) });
      expect(res.status).toBe(200);
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['DiplomaIssued', 'DiplomaCorrected', 'CopyRecorded', 'DiplomaRevoked']);
      expect(res.body.events[0]).toMatchObject({ transactionId: issued.transactionId, blockNumber: issued.blockNumber, organization: 'MinistryMSP', offLedgerVersion: { version: 1 } });
      expect(res.body.events[1].decision).toEqual(decision(88));
      expect(res.body.events[3].actorRole).toBe('ministry-admin');
    }
    const hanoi = await call(gw.url, 'GET', `/api/v1/diplomas/${enc(issued.id)}/history`, { key: key('hanoi-admin') });
    expect(hanoi.status).toBe(403);
  });
});

describe('reissue and Department-hosted diplomas', () => {
  it('reissues: the old diploma answers SUPERSEDED and points to the new one', async () => {
    const first = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 2) });
    expect(first.status).toBe(201);
    const re = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(first.body.id)}/reissues`, {
      key: key('bka-issuer'),
      json: { serialNumber: `${P}900002`, registerEntryNumber: `${P}/900002`, dateOfSigning: '2026-10-01', changes: { classification: 'XUAT_SAC' }, decision: decision(93) },
    });
    expect(re.status).toBe(201);
    expect(re.body.id).toBe(`BKA:${P}900002`);
    const old = await call(gw.url, 'GET', `/api/v1/verify/${first.body.documentHash}`);
    expect(old.body).toMatchObject({ result: 'SUPERSEDED', supersededBy: `BKA:${P}900002` });
    const rec = await call(gw.url, 'GET', `/api/v1/diplomas/${enc(first.body.id)}`, { key: key('auditor') });
    expect(rec.body).toMatchObject({ status: 'SUPERSEDED', supersededBy: `BKA:${P}900002`, state: 'COMMITTED' });
  });

  it('a Hanoi school issues and corrects (endorsed by the Ministry and Hanoi); Hanoi admin reads it, HCMC admin cannot', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('hn-thpt-001-issuer'), json: thptDiploma(P, 3) });
    expect(res.status).toBe(201);
    const corr = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(res.body.id)}/corrections`, {
      key: key('hn-thpt-001-issuer'), json: { changes: { ethnicity: 'Tày' }, reason: 'ETHNICITY_CHANGE', decision: { number: '12/QĐ-THPT', date: '2026-09-01' } },
    });
    expect(corr.status).toBe(201);
    expect((await call(gw.url, 'GET', `/api/v1/diplomas/${enc(res.body.id)}`, { key: key('hanoi-admin') })).status).toBe(200);
    expect((await call(gw.url, 'GET', `/api/v1/diplomas/${enc(res.body.id)}`, { key: key('hcmc-admin') })).status).toBe(403);
    expect((await call(gw.url, 'POST', `/api/v1/diplomas/${enc(res.body.id)}/revocations`, { key: key('bka-issuer'), json: { ground: 'FRAUD', decision: decision(94) } })).status).toBe(403);
  });
});

describe('errors are problem+json with stable codes', () => {
  it('401 without or with a wrong key; 403 for the wrong role', async () => {
    const none = await call(gw.url, 'POST', '/api/v1/diplomas', { json: bkaDiploma(P, 10) });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(none.body.code).toBe('UNAUTHENTICATED');
    expect((await call(gw.url, 'POST', '/api/v1/diplomas', { key: 'vbk_' + 'x'.repeat(43), json: bkaDiploma(P, 10) })).body.code).toBe('INVALID_API_KEY');
    const auditor = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('auditor'), json: bkaDiploma(P, 10) });
    expect(auditor.status).toBe(403);
    const otherIssuer = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('hn-thpt-001-issuer'), json: bkaDiploma(P, 10) });
    expect(otherIssuer.status).toBe(403);
    expect((await call(gw.url, 'GET', '/api/v1/audit/reconciliation', { key: key('bka-issuer') })).status).toBe(403);
  });

  it('400 with field-level messages, and operators in queries are a 400', async () => {
    const bad = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 11, { personalIdNumber: '12', graduationYear: 'x' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['/personalIdNumber', '/graduationYear']));
    const op = await call(gw.url, 'GET', `/api/v1/lookup?serialNumber[$gt]=&fullName=x`);
    expect(op.status).toBe(400);
    const arr = await call(gw.url, 'GET', `/api/v1/lookup?serialNumber=A&serialNumber=B&fullName=x`);
    expect(arr.status).toBe(400);
    const objBody = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(`BKA:${P}000002`)}/revocations`, { key: key('bka-issuer'), json: { ground: { $gt: '' }, decision: decision(1) } });
    expect(objBody.status).toBe(400);
    expect((await call(gw.url, 'GET', '/api/v1/verify/NOTAHASH')).status).toBe(400);
    expect((await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), body: '{"a":', contentType: 'application/json' })).body.code).toBe('MALFORMED_JSON');
  });

  it('404, 409 duplicate serial and register numbers, 413, 415', async () => {
    expect((await call(gw.url, 'GET', `/api/v1/diplomas/${enc('BKA:NOPE')}`, { key: key('auditor') })).status).toBe(404);
    expect((await call(gw.url, 'GET', '/api/v1/nothing')).status).toBe(404);
    const a = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 20) });
    expect(a.status).toBe(201);
    const dupSerial = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 20, { fullName: 'Người Khác' }) });
    expect(dupSerial.status).toBe(409);
    expect(dupSerial.body.code).toBe('DUPLICATE_SERIAL_NUMBER');
    const dupRegister = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 21, { registerEntryNumber: `${P}/000020` }) });
    expect(dupRegister.status).toBe(409);
    expect(dupRegister.body.code).toBe('DUPLICATE_REGISTER_NUMBER');
    const big = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: { ...bkaDiploma(P, 22), padding: 'x'.repeat(1_100_000) } });
    expect(big.status).toBe(413);
    const text = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), body: 'hello', contentType: 'text/plain' });
    expect(text.status).toBe(415);
    expect((await call(gw.url, 'POST', '/api/v1/verify', { body: 'hello', contentType: 'text/plain' })).status).toBe(415);
  });

  it('a ledger rejection leaves nothing behind (type not accredited → 409, no record)', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 30, { diplomaType: 'BAC_SI' }) });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DIPLOMA_TYPE_NOT_ALLOWED');
    expect((await call(gw.url, 'GET', `/api/v1/diplomas/${enc(`BKA:${P}000030`)}`, { key: key('auditor') })).status).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  it('20 parallel issues with the same key make one diploma and the same answer', async () => {
    const body = bkaDiploma(P, 40);
    const replies = await Promise.all(Array.from({ length: 20 }, () => call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: body, headers: { 'idempotency-key': `${P}-k40` } })));
    const statuses = replies.map((r) => r.status);
    expect(statuses.every((s) => s === 201)).toBe(true);
    expect(new Set(replies.map((r) => r.body.documentHash)).size).toBe(1);
    expect(new Set(replies.map((r) => r.body.transactionId)).size).toBe(1);
    const history = await call(gw.url, 'GET', `/api/v1/diplomas/${enc(`BKA:${P}000040`)}/history`, { key: key('auditor') });
    expect(history.body.events).toHaveLength(1);
    const reused = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 41), headers: { 'idempotency-key': `${P}-k40` } });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('documentation, metrics, audit', () => {
  it('serves OpenAPI 3.1 generated from the validation schemas', async () => {
    const res = await call(gw.url, 'GET', '/api/docs');
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/diplomas', '/api/v1/verify/{documentHash}', '/api/v1/diploma-batches', '/api/v1/diplomas/{id}/revocations']));
    expect(res.body.components.schemas.RevocationRequest.properties.ground.enum).toContain('FRAUD');
  });

  it('exposes Prometheus metrics', async () => {
    const res = await fetch(`${gw.url}/metrics`);
    const text = await res.text();
    expect(text).toContain('vanbang_gateway_http_request_duration_seconds');
    expect(text).toMatch(/vanbang_gateway_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/diplomas",status="201"\} [1-9]/);
  });

  it('reconciliation (auditors) finds every record of this gateway in agreement with the ledger', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/audit/reconciliation', { key: key('auditor') });
    expect(res.status).toBe(200);
    // The test ledger is shared with other test files whose diplomas this fresh database may still
    // be mirroring from the event history (MISSING_IN_DATABASE); ours must all agree.
    expect(res.body.differences.filter((d: { diplomaId: string }) => d.diplomaId.includes(P))).toEqual([]);
    expect(res.body.differences.filter((d: { kind: string }) => d.kind !== 'MISSING_IN_DATABASE')).toEqual([]);
    expect(res.body.databaseRecords).toBeGreaterThan(5);
    expect(res.body.pendingRecords).toBe(0);
  });

  it('keeps an append-only audit log of who did what', async () => {
    const entries = await mongoose.connection.db!.collection('audit_log').find({ action: 'diploma.revoke', caller: 'ministry-admin' }).toArray();
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(entries[0]).toMatchObject({ role: 'ministry-admin', status: 201, method: 'POST' });
  });
});
