// Receiving a cohort: rows are streamed from the request (JSON array or CSV), validated one by
// one, made into signed documents and stored as PENDING records 500 at a time — never the
// whole upload in memory. Invalid rows are recorded with their reasons. Only once the upload is
// complete does the batch become PROCESSING (the ledger sees nothing before), so an upload cut
// short leaves nothing behind: its rows are deleted.
import { validateDiplomaFields } from '@vanbang/document';
import type { Request } from 'express';
import mongoose from 'mongoose';
import type { Caller } from '../auth/api-keys';
import { csvRows, CsvHeaderError } from '../batch/csv-rows';
import { jsonArrayElements, JsonArrayStreamError } from '../batch/json-array-stream';
import { isDuplicateKey, retryBusy } from '../errors/database-errors';
import { ApiError } from '../errors/problem';
import { batchRows } from '../http/metrics';
import { collections } from '../models/collections';
import { deleteIf } from '../models/guarded-writes';
import type { BatchFailureRow, BatchRecord, DiplomaRecord } from '../models/records';
import { deleteFailurePages, storeFailurePage } from './batch-failures';
import type { GatewayContext } from './context';
import { makeSignedDocument } from './documents';
import { ensureCertificate, storedDocument } from './stored-documents';
import { addLookupKeys } from './lookup-keys';
import { checkIssuerFor, pendingDiplomaRecord } from './issuance';

export const MAX_BATCH_ROWS = 100_000;
const WRITE_CHUNK = 500;

interface RowInput {
  index: number;
  value?: unknown;
  error?: string;
}

/**
 * Streams `req` into a new batch. `onCreated` runs as soon as the batch record exists (before any
 * row is read), so an Idempotency-Key can name the batch from the start.
 */
