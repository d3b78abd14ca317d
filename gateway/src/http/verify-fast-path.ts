// GET /api/v1/verify/{hash} is the public's hot path (every QR scan, every employer's check).
// When the gateway knows the answer without a chaincode query (the status index, or the verify
// cache while the index is behind), it is sent from here, before Express
// (app.ts, runBeforeExpress): the same body, rate limit and metrics as the full route, without
// Express's request set-up, routers and schema validation (most of its CPU time under load).
// Anything else — a cache miss, a malformed hash, a client over its limit — goes on to the full
// route, which answers it (and fills the cache). A browser (portal/browser-redirect.ts) is sent
// to the portal's page with a 303, here as on the full route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LedgerVerifyResult } from '../ledger/verify-cache';
import { prefersHtml, redirectToPortal } from '../portal/browser-redirect';
import type { GatewayContext } from '../services/context';
import { anchorMember, knownLedgerAnswer, publicVerifyView, type KnownAnswer } from '../services/verification';
import { observeRequest } from './metrics';
import { clientKey, RATE_WINDOW_MS, type PublicRateLimit } from './rate-limit';

const PATH = /^\/api\/v1\/verify\/([0-9a-f]{64})$/;
const ROUTE = '/api/v1/verify/:documentHash';

// Serialized once per cached answer (the cache replaces the object when the answer changes). An
// index answer is a new object each time: it is serialized without being kept.
const bodies = new WeakMap<LedgerVerifyResult, string>();

// With anchoring on, the body also carries the hash's anchor (read from the proof index, which
// changes as periods are anchored): serialized each time.
async function bodyOf(ctx: GatewayContext, { answer, from }: KnownAnswer): Promise<string> {
  const { anchor } = await anchorMember(ctx, answer);
  if (anchor !== undefined) return JSON.stringify({ ...publicVerifyView(answer), anchor });
  if (from === 'index') return JSON.stringify(publicVerifyView(answer));
  let body = bodies.get(answer);
  if (body === undefined) bodies.set(answer, (body = JSON.stringify(publicVerifyView(answer))));
  return body;
}

export function verifyFastPath(ctx: GatewayContext, limit: PublicRateLimit): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    if (req.method !== 'GET') return next();
    const hash = PATH.exec(req.url ?? '')?.[1];
    const known = hash ? knownLedgerAnswer(ctx, hash) : undefined;
    if (!known) return next();
    const started = process.hrtime.bigint();
    limit.store.increment(clientKey(req)).then(async ({ totalHits, resetTime }) => {
      if (totalHits > limit.perMinute) return next(); // the full route answers the 429
      if (prefersHtml(req.headers.accept)) {
        redirectToPortal(res, hash!);
        observeRequest('GET', ROUTE, 303, Number(process.hrtime.bigint() - started) / 1e9);
        return;
      }
      const body = await bodyOf(ctx, known);
      const reset = Math.max(0, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000));
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        RateLimit: `limit=${limit.perMinute}, remaining=${Math.max(0, limit.perMinute - totalHits)}, reset=${reset}`,
        'RateLimit-Policy': `${limit.perMinute};w=${RATE_WINDOW_MS / 1000}`,
      });
      res.end(body);
      observeRequest('GET', ROUTE, 200, Number(process.hrtime.bigint() - started) / 1e9);
    }, () => next());
  };
}
