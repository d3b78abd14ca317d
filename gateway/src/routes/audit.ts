// GET /audit/reconciliation (auditors): every difference between MongoDB and the ledger.
// GET /audit/recovery (auditors, the Ministry): what the last restore brought back and what it could not.
import { Router } from 'express';
import { requireRole } from '../auth/api-keys';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, json } from '../http/schemas';
import { auditLog } from '../services/audit-log';
import type { GatewayContext } from '../services/context';
import { recoveryReport } from '../recovery/recovery-report';
import { reconcile } from '../services/reconciliation';

export function auditRouter(ctx: GatewayContext): Router {
  const r = Router();
  r.get('/audit/reconciliation', requireRole('auditor'), auditLog('audit.reconciliation', ctx.log), endpoint({
    method: 'get', path: '/audit/reconciliation', tag: 'Audit', roles: ['auditor'],
    summary: 'Compare every record\'s hash and status in MongoDB with the ledger; list every difference',
    responses: { 200: json('Reconciliation report'), ...commonErrors },
  }), async (_req, res) => {
    res.json(await reconcile(ctx));
  });
  r.get('/audit/recovery', requireRole('auditor', 'ministry-admin'), auditLog('audit.recovery', ctx.log), endpoint({
    method: 'get', path: '/audit/recovery', tag: 'Audit', roles: ['auditor', 'ministry-admin'],
    summary: 'After a restore from backup: its recovery point, and every diploma version the ledger gave back without its document',
    responses: { 200: json('Recovery report'), ...commonErrors },
  }), async (_req, res) => {
    res.json(await recoveryReport(ctx));
  });
  return r;
}
