// Recovery of single changes after a crash, against the real network and FerretDB: the state a
// gateway leaves when it dies between "record pending" and "mark committed" is built with the
// gateway's own functions, and the recovery worker (or the event listener) must finish it —
// submitting a change the ledger never saw exactly once, and adopting one it did see.
import { validateDiplomaFields, type DiplomaFields } from '@vanbang/document';
import { collections } from '../../gateway/src/models/collections';
import type { DiplomaRecord } from '../../gateway/src/models/records';
import { makeSignedDocument } from '../../gateway/src/services/documents';
import { endorsersFor, getIssuer } from '../../gateway/src/services/issuers';
import { ledgerIssueItem, pendingDiplomaRecord } from '../../gateway/src/services/issuance';
import { ORPHANED_AFTER_MS, requestFingerprint, streamedBody } from '../../gateway/src/services/idempotency';
import { newPendingOp, notePendingChange } from '../../gateway/src/services/pending-ops';
import { toStoredDocument } from '../../gateway/src/services/stored-documents';
import { bkaDiploma, csvCohort } from '../support/gateway-fixtures';
import { call, enc, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

let gw: TestGateway;
const P = `R${Date.now().toString(36).toUpperCase().slice(-5)}`;

beforeAll(async () => {
  gw = await startTestGateway('gateway_recovery', { VANBANG_EVENTS_START: 'latest' });
});
afterAll(async () => {
  await gw?.close();
});

/** What issuance has written when the process dies just before (or just after) submitting. */
async function crashedIssue(n: number, idempotencyId: string | null = null): Promise<{ record: DiplomaRecord; fields: DiplomaFields }> {
  const { ctx } = gw.runtime;
  const caller = await collections.callers().findOne({ name: 'bka-issuer' });
  const validated = validateDiplomaFields(bkaDiploma(P, n));
  if (!validated.ok || !caller) throw new Error('fixture');
  const fields = validated.value;
  const issuer = (await getIssuer(ctx.ledger, fields.issuerCode))!;
  const doc = makeSignedDocument(fields, ctx.vault.get(caller.identityName));
  const record = pendingDiplomaRecord(fields, await toStoredDocument(doc), issuer, caller.name);
  const op = newPendingOp('ISSUE', 'IssueDiploma', { issuerCode: fields.issuerCode, ...ledgerIssueItem(fields, doc.documentHash) },
    caller.identityName, endorsersFor(issuer.hostMsp, ctx.profile.ministryMspId), {}, idempotencyId);
  op.leaseUntil = new Date(Date.now() - 1000); // the lease of the dead process has run out
  record.pendingOp = op;
  record.pendingUntil = op.leaseUntil;
  await notePendingChange(record._id, op.opId);
  await collections.diplomas().insertOne(record);
  return { record, fields };
}

async function committed(id: string): Promise<DiplomaRecord> {
  return waitFor(`${id} committed`, async () => {
    const r = await collections.diplomas().findOne({ _id: id });
    return r?.state === 'COMMITTED' && r.pendingOp === null ? r : undefined;
  }, 60_000);
}

it('submits a change the ledger never saw, once, and drops its note', async () => {
  const { record } = await crashedIssue(1);
  const done = await committed(record._id);
  expect(done.issuedTxId).toMatch(/^[0-9a-f]{64}$/);
  const history = (await gw.runtime.ctx.ledger.evaluate<{ history: { txId: string }[] }>('GetHistory', { diplomaId: record._id })).history;
  expect(history.map((h) => h.txId)).toEqual([done.issuedTxId]);
  expect(await collections.pendingChanges().countDocuments({ diplomaId: record._id })).toBe(0);
  const verified = await call(gw.url, 'GET', `/api/v1/verify/${record.currentHash}`);
  expect(verified.body.result).toBe('VALID');
});

it('adopts a change that reached the ledger before the crash instead of submitting it again', async () => {
  const { record } = await crashedIssue(2);
  const op = record.pendingOp!;
  const submitted = await gw.runtime.ctx.ledger.submit(op.identityName, op.fn, op.arg, { endorsingOrganizations: op.endorsingOrganizations });
  const done = await committed(record._id);
  expect(done.issuedTxId).toBe(submitted.txId);
  const history = (await gw.runtime.ctx.ledger.evaluate<{ history: { txId: string }[] }>('GetHistory', { diplomaId: record._id })).history;
  expect(history).toHaveLength(1);
  const auditor = gw.callers.auditor!.apiKey;
  expect((await call(gw.url, 'GET', `/api/v1/diplomas/${enc(record._id)}`, { key: auditor })).body.state).toBe('COMMITTED');
});

it('drops an old note whose change was never recorded, and keeps a fresh one', async () => {
  const notes = collections.pendingChanges();
  await notes.insertOne({ _id: `BKA:${P}GHOST|old`, diplomaId: `BKA:${P}GHOST`, opId: 'old', createdAt: new Date(Date.now() - 10 * 60_000) });
  await notes.insertOne({ _id: `BKA:${P}GHOST|new`, diplomaId: `BKA:${P}GHOST`, opId: 'new', createdAt: new Date() });
  await waitFor('old note dropped', async () => ((await notes.countDocuments({ _id: `BKA:${P}GHOST|old` })) === 0 ? true : undefined), 30_000);
  expect(await notes.countDocuments({ _id: `BKA:${P}GHOST|new` })).toBe(1);
  await notes.deleteOne({ _id: `BKA:${P}GHOST|new` });
});

/** The key record the Idempotency-Key middleware writes when a POST /diplomas starts. */
async function keyInProgress(key: string, body: unknown, resourceId: string | null, createdAt = new Date()): Promise<string> {
  const id = `bka-issuer:${key}`;
  await collections.idempotency().insertOne({
    _id: id, requestHash: requestFingerprint('POST', '/api/v1/diplomas', body), state: 'IN_PROGRESS', resourceId, status: null, body: null, contentType: null, createdAt,
  });
  return id;
}

it('answers the retry of a request that died after recording its change with that request\'s 201, once the change commits', async () => {
  const key = `${P}-died-after-recording`;
  const id = await keyInProgress(key, bkaDiploma(P, 10), `BKA:${P}000010`);
  const { record } = await crashedIssue(10, id);
  expect(record._id).toBe(`BKA:${P}000010`);

  const retry = await call(gw.url, 'POST', '/api/v1/diplomas', { key: gw.callers['bka-issuer']!.apiKey, json: bkaDiploma(P, 10), headers: { 'Idempotency-Key': key } });
  expect(retry.status).toBe(201);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  const done = await committed(record._id);
  expect(retry.body).toMatchObject({ id: record._id, documentHash: record.currentHash, state: 'COMMITTED', version: 1, transactionId: done.issuedTxId });
  expect(retry.body.document.documentHash).toBe(record.currentHash);
  expect(retry.body.document.signature.certificatePem).toContain('BEGIN CERTIFICATE'); // put back from the certificates collection
  // Issued once.
  const history = (await gw.runtime.ctx.ledger.evaluate<{ history: unknown[] }>('GetHistory', { diplomaId: record._id })).history;
  expect(history).toHaveLength(1);
});

it('lets a retry take over a key whose request died before recording anything', async () => {
  const key = `${P}-died-before-recording`;
  const body = bkaDiploma(P, 11);
  await keyInProgress(key, body, null, new Date(Date.now() - ORPHANED_AFTER_MS - 60_000));
  const issuer = gw.callers['bka-issuer']!.apiKey;
  const first = await call(gw.url, 'POST', '/api/v1/diplomas', { key: issuer, json: body, headers: { 'Idempotency-Key': key } });
  expect(first.status).toBe(201);
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  const again = await call(gw.url, 'POST', '/api/v1/diplomas', { key: issuer, json: body, headers: { 'Idempotency-Key': key } });
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body.id).toBe(first.body.id);
  expect(again.body.documentHash).toBe(first.body.documentHash);
});

