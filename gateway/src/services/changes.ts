// The legal procedures on an issued diploma, each by a written decision: correction (chỉnh
// sửa), reissue (cấp lại), revocation (thu hồi) and certified copies (bản sao). Each one locks
// the diploma's document with its pending op (one change at a time), submits, then commits.
import { noteIfInactiveIssuer } from '../alerts/refusal-log';
import { validateDiplomaFields, type DiplomaFields, type SignedDiplomaDocument } from '@vanbang/document';
import type { Caller } from '../auth/api-keys';
import { ApiError, badRequest, conflict, notFound } from '../errors/problem';
import { CORRECTABLE_FIELDS } from '../http/schemas';
import { collections } from '../models/collections';
import type { Decision, DiplomaRecord, DocumentVersion, PendingOp, StoredDiplomaDocument } from '../models/records';
import { findDiploma } from './batch-rows';
import type { GatewayContext } from './context';
import { makeSignedDocument, plainFields } from './documents';
import { certificateIdOf, currentStoredDocument, toStoredDocument } from './stored-documents';
import { addLookupKeys } from './lookup-keys';
import { custodianOf, endorsersFor, getIssuer } from './issuers';
import { diplomaIdOf, duplicateConflict, pendingDiplomaRecord } from './issuance';
import { dropPendingNote, executePending, newPendingOp, notePendingChange } from './pending-ops';
import { updateIf } from '../models/guarded-writes';

export interface ChangeOutcome {
  record: DiplomaRecord;
  txId: string;
  blockNumber: number | null;
  document?: SignedDiplomaDocument;
}

async function loadForChange(ctx: GatewayContext, caller: Caller, id: string, allowMinistry: boolean): Promise<DiplomaRecord> {
  const record = await findDiploma(id);
  if (!record) throw notFound(`Diploma ${id} does not exist`);
  const mayAct = caller.role === 'issuer'
    ? caller.issuerCode === (await custodianOf(ctx.ledger, record.issuerCode))
    : allowMinistry && caller.role === 'ministry-admin';
  if (!mayAct) throw new ApiError(403, 'FORBIDDEN', `Caller ${caller.name} may not change diploma ${id}`);
  if (record.state !== 'COMMITTED') throw conflict('DIPLOMA_PENDING', `Diploma ${id} is not committed on the ledger yet`);
  if (record.pendingOp) throw conflict('CHANGE_IN_PROGRESS', `Another change of diploma ${id} is in progress`);
  return record;
}

function rejectIfFinal(record: DiplomaRecord): void {
  if (record.status === 'REVOKED') throw conflict('DIPLOMA_REVOKED', `Diploma ${record._id} is revoked`);
  if (record.status === 'SUPERSEDED') throw conflict('DIPLOMA_SUPERSEDED', `Diploma ${record._id} was replaced by ${record.supersededBy}`);
}

/** Atomically takes the diploma's change lock (and applies `extraSet`); 409 if someone else holds it. */
async function lock(record: DiplomaRecord, op: PendingOp, extraSet: Record<string, unknown> = {}): Promise<void> {
  await notePendingChange(record._id, op.opId);
  const locked = await updateIf(collections.diplomas(), record._id, { pendingOp: null, state: 'COMMITTED' }, {
    $set: { pendingOp: op, pendingUntil: op.leaseUntil, updatedAt: new Date(), ...extraSet },
  });
  if (!locked) {
    await dropPendingNote(record._id, op.opId).catch(() => undefined);
    throw conflict('CHANGE_IN_PROGRESS', `Another change of diploma ${record._id} is in progress`);
  }
}

function currentDocument(record: DiplomaRecord): StoredDiplomaDocument {
  const doc = currentStoredDocument(record);
  if (!doc) throw conflict('NO_OFF_LEDGER_DOCUMENT', `Diploma ${record._id} was issued outside this gateway; its content is not held here`);
  return doc;
}

