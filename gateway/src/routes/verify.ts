// Public verification (no account): by hash, or by posting the document (JSON) or its PDF.
import express, { Router } from 'express';
import { MAX_PDF_BYTES } from '@vanbang/document';
import { ApiError } from '../errors/problem';
import { requireContentType } from '../http/body';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, DIPLOMA_DOCUMENT_REF, hashParam, json, verifyResultSchema, writeErrors } from '../http/schemas';
import { prefersHtml, redirectToPortal } from '../portal/browser-redirect';
import type { GatewayContext } from '../services/context';
import { verifyByHash, verifyDocument, verifyPdf } from '../services/verification';

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
