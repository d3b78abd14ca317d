// "Record first, then submit, then mark committed": the pending change stored on a diploma's
// document is submitted to the ledger, then applied (committed) or abandoned. The same code is
// used by the request handlers, the recovery worker (after a crash) and the event listener (when
// the commit is first seen as a chaincode event), and every step is conditional on the pending
// op's id, so whichever runs first wins and the others become no-ops.
import { randomUUID } from 'node:crypto';
import { LedgerError } from '../errors/ledger-errors';
import { collections } from '../models/collections';
import { findIf, updateIf, deleteIf } from '../models/guarded-writes';
import type { DiplomaRecord, PendingOp } from '../models/records';
import { committedChangeAnswer } from './write-answers';
import type { GatewayContext } from './context';
import { releaseKeyOfChange, storeAnswerOfChange } from './idempotency';

export const LEASE_MS = 120_000;
/** After this long without a commit, a submitted transaction is considered lost and is resubmitted. */
export const IN_FLIGHT_MS = 60_000;

export function newPendingOp(kind: PendingOp['kind'], fn: string, arg: Record<string, unknown>, identityName: string,
  endorsingOrganizations: string[] | null, meta: Record<string, unknown> = {}, idempotencyId: string | null = null): PendingOp {
  return {
    opId: randomUUID(), kind, fn, arg, identityName, endorsingOrganizations, txId: null, submittedAt: null, leaseUntil: new Date(Date.now() + LEASE_MS),
    attempts: 0, meta, idempotencyId,
  };
}

/**
 * Notes a change before it is recorded on the diploma, so the recovery worker finds it after a
 * crash without scanning the diplomas (a stale note, whose change never got recorded or is over,
 * is simply dropped by the worker).
 */
export async function notePendingChange(diplomaId: string, opId: string): Promise<void> {
  await collections.pendingChanges().insertOne({ _id: `${diplomaId}|${opId}`, diplomaId, opId, createdAt: new Date() });
}

export async function dropPendingNote(diplomaId: string, opId: string): Promise<void> {
  await collections.pendingChanges().deleteOne({ _id: `${diplomaId}|${opId}` });
}

export interface CommitOutcome {
  txId: string;
  blockNumber: number | null;
  result: unknown;
  /** The record as committed by this call (null if another step, e.g. the event listener, committed it first). */
  record: DiplomaRecord | null;
}

/**
 * Whether the change certainly did not happen, so that its pending record can be undone. A
 * LedgerError's notCommitted speaks for this submission only: when an earlier submission of the
 * same op (its transaction id is on the op) had an unknown outcome — it may still be in an
 * orderer's log, e.g. a Raft leader that lost its quorum, and be committed once the quorum is
 * back — the ledger being unavailable now says nothing about it. Then the record stays pending
 * and the recovery worker tries again; a business rejection (the chaincode refused it, e.g. the
 * earlier copy was committed meanwhile) still ends it.
 */
export function certainlyNotCommitted(err: unknown, op: Pick<PendingOp, 'txId'>): err is LedgerError {
  if (!(err instanceof LedgerError) || !err.notCommitted) return false;
  return !(op.txId && err.code === 'LEDGER_UNAVAILABLE');
}

/** Submits the pending op of `diplomaId` and applies the outcome. Throws LedgerError on failure. */
export async function executePending(ctx: GatewayContext, diplomaId: string, op: PendingOp): Promise<CommitOutcome> {
  let outcome;
  try {
    outcome = await ctx.ledger.submit<unknown>(op.identityName, op.fn, op.arg, {
      endorsingOrganizations: op.endorsingOrganizations,
      signerCertificateId: op.signerCertificateId,
      onTxId: async (txId) => {
        await updateIf(collections.diplomas(), diplomaId, { 'pendingOp.opId': op.opId }, {
          $set: { 'pendingOp.txId': txId, 'pendingOp.submittedAt': new Date(), 'pendingOp.attempts': op.attempts + 1 },
        });
      },
    });
  } catch (err) {
    if (certainlyNotCommitted(err, op)) {
      await abandonPending(ctx, diplomaId, op, err.message);
    } else {
      // Outcome unknown: let the recovery worker resolve it from the ledger.
      await updateIf(collections.diplomas(), diplomaId, { 'pendingOp.opId': op.opId }, { $set: { pendingUntil: new Date(), 'pendingOp.leaseUntil': new Date() } }).catch(() => undefined);
    }
    throw err;
  }
  const record = await applyCommit(ctx, diplomaId, op.opId, outcome.txId, outcome.blockNumber, outcome.result);
  return { ...outcome, record };
}