it('keeps waiting on a young key whose request may still be running', async () => {
  const key = `${P}-young`;
  await keyInProgress(key, bkaDiploma(P, 12), null);
  const res = await call(gw.url, 'POST', '/api/v1/diplomas', { key: gw.callers['bka-issuer']!.apiKey, json: bkaDiploma(P, 12), headers: { 'Idempotency-Key': key } });
  expect(res.status).toBe(409);
  expect(res.body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
  expect(await collections.diplomas().countDocuments({ _id: `BKA:${P}000012` })).toBe(0);
}, 120_000);

describe('a batch upload whose request died', () => {
  const upload = (key: string, body: string) =>
    call(gw.url, 'POST', '/api/v1/diploma-batches', { key: gw.callers['bka-issuer']!.apiKey, body, contentType: 'text/csv', headers: { 'Idempotency-Key': key } });

  it('after its batch was received: the retry gets that upload\'s 202, and no second batch is made', async () => {
    const key = `${P}-batch-received`;
    const body = [...csvCohort(`${P}B`, 0, 3)].join('');
    const first = await upload(key, body);
    expect(first.status).toBe(202);
    const id = `bka-issuer:${key}`;
    expect(await collections.idempotency().findOne({ _id: id })).toMatchObject({ resourceId: first.body.id, resourceKind: 'batch' });
    // The state the process leaves when it dies after receiving the batch, before its answer is stored.
    await collections.idempotency().updateOne({ _id: id }, { $set: { state: 'IN_PROGRESS', status: null, body: null, contentType: null } });
    const batches = await collections.batches().countDocuments({});

    const retry = await upload(key, body);
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await collections.batches().countDocuments({})).toBe(batches);
  });

  it('before its upload was received: once the upload is abandoned, the retry runs anew', async () => {
    const key = `${P}-batch-abandoned`;
    const body = [...csvCohort(`${P}A`, 0, 2)].join('');
    const abandoned = `${P}abandoned`.toLowerCase();
    const now = new Date();
    await collections.batches().insertOne({
      _id: abandoned, callerName: 'bka-issuer', issuerCode: 'BKA', identityName: 'x', format: 'csv', status: 'ABANDONED', total: 1, validated: 1,
      committed: 0, failed: 0, chunks: 0, failurePages: [], createdAt: now, receivedAt: null, completedAt: null, updatedAt: now,
    });
    await collections.idempotency().insertOne({
      _id: `bka-issuer:${key}`, requestHash: requestFingerprint('POST', '/api/v1/diploma-batches', streamedBody('text/csv', String(Buffer.byteLength(body)))),
      state: 'IN_PROGRESS', resourceId: abandoned, resourceKind: 'batch', status: null, body: null, contentType: null, createdAt: now,
    });

    const retry = await upload(key, body);
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.id).not.toBe(abandoned);
    expect(retry.body).toMatchObject({ status: 'PROCESSING', total: 2, validated: 2, failed: 0 });
  });

  it('with the same key and another upload: 409, nothing made', async () => {
    const key = `${P}-batch-other-body`;
    expect((await upload(key, [...csvCohort(`${P}C`, 0, 2)].join(''))).status).toBe(202);
    const batches = await collections.batches().countDocuments({});
    const other = await upload(key, [...csvCohort(`${P}C`, 0, 3)].join(''));
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await collections.batches().countDocuments({})).toBe(batches);
  });
});
