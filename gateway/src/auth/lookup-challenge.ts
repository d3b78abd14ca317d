// Anti-automation for the public lookup: a self-hosted proof of work (altcha, v1 challenges).
// The gateway hands out a challenge signed with its own HMAC key (made once under
// <VANBANG_HOME>/gateway/lookup-challenge.key, 0600) that expires after five minutes; a lookup
// must carry the solution in `X-Altcha` (base64 of the altcha JSON payload). The gateway checks
// the signature and the expiry, and accepts each solution once: solutions seen are remembered
// until their challenge expires.
import path from 'node:path';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge, Payload } from 'altcha-lib/v1/types';
import { ApiError } from '../errors/problem';
import { readOrCreateKeyFile } from './key-file';

export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Solutions remembered at most (at the default rate limit, far more than five minutes' worth). */
const MAX_REMEMBERED = 100_000;

export function loadChallengeKey(home: string): string {
  const file = path.join(home, 'gateway', 'lookup-challenge.key');
  const key = readOrCreateKeyFile(file);
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`${file} must hold 64 hex digits`);
  return key;
}

export const challengeRequired = () => new ApiError(428, 'CHALLENGE_REQUIRED', 'The lookup needs a solved challenge: GET /api/v1/lookup/challenge, solve it, and send the solution in the X-Altcha header (or use an API key)');
const challengeFailed = (why: string) => new ApiError(403, 'CHALLENGE_FAILED', `The challenge solution is not accepted: ${why}. Get a new challenge.`);

export class LookupChallenges {
  /** Signature of each used solution's challenge → when that challenge expires (ms). */
  private readonly used = new Map<string, number>();

  constructor(private readonly hmacKey: string, private readonly maxNumber: number) {}

  async create(now = Date.now()): Promise<Challenge> {
    return createChallenge({ hmacKey: this.hmacKey, maxnumber: this.maxNumber, algorithm: 'SHA-256', expires: new Date(now + CHALLENGE_TTL_MS) });
  }

  /** Accepts the X-Altcha header once, or throws 428 (missing) / 403 (wrong, expired, replayed). */
  async redeem(header: string | string[] | undefined, now = Date.now()): Promise<void> {
    if (header === undefined || header === '') throw challengeRequired();
    if (Array.isArray(header) || header.length > 2000) throw challengeFailed('malformed X-Altcha header');
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Payload;
    } catch {
      throw challengeFailed('X-Altcha is not base64 of a JSON payload');
    }
    if (typeof payload !== 'object' || payload === null || typeof payload.signature !== 'string' || typeof payload.salt !== 'string') {
      throw challengeFailed('X-Altcha is not an altcha payload');
    }
    const expires = Number(extractParams(payload).expires) * 1000; // every challenge made here carries one
    if (!Number.isFinite(expires)) throw challengeFailed('the challenge has no expiry');
    if (!(await verifySolution(payload, this.hmacKey, true))) throw challengeFailed('wrong or expired solution');
    // From here to the set, nothing awaits: two requests with the same solution cannot both pass.
    this.forgetExpired(now);
    if (this.used.has(payload.signature)) throw challengeFailed('this solution was already used');
    if (this.used.size >= MAX_REMEMBERED) this.used.delete(this.used.keys().next().value!); // the oldest expires first
    this.used.set(payload.signature, expires);
  }

  private forgetExpired(now: number): void {
    // Insertion order is expiry order (every challenge lives CHALLENGE_TTL_MS).
    for (const [signature, expires] of this.used) {
      if (expires > now) break;
      this.used.delete(signature);
    }
  }
}
