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
import { newPendingOp, notePendingChange } from '../../gateway/src/services/pending-ops';
import { bkaDiploma } from '../support/gateway-fixtures';
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
async function crashedIssue(n: number): Promise<{ record: DiplomaRecord; fields: DiplomaFields }> {
  const { ctx } = gw.runtime;
  const caller = await collections.callers().findOne({ name: 'bka-issuer' });
  const validated = validateDiplomaFields(bkaDiploma(P, n));
  if (!validated.ok || !caller) throw new Error('fixture');
  const fields = validated.value;
  const issuer = (await getIssuer(ctx.ledger, fields.issuerCode))!;
  const doc = makeSignedDocument(fields, ctx.vault.get(caller.identityName));
  const record = pendingDiplomaRecord(fields, doc, issuer, caller.name);
  const op = newPendingOp('ISSUE', 'IssueDiploma', { issuerCode: fields.issuerCode, ...ledgerIssueItem(fields, doc.documentHash) },
    caller.identityName, endorsersFor(issuer.hostMsp, ctx.profile.ministryMspId));
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
