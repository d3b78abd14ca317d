// Prometheus metrics: process defaults, HTTP requests by route and status, ledger submissions, alerts.
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

export const verifyAnswers = new Counter({
  name: 'vanbang_gateway_verify_answers_total',
  help: 'Ledger answers of public verification by where they came from: the status index, the verify cache or a VerifyHash query',
  labelNames: ['source'] as const,
  registers: [metricsRegistry],
});

export const statusIndexLive = new Gauge({
  name: 'vanbang_gateway_status_index_live',
  help: '1 while the status index is caught up with the chain and answers verification, else 0',
  registers: [metricsRegistry],
});

export const statusIndexBlock = new Gauge({
  name: 'vanbang_gateway_status_index_block',
  help: 'Number of the last block the status index has applied',
  registers: [metricsRegistry],
});

export const statusIndexRebuilds = new Counter({
  name: 'vanbang_gateway_status_index_rebuilds_total',
  help: 'Times the status index was dropped and rebuilt from the ledger, by reason (unusable, other-chain, damaged)',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const statusIndexSamples = new Counter({
  name: 'vanbang_gateway_status_index_samples_total',
  help: 'Status index answers compared with VerifyHash by the sampler, by outcome (match, mismatch)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const alertsActive = new Gauge({
  name: 'vanbang_gateway_alerts_active',
  help: 'Alerts firing at the last evaluation, by rule (issuance_spike, revocation_burst, inactive_issuer_issuance, batch_rejections)',
  labelNames: ['rule'] as const,
  registers: [metricsRegistry],
});

export const alertEvents = new Counter({
  name: 'vanbang_gateway_alert_events_total',
  help: 'Alerts that started firing, by rule',
  labelNames: ['rule'] as const,
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

export const anchoringFailures = new Counter({
  name: 'vanbang_gateway_anchoring_failures_total',
  help: 'Anchoring steps that failed, by reason (unreachable, out-of-gas, refused, wrong-chain, timeout, ledger, mismatch, other); the worker retries with back-off',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const anchoringPeriods = new Counter({
  name: 'vanbang_gateway_anchoring_periods_total',
  help: 'Anchoring periods completed by this gateway (root on the EVM chain, transaction recorded on Fabric, proofs stored)',
  registers: [metricsRegistry],
});

export const anchoringLatestPeriod = new Gauge({
  name: 'vanbang_gateway_anchoring_latest_period',
  help: 'The latest anchoring period whose proofs this gateway stores',
  registers: [metricsRegistry],
});

export const anchoringBlocksBehind = new Gauge({
  name: 'vanbang_gateway_anchoring_blocks_behind',
  help: 'Fabric blocks committed after the last anchored period (not yet anchored)',
  registers: [metricsRegistry],
});
