// Idempotency-Key on writes: the first request with a key runs; concurrent and later requests
// with the same key and the same body wait for it and get the same answer; the same key with a
// different body is a 409. Keys are per caller. A unique _id makes "first" atomic without
// transactions.
//
// When the gateway dies while a request is running, its key stays IN_PROGRESS. If the request had
// recorded its change, the change's pending op carries the key, and whoever commits the change
// (the recovery worker, the event listener) stores the answer the request would have given
// (storeAnswerOfChange), so a retry gets it; if the ledger refuses the change, the key is released
// (releaseKeyOfChange) and a retry runs anew. If the request died before recording anything, the
// key is taken over by a retry once it is ORPHANED_AFTER_MS old. A batch upload names its batch
// as soon as the batch exists: once the batch is received, a retry gets the 202 rebuilt from it;
// if the upload was abandoned, the key is released (settleBatchKey).
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { isDuplicateKey } from '../errors/database-errors';
import { ApiError } from '../errors/problem';
import { collections } from '../models/collections';
import { deleteIf, updateIf } from '../models/guarded-writes';
import type { IdempotencyRecord } from '../models/records';
import { batchAcceptedAnswer } from './write-answers';

declare module 'express-serve-static-core' {
  interface Locals {
    idempotencyId?: string;
    /**
     * What a retry with the same key gets instead of the body sent now, for an answer that holds
     * a secret shown once (a new API key): the secret must not be kept in the database.
     */
    idempotentReplayBody?: Record<string, unknown>;
  }
}

const WAIT_MS = 60_000;
/** Longer than any request runs (the slowest, a 100,000-row upload, takes minutes). */
export const ORPHANED_AFTER_MS = 15 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/**
 * What stands for a streamed body (a batch upload, read only after the key is taken) in the
 * fingerprint: its media type and length, so a different upload under the same key is a 409.
 */
export function streamedBody(contentType: string | undefined, contentLength: string | undefined): Record<string, string | null> {
  return { streamed: contentType ?? null, bytes: contentLength ?? null };
}

/** Middleware for write endpoints (after body parsing and authentication). */
export const idempotency: RequestHandler = async (req, res, next) => {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return next();
  try {
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new ApiError(400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1-200 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'invalid' }]);
    const id = `${req.caller?.name ?? '-'}:${key}`;
    const body = req.body !== undefined ? req.body : streamedBody(req.get('content-type'), req.get('content-length'));
    const fingerprint = requestFingerprint(req.method, req.originalUrl.split('?')[0] ?? '', body);
    for (let attempt = 0; ; attempt++) {
      try {
        await collections.idempotency().insertOne({ _id: id, requestHash: fingerprint, state: 'IN_PROGRESS', resourceId: null, status: null, body: null, contentType: null, createdAt: new Date() });
        break;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if ((await replay(id, fingerprint, res)) === 'done') return;
        // The key was released (its request failed, or was orphaned): take it, once.
        if (attempt > 0) throw new ApiError(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is starting again; retry it');
      }
    }
    res.locals.idempotencyId = id;
    captureResponse(id, res);
    next();
  } catch (err) {
    next(err);
  }
};

/** Sends the stored answer ('done'), or reports the key free again ('released'). */
async function replay(id: string, fingerprint: string, res: Response): Promise<'done' | 'released'> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const rec = await collections.idempotency().findOne({ _id: id });
    if (!rec) return 'released';
    if (rec.requestHash !== fingerprint) throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
    if (rec.state === 'DONE' && rec.status !== null) {
      res.status(rec.status).setHeader('Idempotent-Replayed', 'true');
      res.type(rec.contentType ?? 'application/json').send(rec.body ?? '');
      return 'done';
    }
    if (rec.resourceKind === 'batch' && rec.state === 'IN_PROGRESS') {
      const settled = await settleBatchKey(rec);
      if (settled === 'released') return 'released';
      if (settled === 'answered') continue;
    }
    if (rec.resourceId === null && Date.now() - rec.createdAt.getTime() > ORPHANED_AFTER_MS) {
      // Its request died before recording anything: release the key for this retry to run.
      await deleteIf(collections.idempotency(), id, { state: 'IN_PROGRESS', requestHash: fingerprint, resourceId: null });
      return 'released';
    }
    if (Date.now() > deadline) throw new ApiError(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still in progress; retry later', undefined, { resourceId: rec.resourceId });
    await sleep(100);
  }
}