interface LedgerDiplomaLike {
  revocation?: { ground: string; decision: { number: string; date: string }; timestamp?: string } | null;
}

/**
 * Marks the pending op of `diplomaId` committed and returns the committed record (null, doing
 * nothing, if the op is no longer pending).
 */
export async function applyCommit(ctx: GatewayContext, diplomaId: string, opId: string, txId: string, blockNumber: number | null, result: unknown): Promise<DiplomaRecord | null> {
  const d = collections.diplomas();
  const mine = { 'pendingOp.opId': opId };
  const record = await findIf(d, diplomaId, mine);
  if (!record || !record.pendingOp) return null;
  const op = record.pendingOp;
  const now = new Date();
  const clear = { pendingOp: null, pendingUntil: null, updatedAt: now };
  const commitVersion = (hash: string) => record.versions.map((v) =>
    v.documentHash === hash ? { ...v, state: 'COMMITTED' as const, txId, blockNumber, committedAt: now } : v);
  switch (op.kind) {
    case 'ISSUE':
    case 'REISSUE': {
      await updateIf(d, diplomaId, mine, {
        $set: { ...clear, state: 'COMMITTED', issuedTxId: txId, issuedBlockNumber: blockNumber, versions: commitVersion(record.currentHash) },
      });
      if (op.kind === 'REISSUE') {
        const oldId = String(op.meta.oldId);
        await updateIf(d, oldId, mine, { $set: { ...clear, status: 'SUPERSEDED', supersededBy: diplomaId } });
        await dropPendingNote(oldId, opId);
        ctx.verifyCache.evict([oldId], []);
        ctx.statusIndex?.expectChange([oldId], [], blockNumber);
      }
      break;
    }
    case 'CORRECT': {
      const newHash = String(op.meta.newHash);
      const version = record.versions.find((v) => v.documentHash === newHash)?.version ?? record.currentVersion + 1;
      await updateIf(d, diplomaId, mine, {
        $set: { ...clear, currentHash: newHash, currentVersion: version, versions: commitVersion(newHash) },
      });
      break;
    }
    case 'REVOKE': {
      const diploma = (result as { diploma?: LedgerDiplomaLike } | null)?.diploma;
      const meta = op.meta as { ground: string; decision: { number: string; date: string } };
      await updateIf(d, diplomaId, mine, {
        $set: { ...clear, status: 'REVOKED', revocation: { ground: meta.ground, decision: meta.decision, txId, blockNumber, timestamp: diploma?.revocation?.timestamp ?? null } },
      });
      break;
    }
    case 'COPY': {
      const copy = (result as { copy?: { copyNumber: number; copyYear: number; copies: number } } | null)?.copy;
      const meta = op.meta as { decision: { number: string; date: string } | null; copies: number };
      await updateIf(d, diplomaId, mine, {
        $set: clear,
        $push: { copies: { copyNumber: copy?.copyNumber ?? 0, copyYear: copy?.copyYear ?? new Date().getUTCFullYear(), copies: copy?.copies ?? meta.copies, decision: meta.decision, txId, blockNumber } },
      });
      break;
    }
    case 'SUPERSEDE':
      return null; // finalized through the new diploma's REISSUE op
  }
  ctx.verifyCache.evict([diplomaId], record.versions.map((v) => v.documentHash));
  ctx.statusIndex?.expectChange([diplomaId], record.versions.map((v) => v.documentHash), blockNumber);
  await dropPendingNote(diplomaId, opId);
  // Read once: it answers the request (executePending's caller) and, for a key, any retry of it.
  const done = await collections.diplomas().findOne({ _id: diplomaId });
  if (op.idempotencyId && done) await storeAnswerOfChange(op.idempotencyId, await committedChangeAnswer(op.kind, done, txId, blockNumber, result));
  return done;
}

/** The ledger refused the change (or never saw it): undo the pending record so nothing is orphaned. */
export async function abandonPending(ctx: GatewayContext, diplomaId: string, op: PendingOp, reason: string): Promise<void> {
  const d = collections.diplomas();
  ctx.log.info({ diplomaId, kind: op.kind, reason }, 'pending change abandoned');
  switch (op.kind) {
    case 'ISSUE':
    case 'REISSUE':
      await deleteIf(d, diplomaId, { 'pendingOp.opId': op.opId, state: 'PENDING' });
      if (op.kind === 'REISSUE') await updateIf(d, String(op.meta.oldId), { 'pendingOp.opId': op.opId }, { $set: { pendingOp: null, pendingUntil: null } });
      break;
    case 'CORRECT': {
      const record = await findIf(d, diplomaId, { 'pendingOp.opId': op.opId });
      if (!record) break;
      await updateIf(d, diplomaId, { 'pendingOp.opId': op.opId }, {
        $set: { versions: record.versions.filter((v) => v.state === 'COMMITTED'), pendingOp: null, pendingUntil: null, updatedAt: new Date() },
      });
      break;
    }
    default:
      await updateIf(d, diplomaId, { 'pendingOp.opId': op.opId }, { $set: { pendingOp: null, pendingUntil: null, updatedAt: new Date() } });
  }
  await dropPendingNote(diplomaId, op.opId);
  // The change did not happen: its request may run again with the same key (and meet the same refusal).
  if (op.idempotencyId) await releaseKeyOfChange(op.idempotencyId);
}

