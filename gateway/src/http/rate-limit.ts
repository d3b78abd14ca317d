// Per-client-address rate limit for the public endpoints (verify, lookup), answered with a
// problem+json 429. One store holds the counts, so the verify fast path (verify-fast-path.ts)
// and the Express middleware count the same requests against the same limit.
import type { IncomingMessage } from 'node:http';
import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { ApiError, sendProblem } from '../errors/problem';

export const RATE_WINDOW_MS = 60_000;

/** The client's key: its address (IPv6 grouped by /56, as express-rate-limit recommends). */
export function clientKey(req: IncomingMessage): string {
  return ipKeyGenerator(req.socket.remoteAddress ?? 'unknown');
}

export interface PublicRateLimit {
  middleware: RequestHandler;
  store: MemoryStore;
  perMinute: number;
}

export function publicRateLimit(perMinute: number): PublicRateLimit {
  const store = new MemoryStore();
  const middleware = rateLimit({
    windowMs: RATE_WINDOW_MS,
    limit: perMinute,
    store,
    keyGenerator: (req) => clientKey(req),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => sendProblem(res, new ApiError(429, 'RATE_LIMITED', `More than ${perMinute} requests a minute from this address; slow down`), req.originalUrl.split('?')[0]),
  });
  return { middleware, store, perMinute };
}
