/**
 * The public lookup: fetch an altcha proof-of-work challenge (the gateway uses altcha-lib's v1
 * format: SHA-256(salt + number) = challenge), solve it in the browser with altcha-lib's solver
 * (WebCrypto), send the solution in X-Altcha. The server verifies it and accepts it once.
 */
import { solveChallenge } from 'altcha-lib/v1';
import type { Challenge, Payload } from 'altcha-lib/v1/types';
import { getJson, type Outcome } from './outcome';
import type { LookupResult } from './types';

export interface LookupQuery {
  serialNumber?: string;
  registerNumber?: string;
  fullName?: string;
  dateOfBirth?: string;
}

export function lookupQueryString(q: LookupQuery): string {
  const params = new URLSearchParams();
  for (const key of ['serialNumber', 'registerNumber', 'fullName', 'dateOfBirth'] as const) {
    const value = q[key]?.trim();
    if (value) params.set(key, key === 'fullName' ? value.normalize('NFC') : value);
  }
  return params.toString();
}

/** The API needs two independent facts: an identifier and a personal detail. */
export function lookupQueryComplete(q: LookupQuery): boolean {
  return Boolean((q.serialNumber?.trim() || q.registerNumber?.trim()) && (q.fullName?.trim() || q.dateOfBirth?.trim()));
}

/** Numbers tried per slice: the solver runs slice by slice so the page can show progress. */
const SLICE = 5_000;
const DEFAULT_MAX = 1_000_000;

/**
 * Base64 of the altcha payload JSON, or undefined when no number up to maxnumber solves it.
 * `onProgress` gets the share of the search space tried (0…1): the worst case, so it only grows.
 */
export async function solveLookupChallenge(challenge: Challenge, onProgress: (fraction: number) => void): Promise<string | undefined> {
  const max = challenge.maxnumber ?? DEFAULT_MAX;
  for (let start = 0; start <= max; start += SLICE) {
    const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, Math.min(start + SLICE - 1, max), start).promise;
    if (solution !== null) {
      onProgress(1);
      const payload: Payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature };
      return btoa(JSON.stringify(payload));
    }
    onProgress(Math.min(1, (start + SLICE) / (max + 1)));
  }
  return undefined;
}

export function fetchChallenge(): Promise<Outcome<Challenge>> {
  return getJson<Challenge>('/api/v1/lookup/challenge');
}

export function fetchLookup(q: LookupQuery, altcha: string): Promise<Outcome<{ results: LookupResult[] }>> {
  return getJson<{ results: LookupResult[] }>(`/api/v1/lookup?${lookupQueryString(q)}`, { headers: { 'x-altcha': altcha } });
}
