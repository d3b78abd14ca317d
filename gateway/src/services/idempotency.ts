// Idempotency-Key on writes: the first request with a key runs; concurrent and later requests
// with the same key and the same body wait for it and get the same answer; the same key with a
// different body is a 409. Keys are per caller. A unique _id makes "first" atomic without
// transactions.
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { isDuplicateKey } from '../errors/database-errors';
import { ApiError } from '../errors/problem';
import { collections } from '../models/collections';

declare module 'express-serve-static-core' {
  interface Locals {
    idempotencyId?: string;
  }
}

const WAIT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/** Middleware for JSON write endpoints (after body parsing and authentication). */
export const idempotency: RequestHandler = async (req, res, next) => {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return next();
  try {
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new ApiError(400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1-200 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'invalid' }]);
    const id = `${req.caller?.name ?? '-'}:${key}`;
    const fingerprint = requestFingerprint(req.method, req.originalUrl.split('?')[0] ?? '', req.body);
    try {
      await collections.idempotency().insertOne({ _id: id, requestHash: fingerprint, state: 'IN_PROGRESS', resourceId: null, status: null, body: null, contentType: null, createdAt: new Date() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return await replay(id, fingerprint, res);
    }
    res.locals.idempotencyId = id;
    captureResponse(id, res);
    next();
  } catch (err) {
    next(err);
  }
};

async function replay(id: string, fingerprint: string, res: Response): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const rec = await collections.idempotency().findOne({ _id: id });
    if (!rec) throw new ApiError(409, 'IDEMPOTENCY_KEY_IN_USE', 'The request with this Idempotency-Key failed; retry it');
    if (rec.requestHash !== fingerprint) throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
    if (rec.state === 'DONE' && rec.status !== null) {
      res.status(rec.status).setHeader('Idempotent-Replayed', 'true');
      res.type(rec.contentType ?? 'application/json').send(rec.body ?? '');
      return;
    }
    if (Date.now() > deadline) throw new ApiError(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still in progress; retry later', undefined, { resourceId: rec.resourceId });
    await sleep(100);
  }
}

/** Stores the first answer (2xx and 4xx are final; 5xx frees the key so the client can retry). */
function captureResponse(id: string, res: Response): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    const status = res.statusCode;
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body ?? null);
    const done = status < 500
      ? collections.idempotency().updateOne({ _id: id }, { $set: { state: 'DONE', status, body: text, contentType: String(res.getHeader('Content-Type') ?? 'application/json') } })
      : collections.idempotency().deleteOne({ _id: id });
    done.catch(() => undefined);
    return send(body as never);
  };
}

export async function noteIdempotentResource(res: Response, resourceId: string): Promise<void> {
  if (res.locals.idempotencyId) await collections.idempotency().updateOne({ _id: res.locals.idempotencyId }, { $set: { resourceId } });
}