export async function ingestBatch(ctx: GatewayContext, caller: Caller, req: Request, format: 'json' | 'csv',
  onCreated: (batchId: string) => Promise<void> = async () => undefined): Promise<BatchRecord> {
  const issuer = await checkIssuerFor(ctx, caller, caller.issuerCode ?? '');
  const now = new Date();
  const batch: BatchRecord = {
    _id: new mongoose.Types.ObjectId().toHexString(), callerName: caller.name, issuerCode: issuer._id, identityName: caller.identityName, format,
    status: 'RECEIVING', total: 0, validated: 0, committed: 0, failed: 0, chunks: 0, failurePages: [], createdAt: now, receivedAt: null, completedAt: null, updatedAt: now,
  };
  await collections.batches().insertOne(batch);
  // Every row is signed by this one identity: its certificate is stored once, with the first row.
  // A renewal during the upload does not change it: the chunks' transactions are signed with the
  // same certificate (BatchRecord.signerCertificateId), which stays valid well past the batch.
  const signer = ctx.vault.get(caller.identityName);
  let certificateId: string | undefined;
  const serials = new Set<string>();
  const registers = new Set<string>();
  let records: DiplomaRecord[] = [];
  let failures: BatchFailureRow[] = [];
  const failurePages = batch.failurePages!;
  const firstFailures: BatchFailureRow[] = []; // for the 400 of a batch with no valid row

  const flush = async () => {
    if (records.length > 0) {
      const toWrite = records;
      records = [];
      // The manifest first: whatever happens next, every stored row is reachable from it.
      const seq = batch.chunks++;
      const id = chunkId(batch._id, seq);
      const rows = toWrite.map((r) => ({
        id: r._id, row: r.batchRow ?? -1,
        item: { serialNumber: r.serialNumber, documentHash: r.currentHash, diplomaType: r.diplomaType, graduationYear: r.graduationYear, registerEntryNumber: r.registerEntryNumber, dateOfSigning: r.dateOfSigning },
      }));
      for (const r of toWrite) r.batchChunkId = id;
      await retryBusy(() => collections.batchChunks().insertOne({ _id: id, batchId: batch._id, seq, rows }));
      const rejected = new Set<number>();
      await retryBusy(() => addLookupKeys(toWrite));
      try {
        await retryBusy(() => collections.diplomas().insertMany(toWrite, { ordered: false }));
      } catch (err) {
        const writeErrors = (err as { writeErrors?: { index: number; err?: { errmsg?: string }; errmsg?: string }[] }).writeErrors;
        if (!isDuplicateKey(err) && !writeErrors) throw err;
        for (const we of writeErrors ?? []) {
          const rec = toWrite[we.index];
          if (!rec) continue;
          rejected.add(we.index);
          const register = (await collections.diplomas().countDocuments({ _id: rec._id }, { limit: 1 })) === 0;
          failures.push(failure(rec.batchRow ?? -1, rec.serialNumber, register
            ? { field: '/registerEntryNumber', message: `DUPLICATE_REGISTER_NUMBER: register entry number ${rec.registerEntryNumber} is already used` }
            : { field: '/serialNumber', message: `DUPLICATE_SERIAL_NUMBER: serial number ${rec.serialNumber} is already used` }));
          batch.validated--;
        }
      }
      if (rejected.size > 0) {
        // Rows refused by the unique indexes belong to other diplomas: drop them from the manifest.
        await retryBusy(() => collections.batchChunks().updateOne({ _id: id }, { $set: { rows: rows.filter((_, i) => !rejected.has(i)) } }));
      }
    }
    if (failures.length > 0) {
      batch.failed += failures.length;
      batchRows.inc({ outcome: 'failed' }, failures.length);
      const toStore = failures;
      failures = [];
      firstFailures.push(...toStore.slice(0, 100 - firstFailures.length));
      failurePages.push(await storeFailurePage(batch._id, toStore));
    }
    await retryBusy(() => collections.batches().updateOne({ _id: batch._id }, {
      $set: { total: batch.total, validated: batch.validated, failed: batch.failed, chunks: batch.chunks, failurePages, updatedAt: new Date() },
    }));
  };

  // Chunk k is written while chunk k+1 is being built (at most one write in flight): the
  // database works on one core while validation, salting and signing run on the other.
  let writing: Promise<void> = Promise.resolve();
  const flushBehind = async () => {
    await writing;
    writing = flush();
    writing.catch(() => undefined); // handled: the next `await writing` rethrows it
  };

  try {
    await onCreated(batch._id);
    const rows: AsyncIterable<RowInput> = format === 'csv' ? csvRows(req) : jsonArrayElements(req);
    for await (const row of rows) {
      batch.total++;
      if (batch.total > MAX_BATCH_ROWS) throw new ApiError(413, 'BATCH_TOO_LARGE', `A batch holds at most ${MAX_BATCH_ROWS} rows`);
      if (row.error !== undefined) {
        failures.push(failure(row.index, null, { field: '/', message: row.error }));
        continue;
      }
      const validated = validateDiplomaFields(row.value);
      if (!validated.ok) {
        const serial = (row.value as { serialNumber?: unknown } | null)?.serialNumber;
        failures.push(failure(row.index, typeof serial === 'string' ? serial.slice(0, 32) : null, ...validated.errors.slice(0, 10)));
        continue;
      }
      const fields = validated.value;
      const registerKey = `${fields.diplomaType}|${fields.dateOfSigning.slice(0, 4)}|${fields.registerEntryNumber}`;
      const problem = fields.issuerCode !== issuer._id
        ? { field: '/issuerCode', message: `this batch issues for ${issuer._id} only` }
        : serials.has(fields.serialNumber) ? { field: '/serialNumber', message: `DUPLICATE_IN_BATCH: serial number ${fields.serialNumber} appears earlier in this batch` }
          : registers.has(registerKey) ? { field: '/registerEntryNumber', message: `DUPLICATE_IN_BATCH: register entry number ${fields.registerEntryNumber} appears earlier in this batch` }
            : null;
      if (problem) {
        failures.push(failure(row.index, fields.serialNumber, problem));
        continue;
      }
      serials.add(fields.serialNumber);
      registers.add(registerKey);
      const doc = makeSignedDocument(fields, signer);
      certificateId ??= await ensureCertificate(doc.signature.certificatePem);
      records.push(pendingDiplomaRecord(fields, storedDocument(doc, certificateId), issuer, caller.name, { batchId: batch._id, batchRow: row.index }));
      batch.validated++;
      if (records.length >= WRITE_CHUNK || failures.length >= WRITE_CHUNK) await flushBehind();
    }
    await writing;
    await flush();
    if (batch.total === 0) throw new ApiError(400, 'VALIDATION_FAILED', 'The batch has no rows', [{ field: '/', message: 'empty' }]);
    if (batch.validated === 0) {
      // Nothing to issue: answer with the row errors instead of creating an empty batch.
      throw new ApiError(400, 'VALIDATION_FAILED', `None of the ${batch.total} rows can be issued`,
        firstFailures.flatMap((f) => f.errors.map((e) => ({ field: `/${f.row}${e.field === '/' ? '' : e.field}`, message: e.message }))));
    }
  } catch (err) {
    await writing.catch(() => undefined); // never delete rows while a write of them is still running
    await abandonBatch(batch._id).catch(() => undefined);
    if (err instanceof JsonArrayStreamError || err instanceof CsvHeaderError) {
      throw new ApiError(400, 'VALIDATION_FAILED', `The batch body is malformed: ${err.message}`, [{ field: '/', message: err.message }]);
    }
    if ((err as { code?: string }).code?.startsWith?.('CSV_')) {
      throw new ApiError(400, 'VALIDATION_FAILED', `The CSV is malformed: ${(err as Error).message}`, [{ field: '/', message: (err as Error).message }]);
    }
    throw err;
  }
  batchRows.inc({ outcome: 'validated' }, batch.validated);
  batch.status = 'PROCESSING';
  batch.receivedAt = new Date();
  batch.received = { total: batch.total, validated: batch.validated, failed: batch.failed };
  await retryBusy(() => collections.batches().updateOne({ _id: batch._id }, { $set: {
    status: 'PROCESSING', chunks: batch.chunks, receivedAt: batch.receivedAt, total: batch.total, validated: batch.validated, failed: batch.failed,
    received: batch.received, signerCertificateId: certificateId, updatedAt: new Date(),
  } }));
  return batch;
}

