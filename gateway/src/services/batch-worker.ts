// Puts a received batch on the ledger: PENDING rows are read in order, 500 at a time (the
// chaincode's maximum), and submitted as IssueDiplomas transactions with several in flight at
// once (they touch disjoint keys). A committed chunk marks its rows COMMITTED with transaction
// id and block. A row the ledger rejects is dropped from its chunk and reported; the rest is
// retried. After a crash, PROCESSING batches resume: IssueDiplomas is idempotent on the ledger,
// so rows that had in fact been committed come back as "existing" and are marked from the
// ledger's own record (their original transaction and block), never issued twice.
import { noteBatchOutcome, noteIfInactiveIssuer } from '../alerts/refusal-log';
import { LedgerError } from '../errors/ledger-errors';
import { batchRows, ledgerSubmissions } from '../http/metrics';
import { collections } from '../models/collections';
import { deleteIf, updateIf } from '../models/guarded-writes';
import { retryBusy } from '../errors/database-errors';
import type { BatchChunk, BatchRecord } from '../models/records';
import { storeFailurePage } from './batch-failures';
import { chunkId, deleteBatchRows } from './batch-ingest';
import { recordChunkCommit } from './batch-rows';
import type { GatewayContext } from './context';
import { endorsersFor, getIssuer } from './issuers';

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
        // Only uploads idle for a minute: a live upload of another gateway process may be running.
        if (Date.now() - b.updatedAt.getTime() > 60_000) {
          await deleteBatchRows(b);
          await retryBusy(() => updateIf(collections.batches(), b._id, { status: 'RECEIVING' }, { $set: { status: 'ABANDONED', updatedAt: new Date() } }));
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
    const inFlight = new Set<Promise<boolean>>();
    let allDone = true;
    for (let seq = 0; seq < batch.chunks; seq++) {
      if (this.stopped) return;
      const id = chunkId(batchId, seq);
      if (await collections.batchChunkCommits().findOne({ _id: id })) continue; // committed before a restart
      const chunk = await collections.batchChunks().findOne({ _id: id });
      if (!chunk || chunk.rows.length === 0) continue;
      const p: Promise<boolean> = this.submitChunk(batch, chunk, endorsers)
        .catch((err: Error) => {
          // Left PENDING: the next recovery pass resumes the batch.
          this.ctx.log.warn({ batchId, seq, err: err.message }, 'chunk not committed yet');
          return false;
        })
        .then((ok) => {
          inFlight.delete(p);
          if (!ok) allDone = false;
          return ok;
        });
      inFlight.add(p);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (allDone && !this.stopped) await this.complete(batch);
  }

  private async complete(batch: BatchRecord): Promise<void> {
    let committed = 0;
    for (let seq = 0; seq < batch.chunks; seq++) {
      const id = chunkId(batch._id, seq);
      const commit = await collections.batchChunkCommits().findOne({ _id: id });
      if (!commit) continue;
      // Written by the event listener alone (the worker died before its own write): count the manifest.
      committed += commit.rows ?? (await collections.batchChunks().findOne({ _id: id }))?.rows.length ?? 0;
    }
    const fresh = await collections.batches().findOne({ _id: batch._id });
    await retryBusy(() => collections.batches().updateOne({ _id: batch._id }, {
      $set: { status: 'COMPLETED', committed, validated: committed, completedAt: new Date(), updatedAt: new Date() },
    }));
    this.ctx.log.info({ batchId: batch._id, committed, failed: fresh?.failed }, 'batch completed');
    // Alert rule d: a batch with a high share of rejected rows (validation and ledger refusals).
    const hostMsp = (await getIssuer(this.ctx.ledger, batch.issuerCode).catch(() => null))?.hostMsp ?? null;
    noteBatchOutcome({ batchId: batch._id, issuerCode: batch.issuerCode, hostMsp, committed, failed: fresh?.failed ?? 0, startedAt: batch.createdAt }, this.ctx.config.alerts);
  }

  /** Submits one chunk until it is committed (rows the ledger rejects are taken out). */
  private async submitChunk(batch: BatchRecord, chunk: BatchChunk, endorsers: string[] | null): Promise<boolean> {
    let rows = chunk.rows;
    for (let attempt = 0; rows.length > 0; attempt++) {
      try {
        const out = await this.ctx.ledger.submit<IssueDiplomasResult>(batch.identityName, 'IssueDiplomas',
          { issuerCode: batch.issuerCode, diplomas: rows.map((r) => r.item) }, {
            endorsingOrganizations: endorsers,
            signerCertificateId: batch.signerCertificateId,
            onTxId: (txId) => retryBusy(() => collections.batchTransactions().insertOne({ _id: txId, chunkId: chunk._id })).then(() => undefined),
          });
        ledgerSubmissions.inc({ function: 'IssueDiplomas', outcome: 'committed' });
        await this.markCommitted(batch._id, chunk._id, rows, out.result, out.txId, out.blockNumber);
        return true;
      } catch (err) {
        ledgerSubmissions.inc({ function: 'IssueDiplomas', outcome: 'failed' });
        if (!(err instanceof LedgerError)) throw err;
        if (err.isBusinessRejection) {
          const index = /diplomas\[(\d+)\]/.exec(err.message)?.[1];
          const culprits = index !== undefined && rows[Number(index)] ? [rows[Number(index)]!] : rows;
          if (err.code === 'ISSUER_SUSPENDED' || err.code === 'ISSUER_MERGED') {
            const hostMsp = (await getIssuer(this.ctx.ledger, batch.issuerCode).catch(() => null))?.hostMsp ?? null;
            noteIfInactiveIssuer(err, batch.issuerCode, hostMsp, culprits.length); // alert rule c
          }
          await this.rejectRows(batch._id, chunk._id, culprits, `${err.code}: ${err.message}`);
          rows = rows.filter((r) => !culprits.includes(r));
          continue;
        }
        if (attempt >= MAX_TRANSIENT_RETRIES) throw err;
        this.ctx.log.warn({ batchId: batch._id, chunk: chunk.seq, err: err.message, attempt }, 'chunk failed, retrying');
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
      }
    }
    // Every row was refused: the chunk is over with nothing committed.
    await recordChunkCommit({ _id: chunk._id, txId: null, blockNumber: null, rows: 0 });
    return true;
  }

  private async markCommitted(batchId: string, chunkDocId: string, rows: BatchChunk['rows'], result: IssueDiplomasResult,
    txId: string, blockNumber: number): Promise<void> {
    // Before anything records the rows as committed (a client polling the batch may verify at
    // once): no verify answer from before this commit may be served for them.
    this.ctx.verifyCache.evict(rows.map((r) => r.id), rows.map((r) => String(r.item.documentHash)));
    this.ctx.statusIndex?.expectChange(rows.map((r) => r.id), rows.map((r) => String(r.item.documentHash)), blockNumber);
    const now = new Date();
    const committedBy = new Map<string, { txId: string; block: number | null }>();
    for (const d of result.diplomas) if (d.created) committedBy.set(d.diplomaId, { txId, block: blockNumber });
    // Already on the ledger (committed before a crash): take the original transaction from the ledger.
    const blocks = new Map<string, number | null>();
    for (const d of result.diplomas.filter((x) => !x.created)) {
      const ledger = await this.ctx.ledger.evaluate<{ issuedTxId: string }>('GetDiploma', { diplomaId: d.diplomaId });
      if (!blocks.has(ledger.issuedTxId)) blocks.set(ledger.issuedTxId, await this.ctx.ledger.blockOfTransaction(ledger.issuedTxId));
      committedBy.set(d.diplomaId, { txId: ledger.issuedTxId, block: blocks.get(ledger.issuedTxId) ?? null });
    }
    // One small write for the whole chunk: the rows read as COMMITTED through it (batch-rows.ts).
    const rowCommits: Record<string, { txId: string; blockNumber: number | null }> = {};
    for (const [id, c] of committedBy) if (c.txId !== txId) rowCommits[id] = { txId: c.txId, blockNumber: c.block };
    await recordChunkCommit({ _id: chunkDocId, txId, blockNumber, rows: rows.length, ...(Object.keys(rowCommits).length > 0 ? { rowCommits } : {}) });
    batchRows.inc({ outcome: 'committed' }, rows.length);
    await retryBusy(() => collections.batches().updateOne({ _id: batchId }, { $inc: { committed: rows.length }, $set: { updatedAt: now } }));
  }

  private async rejectRows(batchId: string, chunkDocId: string, culprits: BatchChunk['rows'], reason: string): Promise<void> {
    const rows = culprits.map((r) => ({ row: r.row, serialNumber: String(r.item.serialNumber), stage: 'LEDGER' as const, errors: [{ field: '/', message: reason }] }));
    const batch = await collections.batches().findOne({ _id: batchId });
    // A batch made before failure pages keeps its failures row by row (batch-failures.ts reads either).
    const page = batch?.failurePages ? await storeFailurePage(batchId, rows) : null;
    if (!page) await retryBusy(() => collections.batchFailures().insertMany(rows.map((r) => ({ ...r, batchId, createdAt: new Date() }))));
    for (const r of culprits) await retryBusy(() => deleteIf(collections.diplomas(), r.id, { state: 'PENDING', batchId }));
    const chunk = await collections.batchChunks().findOne({ _id: chunkDocId });
    const ids = new Set(culprits.map((c) => c.id));
    if (chunk) await retryBusy(() => collections.batchChunks().updateOne({ _id: chunkDocId }, { $set: { rows: chunk.rows.filter((r) => !ids.has(r.id)) } }));
    await retryBusy(() => collections.batches().updateOne({ _id: batchId }, { $inc: { failed: culprits.length, validated: -culprits.length }, ...(page ? { $push: { failurePages: page } } : {}) }));
    batchRows.inc({ outcome: 'failed' }, culprits.length);
  }
}
