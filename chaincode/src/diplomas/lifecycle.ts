/**
 * What happens to a diploma after issuance, each by a written decision and never by editing the
 * old record in place: correction (chỉnh sửa), reissue (cấp lại), revocation (thu hồi / hủy bỏ),
 * certified copies from the original register (cấp bản sao từ sổ gốc).
 */
import type { Context } from 'fabric-contract-api';
import { describe, isMinistryAdmin, actsAsIssuer, requireIssuerIdentity } from '../access';
import { requireSignerForHash, requireSignerNotRevoked, signerStamp } from '../certificates/signer-trust';
import { fail } from '../errors';
import { emit, stamp } from '../events';
import { assertCanIssue, custodianOf } from '../issuers/issuer-store';
import { copyKey, copySeqKey, hashKey } from '../ledger/keys';
import { Store } from '../ledger/store';
import { CopyEntry, CORRECTION_REASONS, Decision, Diploma, DIPLOMA_TYPES, EventType, HashIndexEntry, Issuer, REVOCATION_GROUNDS } from '../model';
import { TxInfo, txInfo } from '../tx';
import * as v from '../validation';
import { createDiploma, findHash, loadDiploma, saveDiploma } from './diploma-store';
import { checkAgainstLedger, newDiploma, parseItem } from './issue';

const MAX_REQUEST = 8 * 1024;
const MAX_COPIES = 100;

/** Only a diploma in force can be corrected, reissued or copied. */
function requireValid(d: Diploma, action: string): void {
  if (d.status === 'REVOKED') fail('DIPLOMA_REVOKED', `Diploma ${d.diplomaId} is revoked; it cannot be ${action}`);
  if (d.status === 'SUPERSEDED') fail('DIPLOMA_SUPERSEDED', `Diploma ${d.diplomaId} was replaced by ${d.supersededBy}; it cannot be ${action}`);
}

function withDecision(d: Diploma, tx: TxInfo, event: EventType, decision: Decision): Diploma['decisions'] {
  return [...d.decisions, { event, number: decision.number, date: decision.date, txId: tx.txId, timestamp: tx.timestamp }];
}

/** Loads the diploma and checks that the caller is an issuer identity of its custodian. */
async function loadForCustodian(ctx: Context, tx: TxInfo, id: string, action: string): Promise<{ diploma: Diploma; custodian: Issuer }> {
  const diploma = await loadDiploma(ctx.stub, id);
  const custodian = await custodianOf(ctx.stub, diploma.issuerCode);
  requireIssuerIdentity(tx, custodian, action);
  return { diploma, custodian };
}

export async function correctDiploma(ctx: Context, raw: string): Promise<{ diploma: Diploma }> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['diplomaId', 'documentHash', 'decision', 'changedFields', 'reason']);
  const id = v.diplomaId(req.diplomaId, 'diplomaId').id;
  const newHash = v.documentHash(req.documentHash, 'documentHash');
  const decision = v.decision(req.decision, 'decision', tx.date);
  const changedFields = v.changedFields(req.changedFields, 'changedFields');
  const reason = v.oneOf(req.reason, 'reason', CORRECTION_REASONS);

  const { diploma } = await loadForCustodian(ctx, tx, id, 'correcting');
  await requireSignerForHash(ctx.stub, tx);
  requireValid(diploma, 'corrected');
  const owner = await findHash(ctx.stub, newHash);
  if (owner || newHash === diploma.documentHash) {
    fail('HASH_CONFLICT', `document hash ${newHash} is already recorded (diploma ${owner?.diplomaId ?? id}); a correction needs the hash of the corrected document`);
  }

  const version = diploma.version + 1;
  const details = { changedFields, previousHash: diploma.documentHash, reason, version };
  const corrected: Diploma = {
    ...diploma,
    documentHash: newHash,
    version,
    previousHashes: [...diploma.previousHashes, { documentHash: diploma.documentHash, version: diploma.version }],
    decisions: withDecision(diploma, tx, 'DiplomaCorrected', decision),
    lastEvent: stamp(tx, 'DiplomaCorrected', decision, details),
  };
  await saveDiploma(ctx.stub, corrected);
  // The old hash's index entry stays as it is: it keeps answering CORRECTED (see VerifyHash).
  await new Store(ctx.stub).create(hashKey(ctx.stub, newHash), { diplomaId: id, version, ...signerStamp(tx) } satisfies HashIndexEntry, diploma.hostMsp);
  emit(ctx.stub, tx, 'DiplomaCorrected', [id], [newHash, diploma.documentHash], details);
  return { diploma: corrected };
}

