// /diplomas: issue one diploma, read it (record, history, document, PDF) and the legal
// procedures on it (corrections, reissues, revocations, copies).
import { hideFields, type SignedDiplomaDocument } from '@vanbang/document';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole, type Caller } from '../auth/api-keys';
import { ApiError, conflict } from '../errors/problem';
import { jsonBody } from '../http/body';
import { endpoint } from '../http/openapi-registry';
import {
  commonErrors, copyBody, correctionBody, DIPLOMA_DOCUMENT_REF, DIPLOMA_FIELDS_REF, diplomaIdParam, hideQuery, json, reissueBody,
  revocationBody, writeErrors,
} from '../http/schemas';
import type { DiplomaRecord } from '../models/records';
import { auditLog } from '../services/audit-log';
import { outcomeBody } from '../services/write-answers';
import { correctDiploma, recordCopy, reissueDiploma, revokeDiploma } from '../services/changes';
import type { GatewayContext } from '../services/context';
import { diplomaView } from '../services/diploma-view';
import { renderPdf } from '../services/documents';
import { currentStoredDocument, fullDocument } from '../services/stored-documents';
import { diplomaHistory, readableRecord } from '../services/history';
import { idempotency, noteIdempotentResource } from '../services/idempotency';
import { issueDiploma } from '../services/issuance';
import { anchoredDocument, diplomaAnchors } from '../anchoring/diploma-anchors';

const READERS = ['issuer', 'department-admin', 'ministry-admin', 'auditor'] as const;

const documentQuery = hideQuery.extend({
  anchored: z.enum(['true', 'false']).optional()
    .openapi({ description: 'true: answer {format: "vanbang-anchored-diploma-v1", document, anchor} — the document with its anchor proof file (409 ANCHORING_OFF when this gateway does not anchor)' }),
}).strict();

const issuedResponse = z.object({
  id: z.string(), documentHash: z.string(), status: z.string(), state: z.string(), version: z.number(),
  transactionId: z.string().nullable(), blockNumber: z.number().nullable(), document: z.object({}).passthrough(),
}).openapi('IssuedDiploma');

function caller(req: Request): Caller {
  if (!req.caller) throw new ApiError(401, 'UNAUTHENTICATED', 'No caller');
  return req.caller;
}

async function currentDocument(record: DiplomaRecord, hide: string | undefined): Promise<SignedDiplomaDocument> {
  const stored = currentStoredDocument(record);
  if (!stored) throw conflict('NO_OFF_LEDGER_DOCUMENT', `Diploma ${record._id} was issued outside this gateway; its document is not held here`);
  if (record.state !== 'COMMITTED') throw conflict('DIPLOMA_PENDING', `Diploma ${record._id} is not committed on the ledger yet`);
  const names = hide ? hide.split(',').filter(Boolean) : [];
  const doc = await fullDocument(stored);
  try {
    return names.length > 0 ? hideFields(doc, names) : doc;
  } catch (err) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'Cannot hide those fields', [{ field: 'hide', message: (err as Error).message }]);
  }
}

const encodedId = (id: string) => encodeURIComponent(id);

