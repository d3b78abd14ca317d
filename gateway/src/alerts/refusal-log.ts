// What the ledger never records and the rules still need: issuances the chaincode refused because
// the issuer is suspended or merged (nothing is committed, so no block shows them), and batches
// with many rejected rows. Kept in memory for the alert hold time and, once the gateway has given
// it a store (useNoteStore, alerts/alert-note-store.ts), written through to the database and read
// back at start, so a restart does not forget them.
import { LedgerError } from '../errors/ledger-errors';
import type { AlertFinding } from './alert-types';

/** The chaincode's refusals of an issuance because of the issuer's own status. */
const INACTIVE_ISSUER_CODES = new Set(['ISSUER_SUSPENDED', 'ISSUER_MERGED']);

interface Refusals {
  issuerCode: string;
  hostMsp: string | null;
  code: string;
  attempts: number;
  first: number;
  last: number;
}

const refusedIssuances = new Map<string, Refusals>();
const rejectedBatches = new Map<string, AlertFinding & { at: number }>();

/** Where the notes are kept beyond this process; none in unit tests. */
export interface NoteStore {
  save(id: string, value: Record<string, unknown>): void;
  load(): Promise<{ id: string; value: Record<string, unknown> }[]>;
}
let store: NoteStore | undefined;

/** Keeps the notes in `s` from now on, after taking back those it holds (within `holdMs`). */
export async function useNoteStore(s: NoteStore, holdMs: number, now = Date.now()): Promise<void> {
  store = s;
  for (const { id, value } of await s.load()) {
    if (id.startsWith('issuer:')) {
      const r = value as unknown as Refusals;
      if (now - r.last <= holdMs) refusedIssuances.set(id.slice('issuer:'.length), r);
    } else if (id.startsWith('batch:')) {
      const b = value as unknown as AlertFinding & { at: number };
      if (now - b.at <= holdMs) rejectedBatches.set(id.slice('batch:'.length), b);
    }
  }
}

/** ISSUER_SUSPENDED / ISSUER_MERGED came back for an issuance (`rows` diplomas) by this issuer. */
export function noteRefusedIssuance(issuerCode: string, hostMsp: string | null, code: string, rows = 1, now = Date.now()): void {
  const key = `${issuerCode}|${code}`;
  const r = refusedIssuances.get(key) ?? { issuerCode, hostMsp, code, attempts: 0, first: now, last: now };
  r.attempts += rows;
  r.last = now;
  refusedIssuances.set(key, r);
  store?.save(`issuer:${key}`, { ...r });
}

/** Notes `err` when it is the ledger refusing an issuance for a suspended or merged issuer; returns whether it was. */
export function noteIfInactiveIssuer(err: unknown, issuerCode: string, hostMsp: string | null, rows = 1): boolean {
  if (!(err instanceof LedgerError) || !INACTIVE_ISSUER_CODES.has(err.code)) return false;
  noteRefusedIssuance(issuerCode, hostMsp, err.code, rows);
  return true;
}

/** A batch is over: kept when its share of rejected rows reaches the threshold. */
export function noteBatchOutcome(batch: { batchId: string; issuerCode: string; hostMsp: string | null; committed: number; failed: number; startedAt: Date },
  limits: { batchRejectedShare: number; batchMinRows: number }, now = Date.now()): void {
  const rows = batch.committed + batch.failed;
  if (rows < limits.batchMinRows || batch.failed / rows < limits.batchRejectedShare) return;
  const finding: AlertFinding & { at: number } = {
    rule: 'batch_rejections', subject: { kind: 'batch', issuerCode: batch.issuerCode, hostMsp: batch.hostMsp, batchId: batch.batchId },
    window: { from: batch.startedAt.toISOString(), to: new Date(now).toISOString() }, observed: batch.failed / rows, threshold: limits.batchRejectedShare,
    detail: `${batch.failed} of ${rows} rows rejected`, at: now,
  };
  rejectedBatches.set(batch.batchId, finding);
  store?.save(`batch:${batch.batchId}`, { ...finding });
}

/** The findings of rules (c) and (d) still within the hold time; older ones are dropped. */
export function refusalFindings(holdMs: number, now = Date.now()): AlertFinding[] {
  const out: AlertFinding[] = [];
  for (const [key, r] of refusedIssuances) {
    if (now - r.last > holdMs) {
      refusedIssuances.delete(key);
      continue;
    }
    out.push({
      rule: 'inactive_issuer_issuance', subject: { kind: 'issuer', issuerCode: r.issuerCode, hostMsp: r.hostMsp, batchId: null },
      window: { from: new Date(r.first).toISOString(), to: new Date(r.last).toISOString() }, observed: r.attempts, threshold: 1,
      detail: `${r.attempts} diploma(s) refused by the ledger with ${r.code}`,
    });
  }
  for (const [id, b] of rejectedBatches) {
    if (now - b.at > holdMs) rejectedBatches.delete(id);
    else out.push({ rule: b.rule, subject: b.subject, window: b.window, observed: b.observed, threshold: b.threshold, detail: b.detail });
  }
  return out;
}

/** For tests: forget everything this process holds (as a restart would), and the store. */
export function clearRefusals(): void {
  refusedIssuances.clear();
  rejectedBatches.clear();
  store = undefined;
}