/**
 * A batch upload's key still IN_PROGRESS. Once the batch is received its 202 is a function of the
 * batch record, so it is stored here: a request that died between receiving the batch and
 * answering still gets its answer to the retry. An upload abandoned by the recovery pass (its
 * request is gone) releases the key; so does a batch that no longer exists, once the key is old
 * (a failing upload deletes its batch just before it answers).
 */
async function settleBatchKey(rec: IdempotencyRecord): Promise<'answered' | 'released' | 'waiting'> {
  const batch = rec.resourceId ? await collections.batches().findOne({ _id: rec.resourceId }) : null;
  if (batch && batch.status !== 'RECEIVING' && batch.status !== 'ABANDONED') {
    await updateIf(collections.idempotency(), rec._id, { state: 'IN_PROGRESS' }, {
      $set: { state: 'DONE', status: 202, body: JSON.stringify(batchAcceptedAnswer(batch)), contentType: 'application/json; charset=utf-8' },
    });
    return 'answered';
  }
  if (batch?.status === 'ABANDONED' || (!batch && Date.now() - rec.createdAt.getTime() > ORPHANED_AFTER_MS)) {
    await deleteIf(collections.idempotency(), rec._id, { state: 'IN_PROGRESS', resourceId: rec.resourceId });
    return 'released';
  }
  return 'waiting';
}

/**
 * Stores the first answer (2xx and 4xx are final; 5xx frees the key so the client can retry —
 * unless the commit step already stored the change's answer: then the change happened, and a
 * retry must get that answer rather than run it again).
 */
function captureResponse(id: string, res: Response): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    const status = res.statusCode;
    const replayBody = res.locals.idempotentReplayBody;
    const text = replayBody !== undefined ? JSON.stringify(replayBody)
      : typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body ?? null);
    const done = status < 500
      ? collections.idempotency().updateOne({ _id: id }, { $set: { state: 'DONE', status, body: text, contentType: String(res.getHeader('Content-Type') ?? 'application/json') } })
      : releaseUnlessOutcomeUnknown(id);
    done.catch(() => undefined);
    return send(body as never);
  };
}

/**
 * A 5xx whose change may still commit (a 503 after the envelope reached an orderer: the record is
 * still pending, carrying this key) keeps the key: whoever resolves the change stores its 201 or
 * releases the key, and a retry gets that instead of running the change a second time (which
 * would meet the pending record's own serial number: 409 DUPLICATE_SERIAL_NUMBER).
 */
async function releaseUnlessOutcomeUnknown(id: string): Promise<void> {
  const rec = await collections.idempotency().findOne({ _id: id });
  if (rec?.resourceId && (rec.resourceKind ?? 'diploma') === 'diploma') {
    const diploma = await collections.diplomas().findOne({ _id: rec.resourceId });
    if (diploma?.pendingOp?.idempotencyId === id) return;
  }
  await releaseKeyOfChange(id);
}

/** The commit step of a change whose request held `id`: stores that request's 201 (if not stored yet). */
export async function storeAnswerOfChange(id: string, body: Record<string, unknown>): Promise<void> {
  await updateIf(collections.idempotency(), id, { state: 'IN_PROGRESS' }, {
    $set: { state: 'DONE', status: 201, body: JSON.stringify(body), contentType: 'application/json; charset=utf-8' },
  });
}

/**
 * Frees a key still IN_PROGRESS: its request failed (5xx), or its change was refused or never
 * reached the ledger. A key whose answer is already stored stays.
 */
export async function releaseKeyOfChange(id: string): Promise<void> {
  await deleteIf(collections.idempotency(), id, { state: 'IN_PROGRESS' });
}

export async function noteIdempotentResource(res: Response, resourceId: string, resourceKind: 'diploma' | 'batch' = 'diploma'): Promise<void> {
  if (res.locals.idempotencyId) await collections.idempotency().updateOne({ _id: res.locals.idempotencyId }, { $set: { resourceId, resourceKind } });
}
