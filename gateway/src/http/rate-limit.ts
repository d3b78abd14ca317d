// Per-client-address rate limit for the public endpoints (verify, lookup), answered with a
// problem+json 429.
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { ApiError, sendProblem } from '../errors/problem';

export function publicRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => sendProblem(res, new ApiError(429, 'RATE_LIMITED', `More than ${perMinute} requests a minute from this address; slow down`), req.originalUrl.split('?')[0]),
  });
}
