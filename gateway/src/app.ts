// The Express application: API v1 under /api/v1, OpenAPI at /api/docs, Prometheus at /metrics,
// the verification portal at /. Security headers on every response (http/security-headers.ts).
// Routers are mounted in an order that lets the schemas register in the OpenAPI document once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import { problemHandler, notFoundHandler } from './errors/problem';
import { httpMetrics } from './http/metrics';
import { publicRateLimit } from './http/rate-limit';
import { noStore, securityHeaders } from './http/security-headers';
import { verifyFastPath } from './http/verify-fast-path';
import { portalRouter } from './portal/static-portal';
import { alertsRouter } from './routes/alerts';
import { auditRouter } from './routes/audit';
import { batchesRouter } from './routes/batches';
import { diplomasRouter } from './routes/diplomas';
import { docsRouter } from './routes/docs';
import { healthRouter } from './routes/health';
import { issuersRouter } from './routes/issuers';
import { lookupRouter } from './routes/lookup';
import { metricsRouter } from './routes/metrics';
import { publicRouter } from './routes/public';
import { signingCertificatesRouter } from './routes/signing-certificates';
import { statisticsRouter } from './routes/statistics';
import { verificationReceiptsRouter } from './routes/verification-receipts';
import { verifyRouter } from './routes/verify';
import type { BatchWorker } from './services/batch-worker';
import type { GatewayContext } from './services/context';

export function createApp(ctx: GatewayContext, batchWorker: BatchWorker): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // Express 5's default "simple" query parser: values are strings (or arrays of strings), never
  // objects, so `?a[$gt]=` cannot smuggle an operator; the strict schemas then reject it.
  app.set('query parser', 'simple');
  const publicLimit = publicRateLimit(ctx.config.publicRateLimitPerMinute);
  const fastPath = verifyFastPath(ctx, publicLimit);
  runBeforeExpress(app, (req, res, next) => securityHeaders(req, res, () => fastPath(req, res, next)));
  app.use(httpMetrics);
  // Bulk verify is counted per caller (its own quota), not per address.
  app.use('/api/v1/verify', (req, res, next) => (req.method === 'POST' && req.path === '/bulk' ? next() : publicLimit.middleware(req, res, next)));
  for (const prefix of ['/api/v1/lookup', '/api/v1/public', '/api/v1/verification-receipts']) app.use(prefix, publicLimit.middleware);
  // Answers that can carry personal data (or, for receipts and challenges, are single-use; a new
  // issuer caller's API key under /issuers).
  for (const prefix of ['/api/v1/lookup', '/api/v1/diplomas', '/api/v1/diploma-batches', '/api/v1/verification-receipts', '/api/v1/audit', '/api/v1/issuers']) app.use(prefix, noStore);
  app.use('/api/v1', healthRouter(ctx.peers, ctx.statusIndex));
  app.use('/api/v1', verifyRouter(ctx));
  app.use('/api/v1', publicRouter(ctx));
  app.use('/api/v1', signingCertificatesRouter(ctx));
  app.use('/api/v1', verificationReceiptsRouter(ctx));
  app.use('/api/v1', lookupRouter(ctx));
  app.use('/api/v1', diplomasRouter(ctx));
  app.use('/api/v1', batchesRouter(ctx, batchWorker));
  app.use('/api/v1', issuersRouter(ctx));
  app.use('/api/v1', statisticsRouter(ctx));
  app.use('/api/v1', alertsRouter(ctx));
  app.use('/api/v1', auditRouter(ctx));
  app.use('/api', docsRouter());
  app.use(metricsRouter());
  app.use(portalRouter(ctx.config.portalDir));
  app.use(notFoundHandler);
  app.use(problemHandler(ctx.log));
  return app;
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
type Handle = (req: IncomingMessage, res: ServerResponse, callback?: (err?: unknown) => void) => void;

/**
 * Puts `first` in front of Express's own request handling (Express 5 routes every request, from
 * `listen` or from a direct call of the app, through `app.handle`): what it answers never pays for
 * Express's per-request set-up (the prototype swap of req and res) and router walk. For cached
 * verify answers that tripled the throughput (docs/gateway.md, "Benchmark").
 * What it passes on is handled by Express exactly as before.
 */
function runBeforeExpress(app: Express, first: NodeHandler): void {
  const target = app as unknown as { handle: Handle };
  const expressHandle = target.handle.bind(app);
  target.handle = (req, res, callback) => first(req, res, () => expressHandle(req, res, callback));
}
