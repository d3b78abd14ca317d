// Verification receipts (receipts/receipt.ts): issue one, as JSON or as a printable PDF, and
// check one. Public and rate-limited; never stored by the gateway.
import { Router } from 'express';
import { z } from 'zod';
import { jsonBody } from '../http/body';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, json, writeErrors } from '../http/schemas';
import { checkReceipt, issueReceipt, RECEIPT_ALGORITHM } from '../receipts/receipt';
import { renderReceiptPdf } from '../receipts/receipt-pdf';
import type { GatewayContext } from '../services/context';

const receiptRequest = z.object({
  documentHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (SHA-256)'),
  presentedChecks: z.object({
    integrity: z.boolean().optional(),
    signature: z.boolean().optional(),
    hiddenFields: z.array(z.string().regex(/^[A-Za-z]{1,40}$/, 'must be a field name')).max(40).optional(),
  }).strict().optional().openapi({ description: 'What the verifier\'s browser found checking the file (carried as reported, not checked by the gateway)' }),
}).strict().openapi('VerificationReceiptRequest');

const formatQuery = z.object({ format: z.enum(['json', 'pdf']).optional().openapi({ description: 'pdf: a printable one-page receipt with the signed JSON attached' }) }).strict();

const signatureSchema = z.object({
  algorithm: z.string(), mspId: z.string().max(100), certificatePem: z.string().max(10_000), value: z.string().max(500),
});

const signedReceiptSchema = z.object({
  receipt: z.object({
    version: z.number(), receiptId: z.string(), issuedAt: z.string(), documentHash: z.string(),
    result: z.enum(['VALID', 'CORRECTED', 'SUPERSEDED', 'REVOKED', 'NOT_FOUND']).openapi({ description: 'Asked of the ledger by the gateway itself' }),
    valid: z.boolean().optional().openapi({ description: 'the ledger\'s decision: status in force and a signer not compromised when it committed the hash (absent in receipts made before it existed)' }),
    signer: z.object({ fingerprint: z.string(), committedAt: z.string(), status: z.string(), compromisedAt: z.string().nullable() }).optional(),
    diplomaId: z.string().optional(), issuerCode: z.string().optional(),
    revocation: z.object({}).passthrough().optional(), supersededBy: z.string().optional(),
    ledger: z.object({ channel: z.string(), height: z.number(), transactionIds: z.array(z.string()) }),
    presentedChecks: z.object({ reportedBy: z.literal('verifier-browser') }).passthrough(),
  }).passthrough(),
  signature: signatureSchema.extend({ algorithm: z.literal(RECEIPT_ALGORITHM) }),
}).openapi('SignedVerificationReceipt');

const checkRequest = z.object({ receipt: z.record(z.string(), z.unknown()), signature: signatureSchema.strict() }).strict().openapi('VerificationReceiptCheckRequest');

export function verificationReceiptsRouter(ctx: GatewayContext): Router {
  const r = Router();
  r.post('/verification-receipts', ...jsonBody, endpoint({
    method: 'post', path: '/verification-receipts', tag: 'Verification', body: receiptRequest, query: formatQuery,
    summary: 'A receipt signed by the gateway: the ledger\'s answer for the hash at this moment (public)',
    description: `Signed (${RECEIPT_ALGORITHM}, DER, base64) over "vanbang-verification-receipt-v1:" + the RFC 8785 canonical JSON of \`receipt\`, with the gateway's ledger identity (a certificate of its organization's Fabric CA).`,
    responses: {
      201: {
        description: 'The signed receipt (JSON), or with ?format=pdf the printable receipt',
        content: { 'application/json': { schema: signedReceiptSchema }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      },
      ...writeErrors,
    },
  }), async (req, res) => {
    const body = req.valid?.body as z.infer<typeof receiptRequest>;
    const signed = await issueReceipt(ctx, body.documentHash, body.presentedChecks);
    if ((req.valid?.query as z.infer<typeof formatQuery>).format === 'pdf') {
      const pdf = await renderReceiptPdf(signed);
      res.status(201).type('application/pdf')
        .setHeader('Content-Disposition', `attachment; filename="bien-nhan-xac-minh-${signed.receipt.receiptId}.pdf"`)
        .send(Buffer.from(pdf));
      return;
    }
    res.status(201).json(signed);
  });

  r.post('/verification-receipts/check', ...jsonBody, endpoint({
    method: 'post', path: '/verification-receipts/check', tag: 'Verification', body: checkRequest,
    summary: 'Check a receipt: its signature, and that the signer\'s certificate chains to its organization\'s CA and was valid when it was issued (public)',
    responses: { 200: json('ok, or the problems found', z.object({ ok: z.boolean(), problems: z.array(z.string()) })), ...commonErrors },
  }), async (req, res) => {
    res.json(await checkReceipt(ctx, req.valid?.body as z.infer<typeof checkRequest>));
  });
  return r;
}
