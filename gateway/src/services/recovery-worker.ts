// Resumes pending work after a crash (or a lost commit status): every few seconds, the records
// whose pending op's lease expired (found through their pending-change notes) are resolved
// against the ledger (committed / resubmitted / abandoned), and PROCESSING batches are resumed.
import { collections } from '../models/collections';
import type { BatchWorker } from './batch-worker';
import type { GatewayContext } from './context';
import { dropPendingNote, resolvePending } from './pending-ops';

/** A note younger than this may belong to a change whose record is being written right now. */
const NOTE_GRACE_MS = 60_000;

export class RecoveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly ctx: GatewayContext, private readonly batches: BatchWorker, private readonly intervalMs = 5_000) {}

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass; returns how many pending records it looked at. */
  async runOnce(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      // The notes of pending changes (a small collection), each checked against its diploma by _id.
      const notes = await collections.pendingChanges().find({}).limit(500).toArray();
      const due = [];
      for (const note of notes) {
        const record = await collections.diplomas().findOne({ _id: note.diplomaId });
        if (record?.pendingOp?.opId !== note.opId) {
          // That change is over, or was never recorded (the note is written just before the record).
          if (Date.now() - note.createdAt.getTime() > NOTE_GRACE_MS) await dropPendingNote(note.diplomaId, note.opId);
        } else if (record.pendingUntil && record.pendingUntil.getTime() <= Date.now()) {
          due.push(record);
        }
      }
      for (const record of due) {
        try {
          const outcome = await resolvePending(this.ctx, record);
          this.ctx.log.info({ diplomaId: record._id, kind: record.pendingOp?.kind, outcome }, 'recovered pending change');
        } catch (err) {
          this.ctx.log.warn({ diplomaId: record._id, err: (err as Error).message }, 'could not resolve pending change yet');
        }
      }
      await this.batches.resumeAll();
      return due.length;
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).message }, 'recovery pass failed');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
