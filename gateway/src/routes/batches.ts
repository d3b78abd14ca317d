// /diploma-batches: upload a cohort (JSON array or CSV, streamed), then watch its progress.
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/api-keys';
import { ApiError, notFound } from '../errors/problem';
import { requireContentType } from '../http/body';
import { endpoint } from '../http/openapi-registry';
import { batchIdParam, commonErrors, DIPLOMA_FIELDS_REF, json, writeErrors } from '../http/schemas';
import { collections } from '../models/collections';
import { auditLog } from '../services/audit-log';
import { readFailures } from '../services/batch-failures';
import { MAX_BATCH_ROWS, ingestBatch } from '../services/batch-ingest';
import type { BatchWorker } from '../services/batch-worker';
import type { GatewayContext } from '../services/context';
import { idempotency, noteIdempotentResource } from '../services/idempotency';
import { batchAcceptedAnswer } from '../services/write-answers';

const MAX_BATCH_BYTES = 512 * 1024 * 1024;

const batchView = z.object({
  id: z.string(), status: z.enum(['RECEIVING', 'PROCESSING', 'COMPLETED', 'ABANDONED']), issuerCode: z.string(),
  total: z.number(), validated: z.number(), committed: z.number(), failed: z.number(),
  failures: z.array(z.object({ row: z.number(), serialNumber: z.string().nullable(), stage: z.string(), errors: z.array(z.object({ field: z.string(), message: z.string() })) })),
}).openapi('BatchProgress');

const failuresQuery = z.object({
  failuresFrom: z.string().regex(/^[0-9]{1,6}$/).optional().openapi({ description: 'Skip this many failures (paging)' }),
}).strict();

export function batchesRouter(ctx: GatewayContext, worker: BatchWorker): Router {
  const r = Router();
  r.post('/diploma-batches', requireRole('issuer'), requireContentType('application/json', 'text/csv'), idempotency, auditLog('batch.create', ctx.log), endpoint({
    method: 'post', path: '/diploma-batches', tag: 'Batches', roles: ['issuer'], idempotent: true,
    summary: `Issue a cohort: a JSON array of diploma fields or a CSV (field names or Vietnamese labels as headers), up to ${MAX_BATCH_ROWS} rows`,
    description: 'The body is streamed. Answers 202 once the upload is received and validated; the valid rows are then issued on the ledger in transactions of 500. Invalid rows are reported in the progress.',
    otherBodies: {
      required: true,
      content: {
        'application/json': { schema: { type: 'array', items: DIPLOMA_FIELDS_REF, maxItems: MAX_BATCH_ROWS } },
        'text/csv': { schema: { type: 'string', description: 'Header row then one diploma per row' } },
      },
    },
    responses: { 202: json('Accepted', z.object({ id: z.string(), status: z.string(), total: z.number(), validated: z.number(), failed: z.number() })), ...writeErrors },
  }), async (req, res) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BATCH_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `A batch upload is at most ${MAX_BATCH_BYTES} bytes`);
    const batch = await ingestBatch(ctx, req.caller!, req, req.is('text/csv') ? 'csv' : 'json', (id) => noteIdempotentResource(res, id, 'batch'));
    res.locals.auditResourceId = batch._id;
    void worker.kick(batch._id);
    res.status(202).location(`/api/v1/diploma-batches/${batch._id}`).json(batchAcceptedAnswer(batch));
  });

  r.get('/diploma-batches/:id', requireRole('issuer', 'department-admin', 'ministry-admin', 'auditor'), endpoint({
    method: 'get', path: '/diploma-batches/{id}', tag: 'Batches', roles: ['issuer', 'department-admin', 'ministry-admin', 'auditor'],
    params: batchIdParam, query: failuresQuery,
    summary: 'Progress of a batch: total, validated, committed and failed rows (with reasons, 1000 at a time, in the order they were found: rows refused by validation, then by the ledger)',
    responses: { 200: json('Progress', batchView), ...commonErrors },
  }), async (req, res) => {
    const id = (req.valid?.params as { id: string }).id;
    const batch = await collections.batches().findOne({ _id: id });
    if (!batch) throw notFound(`Batch ${id} does not exist`);
    const c = req.caller!;
    if (c.role === 'issuer' && c.issuerCode !== batch.issuerCode) throw new ApiError(403, 'FORBIDDEN', 'This batch belongs to another issuer');
    const skip = Number((req.valid?.query as { failuresFrom?: string }).failuresFrom ?? 0);
    const failures = await readFailures(batch, skip, 1000);
    res.json({
      id: batch._id, status: batch.status, issuerCode: batch.issuerCode, format: batch.format,
      total: batch.total, validated: batch.validated, committed: batch.committed, failed: batch.failed,
      createdAt: batch.createdAt, receivedAt: batch.receivedAt, completedAt: batch.completedAt,
      failures: failures.map((f) => ({ row: f.row, serialNumber: f.serialNumber, stage: f.stage, errors: f.errors })),
    });
  });
  return r;
}