interface HistoryEntry {
  eventType: string;
  txId: string;
  documentHash: string;
  timestamp: string;
}

/** The ledger transaction that carried out `op`, if it is on the ledger. */
async function findCommittedTx(ctx: GatewayContext, record: DiplomaRecord, op: PendingOp): Promise<string | null> {
  // The history (not the transaction id alone) decides: an id in a block may have been invalidated.
  let history: HistoryEntry[];
  try {
    history = (await ctx.ledger.evaluate<{ history: HistoryEntry[] }>('GetHistory', { diplomaId: record._id })).history;
  } catch (err) {
    if (err instanceof LedgerError && err.code === 'DIPLOMA_NOT_FOUND') return null;
    throw err;
  }
  const match = (pred: (h: HistoryEntry) => boolean) => history.find(pred)?.txId ?? null;
  switch (op.kind) {
    case 'ISSUE':
      return match((h) => (h.eventType === 'DiplomaIssued' || h.eventType === 'DiplomasIssued') && h.documentHash === record.currentHash);
    case 'REISSUE':
      return match((h) => h.eventType === 'DiplomaReissued');
    case 'CORRECT':
      return match((h) => h.eventType === 'DiplomaCorrected' && h.documentHash === op.meta.newHash);
    case 'REVOKE':
      return match((h) => h.eventType === 'DiplomaRevoked');
    case 'COPY':
      return op.txId ? match((h) => h.txId === op.txId) : null;
    default:
      return null;
  }
}

/**
 * Brings one pending record to a final state: committed if its transaction is on the ledger,
 * resubmitted if it was lost, left alone while a submitted transaction may still commit.
 */
export async function resolvePending(ctx: GatewayContext, record: DiplomaRecord): Promise<'committed' | 'resubmitted' | 'waiting' | 'abandoned'> {
  const op = record.pendingOp;
  if (!op) return 'committed';
  if (op.kind === 'SUPERSEDE') {
    // The lock on the old diploma of a reissue: the new diploma's op decides. Release it if that op is gone.
    const newRecord = await findIf(collections.diplomas(), String(op.meta.newId), { 'pendingOp.opId': op.opId });
    if (newRecord) return 'waiting';
    const ledgerOld = await ctx.ledger.evaluate<{ status: string; supersededBy: string | null }>('GetDiploma', { diplomaId: record._id }).catch(() => null);
    await updateIf(collections.diplomas(), record._id, { 'pendingOp.opId': op.opId }, {
      $set: { pendingOp: null, pendingUntil: null, ...(ledgerOld?.status === 'SUPERSEDED' ? { status: 'SUPERSEDED', supersededBy: ledgerOld.supersededBy } : {}) },
    });
    await dropPendingNote(record._id, op.opId);
    return 'abandoned';
  }
  const txId = await findCommittedTx(ctx, record, op);
  if (txId) {
    const blockNumber = await ctx.ledger.blockOfTransaction(txId);
    const result = op.kind === 'REVOKE' ? { diploma: await ctx.ledger.evaluate('GetDiploma', { diplomaId: record._id }) } : null;
    await applyCommit(ctx, record._id, op.opId, txId, blockNumber, result);
    return 'committed';
  }
  if (op.submittedAt && Date.now() - op.submittedAt.getTime() < IN_FLIGHT_MS) return 'waiting';
  // Take the lease, then resubmit the very same change (idempotent on the ledger for issuance).
  const leased = await updateIf(collections.diplomas(), record._id, { 'pendingOp.opId': op.opId, pendingUntil: record.pendingUntil },
    { $set: { pendingUntil: new Date(Date.now() + LEASE_MS), 'pendingOp.leaseUntil': new Date(Date.now() + LEASE_MS) } });
  if (!leased) return 'waiting';
  try {
    await executePending(ctx, record._id, op);
    return 'resubmitted';
  } catch (err) {
    if (certainlyNotCommitted(err, op)) return 'abandoned';
    throw err;
  }
}
