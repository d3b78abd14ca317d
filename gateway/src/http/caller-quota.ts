// Per-caller quotas for authenticated bulk work (bulk verify): counted in items (hashes), per API
// caller, over a one-minute window, with rate-limiter-flexible — independent of the public
// per-address limit, so an agency behind one address is limited by its own allowance only.
// A refused request consumes nothing and is answered 429 with Retry-After.
import type { Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../errors/problem';

export class CallerQuota {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly perMinute: number, private readonly what: string) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  /** Takes `items` from the caller's allowance, or throws a 429 problem; sets the RateLimit headers. */
  async take(caller: string, items: number, res: Response): Promise<void> {
    // rate-limiter-flexible would consume part of an allowance an oversized request exceeds: look first.
    const current = await this.limiter.get(caller);
    const used = current?.consumedPoints ?? 0;
    if (used + items > this.perMinute) {
      const reset = Math.max(1, Math.ceil((current?.msBeforeNext ?? 60_000) / 1000));
      this.headers(res, Math.max(0, this.perMinute - used), reset);
      res.setHeader('Retry-After', String(reset));
      throw new ApiError(429, 'QUOTA_EXCEEDED', `This caller may ${this.what} ${this.perMinute} a minute; ${Math.max(0, this.perMinute - used)} remain in this minute (${items} asked), the allowance renews in ${reset} s`);
    }
    try {
      const after = await this.limiter.consume(caller, items);
      this.headers(res, after.remainingPoints, Math.ceil(after.msBeforeNext / 1000));
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const reset = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      res.setHeader('Retry-After', String(reset));
      throw new ApiError(429, 'QUOTA_EXCEEDED', `This caller may ${this.what} ${this.perMinute} a minute; the allowance renews in ${reset} s`);
    }
  }

  private headers(res: Response, remaining: number, resetSeconds: number): void {
    res.setHeader('RateLimit', `limit=${this.perMinute}, remaining=${remaining}, reset=${resetSeconds}`);
    res.setHeader('RateLimit-Policy', `${this.perMinute};w=60`);
  }
}
