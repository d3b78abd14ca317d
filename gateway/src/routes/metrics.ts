// GET /metrics: Prometheus exposition format.
import { Router } from 'express';
import { metricsRegistry } from '../http/metrics';

export function metricsRouter(): Router {
  const r = Router();
  r.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  return r;
}
