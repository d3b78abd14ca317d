// API keys: "vbk_" + 32 random bytes (base64url). Only their SHA-256 is stored; a request's key
// is hashed and looked up. A small in-memory cache keeps the hot path (batch rows, verify load)
// off the database.
import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ApiError } from '../errors/problem';
import { collections } from '../models/collections';
import type { CallerRecord, Role } from '../models/records';

export interface Caller {
  name: string;
  role: Role;
  issuerCode: string | null;
  mspId: string;
  identityName: string;
}

export function newApiKey(): string {
  return `vbk_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const CACHE_MS = 30_000;
const cache = new Map<string, { caller: Caller | null; until: number }>();

export function clearCallerCache(): void {
  cache.clear();
}

async function findCaller(key: string): Promise<Caller | null> {
  const hash = hashApiKey(key);
  const hit = cache.get(hash);
  if (hit && hit.until > Date.now()) return hit.caller;
  const record = await collections.callers().findOne({ _id: hash });
  const caller = record ? toCaller(record) : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { caller, until: Date.now() + CACHE_MS });
  return caller;
}

function toCaller(r: CallerRecord): Caller {
  return { name: r.name, role: r.role, issuerCode: r.issuerCode, mspId: r.mspId, identityName: r.identityName };
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

const KEY_PATTERN = /^Bearer (vbk_[A-Za-z0-9_-]{20,100})$/;

/** Requires a valid API key with one of `roles`; sets req.caller. */
export function requireRole(...roles: Role[]): RequestHandler {
  return async (req, res, next) => {
    try {
      const header = req.headers.authorization;
      if (!header) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="vanbang"');
        throw new ApiError(401, 'UNAUTHENTICATED', 'This endpoint needs an API key: Authorization: Bearer <key>');
      }
      const match = KEY_PATTERN.exec(header);
      const caller = match?.[1] ? await findCaller(match[1]) : null;
      if (!caller) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="vanbang", error="invalid_token"');
        throw new ApiError(401, 'INVALID_API_KEY', 'The API key is not valid');
      }
      if (!roles.includes(caller.role)) {
        throw new ApiError(403, 'FORBIDDEN', `Role ${caller.role} may not call this endpoint (allowed: ${roles.join(', ')})`);
      }
      req.caller = caller;
      next();
    } catch (err) {
      next(err);
    }
  };
}