export function chunkId(batchId: string, seq: number): string {
  return `${batchId}:${String(seq).padStart(6, '0')}`;
}

function failure(row: number, serialNumber: string | null, ...errors: { field: string; message: string }[]): BatchFailureRow {
  return { row, serialNumber, stage: 'VALIDATION', errors };
}

/** An upload that did not complete: remove its rows (none reached the ledger) and mark it. */
export async function abandonBatch(batchId: string): Promise<void> {
  const batch = await collections.batches().findOne({ _id: batchId });
  if (!batch) return;
  await deleteBatchRows(batch);
  if (batch.status === 'RECEIVING') await deleteFailurePages(batch.failurePages ?? []);
  // A batch that never got a 202 leaves no trace but the audit log.
  await deleteIf(collections.batches(), batchId, { status: 'RECEIVING' });
}

/** Deletes the PENDING rows of a batch, found through its chunk manifests (by _id, no scan). */
export async function deleteBatchRows(batch: Pick<BatchRecord, '_id' | 'chunks'>): Promise<void> {
  const batchId = batch._id;
  // One past the count: the manifest being written when the upload broke off may not be counted yet.
  for (let seq = 0; seq < batch.chunks + 1; seq++) {
    const chunk = await collections.batchChunks().findOne({ _id: chunkId(batchId, seq) });
    if (!chunk) continue;
    for (const r of chunk.rows) await retryBusy(() => deleteIf(collections.diplomas(), r.id, { state: 'PENDING', batchId }));
    await retryBusy(() => collections.batchChunks().deleteOne({ _id: chunk._id }));
  }
}