export function diplomasRouter(ctx: GatewayContext): Router {
  const r = Router();
  const idOf = (req: Request) => (req.valid?.params as { id: string }).id;

  r.post('/diplomas', requireRole('issuer'), ...jsonBody, idempotency, auditLog('diploma.issue', ctx.log), endpoint({
    method: 'post', path: '/diplomas', tag: 'Diplomas', roles: ['issuer'], idempotent: true,
    summary: 'Issue one diploma',
    description: 'Validates the fields (document schema v1), salts and signs the document with the caller\'s Fabric identity, records it, submits IssueDiploma and returns once the block is committed.',
    otherBodies: { required: true, content: { 'application/json': { schema: DIPLOMA_FIELDS_REF } } },
    responses: { 201: json('Issued and committed on the ledger', issuedResponse), ...writeErrors },
  }), async (req: Request, res: Response) => {
    const out = await issueDiploma(ctx, caller(req), req.body, (id) => noteIdempotentResource(res, id), res.locals.idempotencyId ?? null);
    res.locals.auditResourceId = out.record._id;
    res.status(201).location(`/api/v1/diplomas/${encodedId(out.record._id)}`)
      .json(outcomeBody(out.record, out.record.issuedTxId, out.record.issuedBlockNumber, out.document));
  });

  r.get('/diplomas/:id', requireRole(...READERS), auditLog('diploma.read', ctx.log), endpoint({
    method: 'get', path: '/diplomas/{id}', tag: 'Diplomas', roles: [...READERS], params: diplomaIdParam,
    summary: 'The diploma record (all versions, personal data) — issuer, its Department, Ministry, auditors',
    responses: { 200: json('The record'), ...commonErrors },
  }), async (req, res) => {
    res.json(diplomaView(await readableRecord(ctx, caller(req), idOf(req))));
  });

  r.get('/diplomas/:id/history', requireRole(...READERS), auditLog('diploma.history', ctx.log), endpoint({
    method: 'get', path: '/diplomas/{id}/history', tag: 'Diplomas', roles: [...READERS], params: diplomaIdParam,
    summary: 'Every ledger event of the diploma with transaction id, block, time, organization, decision and off-ledger version',
    responses: { 200: json('History, oldest first'), ...commonErrors },
  }), async (req, res) => {
    res.json(await diplomaHistory(ctx, await readableRecord(ctx, caller(req), idOf(req))));
  });

  r.get('/diplomas/:id/document', requireRole(...READERS), auditLog('diploma.document', ctx.log), endpoint({
    method: 'get', path: '/diplomas/{id}/document', tag: 'Diplomas', roles: [...READERS], params: diplomaIdParam, query: documentQuery,
    summary: 'The signed digital diploma document (JSON), optionally with fields hidden; with ?anchored=true, wrapped with its anchor proof',
    responses: { 200: json('The document', DIPLOMA_DOCUMENT_REF), ...commonErrors },
  }), async (req, res) => {
    const record = await readableRecord(ctx, caller(req), idOf(req));
    const query = req.valid?.query as { hide?: string; anchored?: string };
    const document = await currentDocument(record, query.hide);
    // ?anchored=true: the document with its anchor proof file, for the standalone check with only the EVM chain.
    res.json(query.anchored === 'true' ? await anchoredDocument(ctx, document, record.currentHash) : document);
  });

  r.get('/diplomas/:id/anchor', requireRole(...READERS), auditLog('diploma.anchor', ctx.log), endpoint({
    method: 'get', path: '/diplomas/{id}/anchor', tag: 'Diplomas', roles: [...READERS], params: diplomaIdParam,
    summary: 'The public anchor of each version: leaf, Merkle proof, root, EVM transaction (docs/anchoring.md)',
    description: 'For each committed version, oldest first: the ledger status of its hash, `anchor` (ANCHORED or AWAITING_ANCHORING, with each anchored event) and `proofFile`, the file `scripts/vanbang verify FILE --anchor-proof PROOF --evm-rpc URL --contract ADDRESS` checks with only the EVM chain. 409 ANCHORING_OFF when this gateway does not anchor.',
    responses: { 200: json('The anchors of each version'), ...commonErrors, 409: writeErrors[409] },
  }), async (req, res) => {
    res.json(await diplomaAnchors(ctx, await readableRecord(ctx, caller(req), idOf(req))));
  });

  r.get('/diplomas/:id/pdf', requireRole(...READERS), auditLog('diploma.pdf', ctx.log), endpoint({
    method: 'get', path: '/diplomas/{id}/pdf', tag: 'Diplomas', roles: [...READERS], params: diplomaIdParam, query: hideQuery,
    summary: 'The diploma as PDF (A4, QR code, the JSON document embedded)',
    responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...commonErrors },
  }), async (req, res) => {
    const record = await readableRecord(ctx, caller(req), idOf(req));
    const pdf = await renderPdf(await currentDocument(record, (req.valid?.query as { hide?: string }).hide), ctx.config.verifyUrlBase);
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${record._id.replace(/[^A-Z0-9.-]/g, '_')}.pdf"`);
    res.send(Buffer.from(pdf));
  });

  const change = <T>(path: string, action: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, summary: string, roles: ('issuer' | 'ministry-admin')[],
    run: (c: Caller, id: string, body: T, idempotencyId: string | null) => Promise<{ record: DiplomaRecord; txId: string; blockNumber: number | null; document?: SignedDiplomaDocument; copy?: unknown }>) => {
    r.post(`/diplomas/:id/${path}`, requireRole(...roles), ...jsonBody, idempotency, auditLog(action, ctx.log), endpoint({
      method: 'post', path: `/diplomas/{id}/${path}`, tag: 'Procedures', roles, params: diplomaIdParam, body: schema, idempotent: true,
      summary, responses: { 201: json('Committed on the ledger'), ...writeErrors },
    }), async (req, res) => {
      const out = await run(caller(req), idOf(req), req.valid?.body as T, res.locals.idempotencyId ?? null);
      res.status(201).json({ ...outcomeBody(out.record, out.txId, out.blockNumber, out.document), ...(out.copy !== undefined ? { copy: out.copy } : {}) });
    });
  };
  change('corrections', 'diploma.correct', correctionBody, 'Correct civil-status data by a correction decision (the diploma stays valid; new document version)', ['issuer'],
    (c, id, body, key) => correctDiploma(ctx, c, id, body, key));
  change('reissues', 'diploma.reissue', reissueBody, 'Reissue (the issuer\'s own error): a new diploma replaces this one', ['issuer'],
    (c, id, body, key) => reissueDiploma(ctx, c, id, body, key));
  change('revocations', 'diploma.revoke', revocationBody, 'Revoke the diploma by a decision, with its legal ground (issuer/custodian, or the Ministry)', ['issuer', 'ministry-admin'],
    (c, id, body, key) => revokeDiploma(ctx, c, id, body, key));
  change('copies', 'diploma.copy', copyBody, 'Record certified copies issued from the original register', ['issuer'],
    (c, id, body, key) => recordCopy(ctx, c, id, body, key));
  return r;
}
