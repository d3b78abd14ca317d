// GET /audit/reconciliation (auditors): every difference between MongoDB and the ledger.
// GET /audit/recovery (auditors, the Ministry): what the last restore brought back and what it could not.
// GET /audit/anchoring (auditors, the Ministry): the state of public anchoring on the EVM chain.
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/api-keys';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, json } from '../http/schemas';
import { auditLog } from '../services/audit-log';
import type { GatewayContext } from '../services/context';
import { recoveryReport } from '../recovery/recovery-report';
import { reconcile } from '../services/reconciliation';
import { anchoringReport } from '../anchoring/anchoring-report';

const anchoringQuery = z.object({
  limit: z.string().regex(/^(?:[1-9][0-9]{0,2}|1000)$/, 'a whole number from 1 to 1000').optional().openapi({ description: 'periods to list, newest first (default 50, at most 1000)' }),
}).strict();

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
  r.get('/audit/anchoring', requireRole('auditor', 'ministry-admin'), auditLog('audit.anchoring', ctx.log), endpoint({
    method: 'get', path: '/audit/anchoring', tag: 'Audit', roles: ['auditor', 'ministry-admin'], query: anchoringQuery,
    summary: 'Public anchoring: the chain and registry, blocks not yet anchored, the last failure, the latest periods (newest first)',
    responses: { 200: json('Anchoring report'), ...commonErrors },
  }), async (req, res) => {
    res.json(await anchoringReport(ctx, Number((req.valid?.query as { limit?: string }).limit ?? 50)));
  });
  return r;
}
