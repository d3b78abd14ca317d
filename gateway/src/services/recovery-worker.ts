// Resumes pending work after a crash (or a lost commit status): every few seconds, the records
// whose pending op's lease expired are resolved against the ledger (committed / resubmitted /
// abandoned), and PROCESSING batches are resumed.
import { collections } from '../models/collections';
import type { BatchWorker } from './batch-worker';
import type { GatewayContext } from './context';
import { resolvePending } from './pending-ops';

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
      const due = await collections.diplomas().find({ pendingUntil: { $lte: new Date() } }).limit(200).toArray();
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
