// Puts a received batch on the ledger: PENDING rows are read in order, 500 at a time (the
// chaincode's maximum), and submitted as IssueDiplomas transactions with several in flight at
// once (they touch disjoint keys). A committed chunk marks its rows COMMITTED with transaction
// id and block. A row the ledger rejects is dropped from its chunk and reported; the rest is
// retried. After a crash, PROCESSING batches resume: IssueDiplomas is idempotent on the ledger,
// so rows that had in fact been committed come back as "existing" and are marked from the
// ledger's own record (their original transaction and block), never issued twice.
import { LedgerError } from '../errors/ledger-errors';
import { batchRows, ledgerSubmissions } from '../http/metrics';
import { collections } from '../models/collections';
import type { BatchRecord, DiplomaRecord } from '../models/records';
import type { GatewayContext } from './context';
import { endorsersFor, getIssuer } from './issuers';

const CHUNK = 500;
const MAX_TRANSIENT_RETRIES = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface IssueDiplomasResult {
  diplomas: { created: boolean; diplomaId: string; documentHash: string }[];
  txId: string;
}

export class BatchWorker {
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly ctx: GatewayContext) {}

  /** Starts (or joins) processing of a batch. */
  kick(batchId: string): Promise<void> {
    let p = this.running.get(batchId);
    if (!p) {
      p = this.process(batchId)
        .catch((err: Error) => this.ctx.log.error({ batchId, err: err.message }, 'batch processing interrupted; will resume'))
        .finally(() => this.running.delete(batchId));
      this.running.set(batchId, p);
    }
    return p;
  }

  /** Resumes every batch left PROCESSING (e.g. by a crash) and abandons incomplete uploads. */
  async resumeAll(): Promise<void> {
    for (const b of await collections.batches().find({ status: { $in: ['PROCESSING', 'RECEIVING'] } }).toArray()) {
      if (b.status === 'RECEIVING') {
        // Only uploads older than a minute: a live upload of another gateway process may be running.
        if (Date.now() - b.updatedAt.getTime() > 60_000) {
          await collections.diplomas().deleteMany({ batchId: b._id, state: 'PENDING' });
          await collections.batches().updateOne({ _id: b._id, status: 'RECEIVING' }, { $set: { status: 'ABANDONED', updatedAt: new Date() } });
        }
        continue;
      }
      void this.kick(b._id);
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private async process(batchId: string): Promise<void> {
    const batch = await collections.batches().findOne({ _id: batchId });
    if (!batch || batch.status !== 'PROCESSING') return;
    const issuer = await getIssuer(this.ctx.ledger, batch.issuerCode);
    const endorsers = issuer ? endorsersFor(issuer.hostMsp, this.ctx.profile.ministryMspId) : null;
    const concurrency = this.ctx.config.batchConcurrency;
    const inFlight = new Set<Promise<void>>();
    let lastRow = -1;
    for (;;) {
      if (this.stopped) return;
      const rows = await collections.diplomas().find({ batchId, state: 'PENDING', batchRow: { $gt: lastRow } }, {
        projection: { _id: 1, serialNumber: 1, currentHash: 1, diplomaType: 1, graduationYear: 1, registerEntryNumber: 1, dateOfSigning: 1, batchRow: 1 },
      }).sort({ batchRow: 1 }).limit(CHUNK).toArray();
      if (rows.length === 0) {
        await Promise.all(inFlight);
        const left = await collections.diplomas().countDocuments({ batchId, state: 'PENDING' });
        if (left === 0) break;
        lastRow = -1; // rows a failed chunk gave back: go round again
        await sleep(1000);
        continue;
      }
      lastRow = rows[rows.length - 1]!.batchRow ?? lastRow;
      const p = this.submitChunk(batch, rows as DiplomaRecord[], endorsers).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await this.complete(batchId);
  }

  private async complete(batchId: string): Promise<void> {
    const committed = await collections.diplomas().countDocuments({ batchId, state: 'COMMITTED' });
    const failed = await collections.batchFailures().countDocuments({ batchId });
    await collections.batches().updateOne({ _id: batchId }, { $set: { status: 'COMPLETED', committed, failed, completedAt: new Date(), updatedAt: new Date() } });
    this.ctx.log.info({ batchId, committed, failed }, 'batch completed');
  }

  private async submitChunk(batch: BatchRecord, rows: DiplomaRecord[], endorsers: string[] | null): Promise<void> {
    let remaining = rows;
    for (let attempt = 0; remaining.length > 0; attempt++) {
      const arg = {
        issuerCode: batch.issuerCode,
        diplomas: remaining.map((r) => ({
          serialNumber: r.serialNumber, documentHash: r.currentHash, diplomaType: r.diplomaType, graduationYear: r.graduationYear,
          registerEntryNumber: r.registerEntryNumber, dateOfSigning: r.dateOfSigning,
        })),
      };
      try {
        const out = await this.ctx.ledger.submit<IssueDiplomasResult>(batch.identityName, 'IssueDiplomas', arg, { endorsingOrganizations: endorsers });
        ledgerSubmissions.inc({ function: 'IssueDiplomas', outcome: 'committed' });
        await this.markCommitted(batch._id, out.result, out.txId, out.blockNumber);
        return;
      } catch (err) {
        ledgerSubmissions.inc({ function: 'IssueDiplomas', outcome: 'failed' });
        if (!(err instanceof LedgerError)) throw err;
        if (err.isBusinessRejection) {
          const index = /diplomas\[(\d+)\]/.exec(err.message)?.[1];
          const culprits = index !== undefined && remaining[Number(index)] ? [remaining[Number(index)]!] : remaining;
          await this.rejectRows(batch._id, culprits, `${err.code}: ${err.message}`);
          remaining = remaining.filter((r) => !culprits.includes(r));
          continue;
        }
        if (attempt >= MAX_TRANSIENT_RETRIES) throw err; // left PENDING: the next resume retries
        this.ctx.log.warn({ batchId: batch._id, err: err.message, attempt }, 'chunk failed, retrying');
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
      }
    }
  }

  private async markCommitted(batchId: string, result: IssueDiplomasResult, txId: string, blockNumber: number): Promise<void> {
    const now = new Date();
    const created = result.diplomas.filter((d) => d.created).map((d) => d.diplomaId);
    if (created.length > 0) {
      await collections.diplomas().updateMany({ _id: { $in: created }, state: 'PENDING' }, {
        $set: {
          state: 'COMMITTED', issuedTxId: txId, issuedBlockNumber: blockNumber, updatedAt: now,
          'versions.0.state': 'COMMITTED', 'versions.0.txId': txId, 'versions.0.blockNumber': blockNumber, 'versions.0.committedAt': now,
        },
      });
    }
    // Already on the ledger (committed before a crash): take the original transaction from the ledger.
    const blocks = new Map<string, number | null>();
    for (const d of result.diplomas.filter((x) => !x.created)) {
      const ledger = await this.ctx.ledger.evaluate<{ issuedTxId: string; documentHash: string }>('GetDiploma', { diplomaId: d.diplomaId });
      if (!blocks.has(ledger.issuedTxId)) blocks.set(ledger.issuedTxId, await this.ctx.ledger.blockOfTransaction(ledger.issuedTxId));
      const block = blocks.get(ledger.issuedTxId) ?? null;
      await collections.diplomas().updateOne({ _id: d.diplomaId, state: 'PENDING' }, {
        $set: {
          state: 'COMMITTED', issuedTxId: ledger.issuedTxId, issuedBlockNumber: block, updatedAt: now,
          'versions.0.state': 'COMMITTED', 'versions.0.txId': ledger.issuedTxId, 'versions.0.blockNumber': block, 'versions.0.committedAt': now,
        },
      });
    }
    batchRows.inc({ outcome: 'committed' }, result.diplomas.length);
    await collections.batches().updateOne({ _id: batchId }, { $inc: { committed: result.diplomas.length }, $set: { updatedAt: now } });
    this.ctx.verifyCache.evict(result.diplomas.map((d) => d.diplomaId), result.diplomas.map((d) => d.documentHash));
  }

  private async rejectRows(batchId: string, rows: DiplomaRecord[], reason: string): Promise<void> {
    await collections.batchFailures().insertMany(rows.map((r) => ({
      batchId, row: r.batchRow ?? -1, serialNumber: r.serialNumber, stage: 'LEDGER' as const,
      errors: [{ field: '/', message: reason }], createdAt: new Date(),
    })));
    await collections.diplomas().deleteMany({ _id: { $in: rows.map((r) => r._id) }, state: 'PENDING' });
    await collections.batches().updateOne({ _id: batchId }, { $inc: { failed: rows.length, validated: -rows.length } });
    batchRows.inc({ outcome: 'failed' }, rows.length);
  }
}
