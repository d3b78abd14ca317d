// /alerts: what the alert rules find firing now (alerts/, docs/gateway.md "Alerts"), for the
// Ministry (all) and the Departments (alerts about the issuers they host; national ones are the
// Ministry's). The same alerts are Prometheus metrics (vanbang_gateway_alerts_active{rule}).
import { Router } from 'express';
import { requireRole } from '../auth/api-keys';
import { evaluateAlerts } from '../alerts/alert-book';
import { alertsAnswer, alertsQuery, type AlertsQuery } from '../alerts/alert-schemas';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, json } from '../http/schemas';
import type { Role } from '../models/records';
import { auditLog } from '../services/audit-log';
import type { GatewayContext } from '../services/context';

const READERS: Role[] = ['ministry-admin', 'department-admin'];

export function alertsRouter(ctx: GatewayContext): Router {
  const r = Router();
  r.get('/alerts', requireRole(...READERS), auditLog('alerts.list', ctx.log), endpoint({
    method: 'get', path: '/alerts', tag: 'Statistics', roles: READERS, query: alertsQuery,
    summary: 'Alerts firing now: issuance spikes, revocation bursts, issuance by a suspended or merged issuer, batches with many rejected rows',
    description: 'The Ministry sees every alert; a Department those about the issuers it hosts.',
    responses: { 200: json('The alerts, newest first', alertsAnswer), ...commonErrors },
  }), (req, res) => {
    const now = Date.now();
    const caller = req.caller!;
    const { rule } = req.valid?.query as AlertsQuery;
    const alerts = evaluateAlerts(ctx, now)
      .filter((a) => caller.role === 'ministry-admin' || a.subject.hostMsp === caller.mspId)
      .filter((a) => !rule || a.rule === rule);
    res.json({ alerts, evaluatedAt: new Date(now).toISOString() });
  });
  return r;
}
