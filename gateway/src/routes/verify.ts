// Public verification (no account): by hash, or by posting the document (JSON) or its PDF; and
// bulk verification of up to 1,000 hashes for authenticated callers, within their own quota.
import express, { Router } from 'express';
import { z } from 'zod';
import { MAX_PDF_BYTES } from '@vanbang/document';
import { requireRole } from '../auth/api-keys';
import { ApiError } from '../errors/problem';
import { jsonBody } from '../http/body';
import { CallerQuota } from '../http/caller-quota';
import { requireContentType } from '../http/body';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, DIPLOMA_DOCUMENT_REF, hashParam, json, verifyResultSchema, writeErrors } from '../http/schemas';
import { prefersHtml, redirectToPortal } from '../portal/browser-redirect';
import type { GatewayContext } from '../services/context';
import { auditLog } from '../services/audit-log';
import { verifyByHash, verifyDocument, verifyManyHashes, verifyPdf } from '../services/verification';

/** The most hashes one bulk request may carry. */
export const MAX_BULK_HASHES = 1_000;

const bulkVerifyBody = z.object({
  hashes: z.array(hashParam.shape.documentHash).min(1).max(MAX_BULK_HASHES)
    .openapi({ description: `document hashes (SHA-256, 64 lowercase hex), 1 to ${MAX_BULK_HASHES}; answered in the same order` }),
}).strict().openapi('BulkVerifyRequest');

const bulkVerifyResult = z.object({
  count: z.number(),
  results: z.array(verifyResultSchema),
}).openapi('BulkVerifyResult');

export function verifyRouter(ctx: GatewayContext): Router {
  const r = Router();
  r.get('/verify/:documentHash', endpoint({
    method: 'get', path: '/verify/{documentHash}', tag: 'Verification', params: hashParam,
    summary: 'Verify a document hash against the ledger (public)',
    description: 'Result VALID, CORRECTED (an older version of a valid diploma), SUPERSEDED (replaced by a reissue), REVOKED (with ground and decision) or NOT_FOUND. No personal data. A browser (Accept ranks text/html above JSON, e.g. a QR code of an older PDF) is sent to the portal page `/v/{documentHash}` with a 303.',
    responses: { 200: json('Ledger status of the hash', verifyResultSchema), 303: { description: 'A browser: see the portal page /v/{documentHash}' }, ...commonErrors },
  }), async (req, res) => {
    const { documentHash } = req.valid?.params as { documentHash: string };
    if (prefersHtml(req.headers.accept)) return redirectToPortal(res, documentHash);
    res.json(await verifyByHash(ctx, documentHash));
  });

  const quota = new CallerQuota(ctx.config.bulkVerifyPerMinute, 'verify hashes');
  r.post('/verify/bulk', requireRole('verifier', 'auditor', 'ministry-admin', 'department-admin', 'issuer'), ...jsonBody, auditLog('verify.bulk', ctx.log), endpoint({
    method: 'post', path: '/verify/bulk', tag: 'Verification', body: bulkVerifyBody,
    roles: ['verifier', 'auditor', 'ministry-admin', 'department-admin', 'issuer'],
    summary: 'Verify up to 1,000 document hashes at once (authenticated callers)',
    description: `For the job exchange, agencies and large employers. One answer per hash, in order, each what GET /verify/{documentHash} answers for it (no personal data). The hashes are counted against the caller's own allowance (${ctx.config.bulkVerifyPerMinute} a minute by default, VANBANG_BULK_VERIFY_PER_MINUTE), not against the public per-address limit; a request beyond it is refused whole (429, Retry-After) and consumes nothing.`,
    responses: { 200: json('One verification result per hash, in the order asked', bulkVerifyResult), ...commonErrors, 413: writeErrors[413], 415: writeErrors[415] },
  }), async (req, res) => {
    const { hashes } = req.valid?.body as z.infer<typeof bulkVerifyBody>;
    await quota.take(req.caller!.name, hashes.length, res);
    const results = await verifyManyHashes(ctx, hashes);
    res.json({ count: results.length, results });
  });

  r.post('/verify',
    requireContentType('application/json', 'application/pdf'),
    express.json({ limit: '1mb', strict: true, type: 'application/json' }),
    express.raw({ limit: MAX_PDF_BYTES, type: 'application/pdf' }),
    endpoint({
      method: 'post', path: '/verify', tag: 'Verification',
      summary: 'Verify a presented diploma: its JSON document or its PDF (public)',
      description: 'Recomputes the hash from the content (so hidden fields do not matter), checks the issuer signature and its CA, and asks the ledger.',
      otherBodies: {
        required: true,
        content: { 'application/json': { schema: DIPLOMA_DOCUMENT_REF }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: { 200: json('Verification result', verifyResultSchema), ...writeErrors },
    }),
    async (req, res) => {
      if (req.is('application/pdf')) {
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new ApiError(400, 'VALIDATION_FAILED', 'Empty PDF body');
        res.json(await verifyPdf(ctx, new Uint8Array(req.body)));
      } else {
        res.json(await verifyDocument(ctx, req.body));
      }
    });
  return r;
}