/** Old fields + changes, validated; and the names of the fields whose value really changed. */
function applyChanges(old: DiplomaFields, changes: Record<string, string | number>, allowed: readonly string[] | null): { fields: DiplomaFields; changed: string[] } {
  const problems = Object.keys(changes).filter((k) => allowed !== null && !allowed.includes(k))
    .map((k) => ({ field: `/changes/${k}`, message: `${k} cannot be changed by this procedure${allowed === CORRECTABLE_FIELDS ? ' (corrections change civil-status data; use a reissue)' : ''}` }));
  if (problems.length > 0) throw badRequest('Invalid changes', problems);
  const merged = { ...old, ...changes };
  const validated = validateDiplomaFields(merged);
  if (!validated.ok) throw badRequest('The changed diploma is invalid', validated.errors.map((e) => ({ field: `/changes${e.field}`, message: e.message })));
  const changed = Object.keys(changes).filter((k) => (old as unknown as Record<string, unknown>)[k] !== validated.value[k as keyof DiplomaFields]).sort();
  return { fields: validated.value, changed };
}

export async function correctDiploma(ctx: GatewayContext, caller: Caller, id: string,
  body: { changes: Record<string, string | number>; reason: string; decision: Decision }, idempotencyId: string | null = null): Promise<ChangeOutcome> {
  const record = await loadForChange(ctx, caller, id, false);
  rejectIfFinal(record);
  const { fields, changed } = applyChanges(plainFields(currentDocument(record)), body.changes, CORRECTABLE_FIELDS);
  if (changed.length === 0) throw badRequest('The correction changes nothing', [{ field: '/changes', message: 'every value equals the current one' }]);
  const doc = makeSignedDocument(fields, ctx.vault.get(caller.identityName));
  const op = newPendingOp('CORRECT', 'CorrectDiploma', {
    diplomaId: id, documentHash: doc.documentHash, decision: body.decision, changedFields: changed, reason: body.reason,
  }, caller.identityName, endorsersFor(record.hostMsp, ctx.profile.ministryMspId), { newHash: doc.documentHash }, idempotencyId);
  op.signerCertificateId = certificateIdOf(doc.signature.certificatePem);
  const version: DocumentVersion = {
    version: record.currentVersion + 1, documentHash: doc.documentHash, document: await toStoredDocument(doc), state: 'PENDING', operation: 'CORRECT',
    decision: body.decision, changedFields: changed, reason: body.reason, txId: null, blockNumber: null, createdAt: new Date(), committedAt: null,
  };
  const lookup = { fullName: fields.fullName, dateOfBirth: fields.dateOfBirth };
  await addLookupKeys([{ ...record, lookup }]);
  await lock(record, op, { versions: [...record.versions, version], lookup });
  const out = await executePending(ctx, id, op);
  return { record: out.record ?? (await collections.diplomas().findOne({ _id: id })) ?? record, txId: out.txId, blockNumber: out.blockNumber, document: doc };
}