export async function reissueDiploma(ctx: Context, raw: string): Promise<{ diploma: Diploma; superseded: Diploma }> {
  const tx = txInfo(ctx);
  const req = v.expectObject(
    v.parseRequest(raw, MAX_REQUEST),
    '',
    ['diplomaId', 'serialNumber', 'documentHash', 'registerEntryNumber', 'dateOfSigning', 'decision'],
    ['changedFields', 'diplomaType', 'graduationYear'],
  );
  const oldId = v.diplomaId(req.diplomaId, 'diplomaId').id;
  const decision = v.decision(req.decision, 'decision', tx.date);
  const changedFields = req.changedFields === undefined ? [] : v.changedFields(req.changedFields, 'changedFields');
  if (req.diplomaType !== undefined) v.oneOf(req.diplomaType, 'diplomaType', DIPLOMA_TYPES);

  const { diploma: old, custodian } = await loadForCustodian(ctx, tx, oldId, 'reissuing');
  await requireSignerForHash(ctx.stub, tx);
  requireValid(old, 'reissued');
  // The new diploma goes into the custodian's register (the original issuer, or its successor).
  const item = parseItem(
    {
      ...req,
      diplomaType: req.diplomaType ?? old.diplomaType,
      graduationYear: req.graduationYear ?? old.graduationYear,
    },
    custodian.code,
    tx,
    '',
  );
  assertCanIssue(custodian, item.diplomaType, item.dateOfSigning);
  if (item.diplomaId === oldId) fail('DIPLOMA_ID_CONFLICT', `a reissue needs a new serial number (${oldId} is the diploma being replaced)`);
  const existing = await checkAgainstLedger(ctx.stub, item);
  if (existing) fail('DIPLOMA_ID_CONFLICT', `Diploma ${item.diplomaId} already exists`);

  const decisions = [{ event: 'DiplomaReissued' as const, number: decision.number, date: decision.date, txId: tx.txId, timestamp: tx.timestamp }];
  const fresh = newDiploma(item, custodian, tx, stamp(tx, 'DiplomaReissued', decision, { changedFields, supersedes: oldId }), decisions, oldId);
  const superseded: Diploma = {
    ...old,
    status: 'SUPERSEDED',
    supersededBy: fresh.diplomaId,
    decisions: withDecision(old, tx, 'DiplomaReissued', decision),
    lastEvent: stamp(tx, 'DiplomaReissued', decision, { changedFields, supersededBy: fresh.diplomaId }),
  };
  await createDiploma(ctx.stub, fresh, signerStamp(tx));
  await saveDiploma(ctx.stub, superseded);
  emit(ctx.stub, tx, 'DiplomaReissued', [fresh.diplomaId, oldId], [fresh.documentHash, old.documentHash], { newId: fresh.diplomaId, supersededId: oldId });
  return { diploma: fresh, superseded };
}

export async function revokeDiploma(ctx: Context, raw: string): Promise<{ diploma: Diploma }> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['diplomaId', 'ground', 'decision']);
  const id = v.diplomaId(req.diplomaId, 'diplomaId').id;
  const ground = v.oneOf(req.ground, 'ground', REVOCATION_GROUNDS);
  const decision = v.decision(req.decision, 'decision', tx.date);

  const diploma = await loadDiploma(ctx.stub, id);
  // The issuer or its successor decides; the Minister may order the revocation of any diploma.
  if (!isMinistryAdmin(tx)) {
    const custodian = await custodianOf(ctx.stub, diploma.issuerCode);
    if (!actsAsIssuer(tx, custodian)) {
      fail('NOT_AUTHORIZED', `only ${custodian.code} (custodian of ${id}) or the Ministry may revoke it (caller: ${describe(tx)})`);
    }
  }
  if (diploma.status === 'REVOKED') fail('ALREADY_REVOKED', `Diploma ${id} was already revoked (tx ${diploma.revocation?.txId ?? '?'})`);
  await requireSignerNotRevoked(ctx.stub, tx);

  const revoked: Diploma = {
    ...diploma,
    status: 'REVOKED',
    revocation: { ground, decision, txId: tx.txId, timestamp: tx.timestamp, mspId: tx.mspId, actorRole: tx.role, actorIssuerCode: tx.role === 'issuer' ? tx.issuerCode : null },
    decisions: withDecision(diploma, tx, 'DiplomaRevoked', decision),
    lastEvent: stamp(tx, 'DiplomaRevoked', decision, { ground }),
  };
  await saveDiploma(ctx.stub, revoked);
  emit(ctx.stub, tx, 'DiplomaRevoked', [id], [diploma.documentHash], { ground });
  return { diploma: revoked };
}

export async function recordCopy(ctx: Context, raw: string): Promise<{ copy: CopyEntry; diploma: Diploma }> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['diplomaId'], ['copies']);
  const id = v.diplomaId(req.diplomaId, 'diplomaId').id;
  const copies = req.copies === undefined ? 1 : v.integer(req.copies, 'copies', 1, MAX_COPIES);

  const { diploma, custodian } = await loadForCustodian(ctx, tx, id, 'recording a copy');
  await requireSignerNotRevoked(ctx.stub, tx);
  requireValid(diploma, 'copied');

  // The copy register is the custodian's, numbered from 1 each calendar year (of the tx time).
  const store = new Store(ctx.stub);
  const seqKey = copySeqKey(ctx.stub, custodian.code, tx.year);
  const seq = await store.get<{ last: number }>(seqKey);
  const copyNumber = (seq?.last ?? 0) + 1;
  if (seq) await store.update(seqKey, { last: copyNumber });
  else await store.create(seqKey, { last: copyNumber }, custodian.hostMsp);

  const copy: CopyEntry = {
    docType: 'copy',
    registerIssuerCode: custodian.code,
    copyYear: tx.year,
    copyNumber,
    copies,
    diplomaId: id,
    documentHash: diploma.documentHash,
    txId: tx.txId,
    timestamp: tx.timestamp,
  };
  await store.create(copyKey(ctx.stub, custodian.code, tx.year, copyNumber), copy, custodian.hostMsp);
  const details = { copies, copyNumber, copyYear: tx.year, registerIssuerCode: custodian.code };
  const updated: Diploma = { ...diploma, copyCount: diploma.copyCount + copies, lastEvent: stamp(tx, 'CopyRecorded', null, details) };
  await saveDiploma(ctx.stub, updated);
  emit(ctx.stub, tx, 'CopyRecorded', [id], [diploma.documentHash], details);
  return { copy, diploma: updated };
}
