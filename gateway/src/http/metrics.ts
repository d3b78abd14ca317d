// Prometheus metrics: process defaults, HTTP requests by route and status, ledger submissions.
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'vanbang_gateway_' });

const httpDuration = new Histogram({
  name: 'vanbang_gateway_http_request_duration_seconds',
  help: 'HTTP request duration by route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const ledgerSubmissions = new Counter({
  name: 'vanbang_gateway_ledger_submissions_total',
  help: 'Ledger transactions submitted, by function and outcome',
  labelNames: ['function', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const batchRows = new Counter({
  name: 'vanbang_gateway_batch_rows_total',
  help: 'Batch rows by outcome (validated, committed, failed)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const chaincodeEvents = new Counter({
  name: 'vanbang_gateway_chaincode_events_total',
  help: 'Chaincode events applied to the database, by event name',
  labelNames: ['event'] as const,
  registers: [metricsRegistry],
});

export const httpMetrics: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    end({ method: req.method, route: `${req.baseUrl}${route}`, status: String(res.statusCode) });
  });
  next();
};

/** For requests answered before the httpMetrics middleware (the verify fast path). */
export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  httpDuration.observe({ method, route, status: String(status) }, seconds);
}
