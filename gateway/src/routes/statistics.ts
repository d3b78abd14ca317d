// /statistics: national counts of diplomas (by host Department, issuer, type, graduation year,
// status) and of their events (issuances, corrections, reissues, revocations by ground, per
// month), as JSON or CSV, for the Ministry (all) and the Departments (their own schools). The
// counts are kept by the status index with each block (statistics/counter-changes.ts).
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../auth/api-keys';
import { ApiError } from '../errors/problem';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, problemSchema } from '../http/schemas';
import { auditLog } from '../services/audit-log';
import type { GatewayContext } from '../services/context';
import { csvTable, wantsCsv } from '../statistics/csv-table';
import { STATISTICS_READERS } from '../statistics/statistics-access';
import { diplomaStatistics, eventStatistics, type StatisticsAnswer } from '../statistics/statistics-answers';
import {
  diplomaStatisticsQuery, eventStatisticsQuery, statisticsAnswer, type DiplomaStatisticsQuery, type EventStatisticsQuery,
} from '../statistics/statistics-schemas';

const TAG = 'Statistics';
const SCOPE = 'The Ministry sees every host; a Department only its own (its host filter is forced; naming another host is 403).';
const responses = {
  200: {
    description: 'The counts',
    content: {
      'application/json': { schema: statisticsAnswer },
      'text/csv': { schema: { type: 'string' as const, description: 'Header row (the grouped dimensions, then count), one row per group' } },
    },
  },
  ...commonErrors,
  503: { description: 'STATISTICS_NOT_READY: the status index is still being built (its progress is in the problem)', content: { 'application/problem+json': { schema: problemSchema } } },
};

function send(req: Request, res: Response, format: string | undefined, out: StatisticsAnswer<string>): void {
  if (!wantsCsv(req, format)) {
    res.json(out);
    return;
  }
  res.type('text/csv; charset=utf-8').send(csvTable([...out.groupBy, 'count'], out.rows));
}

export function statisticsRouter(ctx: GatewayContext): Router {
  const r = Router();
  const caller = (req: Request) => {
    if (!req.caller) throw new ApiError(401, 'UNAUTHENTICATED', 'No caller');
    return req.caller;
  };

  r.get('/statistics/diplomas', requireRole(...STATISTICS_READERS), auditLog('statistics.diplomas', ctx.log), endpoint({
    method: 'get', path: '/statistics/diplomas', tag: TAG, roles: STATISTICS_READERS, query: diplomaStatisticsQuery,
    summary: 'Diplomas on the ledger counted by host organization, issuer, type, graduation year and status',
    description: `Exact as of block \`asOfBlock\`. ${SCOPE}`,
    responses,
  }), (req, res) => {
    const q = req.valid?.query as DiplomaStatisticsQuery;
    send(req, res, q.format, diplomaStatistics(ctx, caller(req), q));
  });

  r.get('/statistics/events', requireRole(...STATISTICS_READERS), auditLog('statistics.events', ctx.log), endpoint({
    method: 'get', path: '/statistics/events', tag: TAG, roles: STATISTICS_READERS, query: eventStatisticsQuery,
    summary: 'Issuances, corrections, reissues and revocations (by ground) counted per month (UTC, of the transaction time)',
    description: `Exact as of block \`asOfBlock\`. ${SCOPE}`,
    responses,
  }), (req, res) => {
    const q = req.valid?.query as EventStatisticsQuery;
    send(req, res, q.format, eventStatistics(ctx, caller(req), q));
  });
  return r;
}
