// Issuing one diploma: validate, make and sign the document, record it PENDING, submit
// IssueDiploma as the caller's Fabric identity, mark it COMMITTED with transaction id and block.
import { validateDiplomaFields, type DiplomaFields, type SignedDiplomaDocument } from '@vanbang/document';
import { noteIfInactiveIssuer } from '../alerts/refusal-log';
import type { Caller } from '../auth/api-keys';
import { isDuplicateKey } from '../errors/database-errors';
import { ApiError, badRequest, conflict } from '../errors/problem';
import { collections } from '../models/collections';
import type { DiplomaRecord, IssuerRecord, StoredDiplomaDocument } from '../models/records';
import type { GatewayContext } from './context';
import { makeSignedDocument } from './documents';
import { certificateIdOf, toStoredDocument } from './stored-documents';
import { addLookupKeys } from './lookup-keys';
import { endorsersFor, getIssuer } from './issuers';
import { dropPendingNote, executePending, newPendingOp, notePendingChange } from './pending-ops';

/** The IssueDiploma argument of a diploma (the ledger never sees personal data). */
export function ledgerIssueItem(fields: DiplomaFields, documentHash: string): Record<string, unknown> {
  return {
    serialNumber: fields.serialNumber, documentHash, diplomaType: fields.diplomaType, graduationYear: fields.graduationYear,
    registerEntryNumber: fields.registerEntryNumber, dateOfSigning: fields.dateOfSigning,
  };
}

export function diplomaIdOf(issuerCode: string, serialNumber: string): string {
  return `${issuerCode}:${serialNumber}`;
}

/** Checks the caller may issue for this issuer and that the issuer is known; returns the issuer. */
export async function checkIssuerFor(ctx: GatewayContext, caller: Caller, issuerCode: string): Promise<IssuerRecord> {
  if (caller.role !== 'issuer' || caller.issuerCode !== issuerCode) {
    throw new ApiError(403, 'FORBIDDEN', `Caller ${caller.name} may not issue diplomas for issuer ${issuerCode}`);
  }
  const issuer = await getIssuer(ctx.ledger, issuerCode);
  if (!issuer) throw new ApiError(404, 'ISSUER_NOT_FOUND', `Issuer ${issuerCode} is not registered on the ledger`);
  return issuer;
}

/** A new PENDING record for a diploma (not yet inserted); `doc` as stored (stored-documents.ts). */
export function pendingDiplomaRecord(fields: DiplomaFields, doc: StoredDiplomaDocument, issuer: IssuerRecord, createdBy: string,
  extra: Partial<DiplomaRecord> = {}): DiplomaRecord {
  const now = new Date();
  return {
    _id: diplomaIdOf(fields.issuerCode, fields.serialNumber),
    issuerCode: fields.issuerCode,
    serialNumber: fields.serialNumber,
    registerEntryNumber: fields.registerEntryNumber,
    registerYear: Number(fields.dateOfSigning.slice(0, 4)),
    diplomaType: fields.diplomaType,
    graduationYear: fields.graduationYear,
    dateOfSigning: fields.dateOfSigning,
    hostMsp: issuer.hostMsp,
    state: 'PENDING',
    status: 'VALID',
    currentVersion: 1,
    currentHash: doc.documentHash,
    lookup: { fullName: doc.fields.fullName?.value as string, dateOfBirth: doc.fields.dateOfBirth?.value as string },
    versions: [{
      version: 1, documentHash: doc.documentHash, document: doc, state: 'PENDING', operation: 'ISSUE', decision: null,
      changedFields: [], txId: null, blockNumber: null, createdAt: now, committedAt: null,
    }],
    pendingOp: null,
    pendingUntil: null,
    issuedTxId: null,
    issuedBlockNumber: null,
    supersedes: null,
    supersededBy: null,
    revocation: null,
    copies: [],
    batchId: null,
    batchRow: null,
    origin: 'gateway',
    createdBy,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

/** Turns a unique-index violation into the 409 the API promises. */
export async function duplicateConflict(err: unknown, id: string, fields: Pick<DiplomaFields, 'serialNumber' | 'registerEntryNumber'>): Promise<ApiError | undefined> {
  if (!isDuplicateKey(err)) return undefined;
  // FerretDB does not name the violated index: an existing _id means the serial number.
  const serialTaken = (await collections.diplomas().countDocuments({ _id: id }, { limit: 1 })) > 0;
  if (!serialTaken) {
    return conflict('DUPLICATE_REGISTER_NUMBER', `Register entry number ${fields.registerEntryNumber} is already used for this issuer, type and year`);
  }
  return conflict('DUPLICATE_SERIAL_NUMBER', `Serial number ${fields.serialNumber} is already used by diploma ${id}`, { diplomaId: id });
}

export interface IssueOutcome {
  record: DiplomaRecord;
  document: SignedDiplomaDocument;
}

export async function issueDiploma(ctx: GatewayContext, caller: Caller, input: unknown, onRecorded?: (id: string) => Promise<void>,
  idempotencyId: string | null = null): Promise<IssueOutcome> {
  const validated = validateDiplomaFields(input);
  if (!validated.ok) throw badRequest('Invalid diploma fields', validated.errors);
  const fields = validated.value;
  const issuer = await checkIssuerFor(ctx, caller, fields.issuerCode);
  const doc = makeSignedDocument(fields, ctx.vault.get(caller.identityName));
  const record = pendingDiplomaRecord(fields, await toStoredDocument(doc), issuer, caller.name);
  const op = newPendingOp('ISSUE', 'IssueDiploma', { issuerCode: fields.issuerCode, ...ledgerIssueItem(fields, doc.documentHash) },
    caller.identityName, endorsersFor(issuer.hostMsp, ctx.profile.ministryMspId), {}, idempotencyId);
  op.signerCertificateId = certificateIdOf(doc.signature.certificatePem);
  record.pendingOp = op;
  record.pendingUntil = op.leaseUntil;
  await notePendingChange(record._id, op.opId);
  await addLookupKeys([record]);
  try {
    await collections.diplomas().insertOne(record);
  } catch (err) {
    await dropPendingNote(record._id, op.opId).catch(() => undefined);
    throw (await duplicateConflict(err, record._id, fields)) ?? err;
  }
  if (onRecorded) await onRecorded(record._id);
  const out = await executePending(ctx, record._id, op).catch((err: unknown) => {
    // A suspended or merged issuer's attempt is refused and never committed: only here is it seen (alert rule c).
    noteIfInactiveIssuer(err, fields.issuerCode, issuer.hostMsp);
    throw err;
  });
  return { record: out.record ?? (await collections.diplomas().findOne({ _id: record._id })) ?? record, document: doc };
}
