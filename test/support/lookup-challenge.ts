// Solving the public lookup's proof of work in Node, as the portal does in the browser: fetch a
// challenge, find its number with altcha-lib's solver, and encode the payload for X-Altcha.
import { solveChallenge } from 'altcha-lib/v1';

export interface LookupChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

export async function fetchLookupChallenge(gatewayUrl: string): Promise<LookupChallenge> {
  const res = await fetch(`${gatewayUrl}/api/v1/lookup/challenge`);
  if (res.status !== 200) throw new Error(`GET /api/v1/lookup/challenge answered ${res.status}`);
  return (await res.json()) as LookupChallenge;
}

/** The X-Altcha header value that solves `challenge`. */
export async function solveLookupChallenge(challenge: LookupChallenge): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  if (!solution) throw new Error('the lookup challenge has no solution below its maxnumber');
  const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
}

/** A fresh, solved challenge for one lookup: the headers to send with it. */
export async function lookupChallengeHeaders(gatewayUrl: string): Promise<Record<string, string>> {
  return { 'x-altcha': await solveLookupChallenge(await fetchLookupChallenge(gatewayUrl)) };
}