export async function reissueDiploma(ctx: GatewayContext, caller: Caller, id: string,
  body: { serialNumber: string; registerEntryNumber: string; dateOfSigning: string; changes?: Record<string, string | number>; decision: Decision },
  idempotencyId: string | null = null): Promise<ChangeOutcome> {
  const old = await loadForChange(ctx, caller, id, false);
  rejectIfFinal(old);
  const custodian = caller.issuerCode as string;
  const issuer = await getIssuer(ctx.ledger, custodian);
  if (!issuer) throw new ApiError(404, 'ISSUER_NOT_FOUND', `Issuer ${custodian} is not registered`);
  const oldFields = plainFields(currentDocument(old));
  const fixed = ['issuerCode', 'serialNumber', 'registerEntryNumber', 'dateOfSigning'];
  const allowed = Object.keys(oldFields).concat(['discipline', 'classification', 'modeOfStudy', 'lifelongLearningCode', 'school', 'examSession']).filter((k) => !fixed.includes(k));
  const { fields: changedContent, changed } = applyChanges(oldFields, body.changes ?? {}, allowed);
  const fields: DiplomaFields = {
    ...changedContent, issuerCode: custodian, issuerName: custodian === old.issuerCode ? changedContent.issuerName : issuer.name,
    serialNumber: body.serialNumber, registerEntryNumber: body.registerEntryNumber, dateOfSigning: body.dateOfSigning,
  };
  const validated = validateDiplomaFields(fields);
  if (!validated.ok) throw badRequest('The reissued diploma is invalid', validated.errors);
  const newId = diplomaIdOf(custodian, body.serialNumber);
  const doc = makeSignedDocument(validated.value, ctx.vault.get(caller.identityName));
  const op = newPendingOp('REISSUE', 'ReissueDiploma', {
    diplomaId: id, serialNumber: body.serialNumber, documentHash: doc.documentHash, registerEntryNumber: body.registerEntryNumber,
    dateOfSigning: body.dateOfSigning, decision: body.decision, ...(changed.length > 0 ? { changedFields: changed } : {}),
  }, caller.identityName, endorsersFor(old.hostMsp, ctx.profile.ministryMspId), { oldId: id }, idempotencyId);
  op.signerCertificateId = certificateIdOf(doc.signature.certificatePem);
  const oldLock: PendingOp = { ...op, kind: 'SUPERSEDE', meta: { newId } };
  await lock(old, oldLock);
  const record = pendingDiplomaRecord(validated.value, await toStoredDocument(doc), issuer, caller.name, { supersedes: id });
  record.versions[0] = { ...record.versions[0]!, operation: 'REISSUE', decision: body.decision, changedFields: changed };
  record.pendingOp = op;
  record.pendingUntil = op.leaseUntil;
  await notePendingChange(newId, op.opId);
  await addLookupKeys([record]);
  try {
    await collections.diplomas().insertOne(record);
  } catch (err) {
    await updateIf(collections.diplomas(), id, { 'pendingOp.opId': op.opId }, { $set: { pendingOp: null, pendingUntil: null } });
    await dropPendingNote(id, op.opId).catch(() => undefined);
    await dropPendingNote(newId, op.opId).catch(() => undefined);
    throw (await duplicateConflict(err, newId, validated.value)) ?? err;
  }
  const out = await executePending(ctx, newId, op).catch((err: unknown) => {
    noteIfInactiveIssuer(err, custodian, issuer.hostMsp); // alert rule c: a reissue is an issuance too
    throw err;
  });
  return { record: out.record ?? (await collections.diplomas().findOne({ _id: newId })) ?? record, txId: out.txId, blockNumber: out.blockNumber, document: doc };
}

export async function revokeDiploma(ctx: GatewayContext, caller: Caller, id: string, body: { ground: string; decision: Decision },
  idempotencyId: string | null = null): Promise<ChangeOutcome> {
  const record = await loadForChange(ctx, caller, id, true);
  if (record.status === 'REVOKED') throw conflict('ALREADY_REVOKED', `Diploma ${id} is already revoked`);
  const op = newPendingOp('REVOKE', 'RevokeDiploma', { diplomaId: id, ground: body.ground, decision: body.decision }, caller.identityName,
    endorsersFor(record.hostMsp, ctx.profile.ministryMspId), { ground: body.ground, decision: body.decision }, idempotencyId);
  await lock(record, op);
  const out = await executePending(ctx, id, op);
  return { record: out.record ?? (await collections.diplomas().findOne({ _id: id })) ?? record, txId: out.txId, blockNumber: out.blockNumber };
}

export async function recordCopy(ctx: GatewayContext, caller: Caller, id: string, body: { copies: number; decision: Decision },
  idempotencyId: string | null = null): Promise<ChangeOutcome & { copy: unknown }> {
  const record = await loadForChange(ctx, caller, id, false);
  rejectIfFinal(record);
  const op = newPendingOp('COPY', 'RecordCopy', { diplomaId: id, copies: body.copies }, caller.identityName,
    endorsersFor(record.hostMsp, ctx.profile.ministryMspId), { decision: body.decision, copies: body.copies }, idempotencyId);
  await lock(record, op);
  const out = await executePending(ctx, id, op);
  return {
    record: out.record ?? (await collections.diplomas().findOne({ _id: id })) ?? record, txId: out.txId, blockNumber: out.blockNumber,
    copy: (out.result as { copy?: unknown } | null)?.copy ?? null,
  };
}
