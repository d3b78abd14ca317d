// GET /lookup: the public register lookup (exact match on every given field), behind a proof of
// work (auth/lookup-challenge.ts) unless the caller has an API key (agencies' bulk path).
// GET /lookup/challenge: a fresh challenge.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/api-keys';
import { loadChallengeKey, LookupChallenges } from '../auth/lookup-challenge';
import { ApiError } from '../errors/problem';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, json, lookupQuery, problemSchema } from '../http/schemas';
import type { GatewayContext } from '../services/context';
import { lookupDiplomas, type LookupQuery } from '../services/lookup';

const challengeSchema = z.object({
  algorithm: z.literal('SHA-256'), challenge: z.string(), maxnumber: z.number().int(), salt: z.string(), signature: z.string(),
}).openapi('LookupChallenge');

const lookupHeaders = z.object({
  'x-altcha': z.string().optional().openapi({ description: 'Base64 of the altcha JSON payload {algorithm, challenge, number, salt, signature} solving a challenge of GET /lookup/challenge; not needed with an API key' }),
});

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

export function lookupRouter(ctx: GatewayContext): Router {
  const r = Router();
  const challenges = new LookupChallenges(loadChallengeKey(ctx.config.home), ctx.config.lookupPowMaxNumber);
  const anyCaller = requireRole('issuer', 'department-admin', 'ministry-admin', 'auditor');
  /** An API key (any role) or a solved challenge, used once. */
  const keyOrChallenge: RequestHandler = (req, res, next) => {
    if (req.headers.authorization !== undefined) return anyCaller(req, res, next);
    challenges.redeem(req.headers['x-altcha']).then(() => next(), next);
  };

  r.get('/lookup/challenge', endpoint({
    method: 'get', path: '/lookup/challenge', tag: 'Verification',
    summary: 'A proof-of-work challenge (altcha, SHA-256) for one public lookup; it expires after 5 minutes',
    responses: { 200: json('The challenge: find number ≤ maxnumber with SHA-256(salt + number) = challenge', challengeSchema), 429: commonErrors[429] },
  }), async (_req, res) => {
    res.json(await challenges.create());
  });

  r.get('/lookup', endpoint({
    method: 'get', path: '/lookup', tag: 'Verification',
    query: lookupQuery,
    headers: lookupHeaders,
    summary: 'Public lookup: serialNumber or registerNumber, and fullName or dateOfBirth; all given fields must match exactly',
    description: 'Needs a solved challenge in X-Altcha (each solution once), or an API key (Authorization: Bearer).',
    responses: {
      200: json('Published fields of the matching diplomas', z.object({ results: z.array(z.object({}).passthrough()) })),
      ...commonErrors,
      403: problem('CHALLENGE_FAILED: the solution is wrong, expired or already used (or the caller may not do this)'),
      428: problem('CHALLENGE_REQUIRED: no X-Altcha solution and no API key'),
    },
  }), (req, _res, next) => {
    const q = req.valid?.query as LookupQuery;
    // Two independent facts are needed, so the lookup cannot be used to enumerate the register.
    if (!(q.serialNumber || q.registerNumber) || !(q.fullName || q.dateOfBirth)) {
      return next(new ApiError(400, 'VALIDATION_FAILED', 'Give serialNumber or registerNumber, and fullName or dateOfBirth', [
        { field: q.serialNumber || q.registerNumber ? 'fullName' : 'serialNumber', message: 'required' },
      ]));
    }
    next();
  }, keyOrChallenge, async (req, res) => {
    res.json({ results: await lookupDiplomas(ctx, req.valid?.query as LookupQuery) });
  });
  return r;
}
