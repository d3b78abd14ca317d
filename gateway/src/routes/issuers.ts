// /issuers: the issuer registry for the Ministry and the Departments — read it (with its
// history on the ledger), register, update and suspend, reinstate or merge issuers by decision,
// and create an issuer's API callers. Who may change what is the chaincode's rule
// (issuer-registry/issuer-access.ts), checked here and again by the chaincode.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole, type Caller } from '../auth/api-keys';
import { ApiError } from '../errors/problem';
import { jsonBody } from '../http/body';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, json, writeErrors } from '../http/schemas';
import { createIssuerCaller } from '../issuer-registry/issuer-callers';
import { REGISTRY_ADMINS, REGISTRY_READERS } from '../issuer-registry/issuer-access';
import { issuerWithHistory, listIssuers } from '../issuer-registry/registry-reads';
import {
  createdCallerSchema, decisionBody, issuerCodeParam, issuerDetailSchema, issuerPageSchema, issuerWriteSchema, listIssuersQuery, mergerBody,
  registerIssuerBody, updateIssuerBody, type ListIssuersQuery, type MergerBody, type RegisterIssuerBody, type UpdateIssuerBody,
} from '../issuer-registry/registry-schemas';
import { mergeIssuer, registerIssuer, reinstateIssuer, suspendIssuer, updateIssuer, type RegistryChange } from '../issuer-registry/registry-writes';
import type { Decision } from '../models/records';
import { auditLog } from '../services/audit-log';
import type { GatewayContext } from '../services/context';
import { idempotency } from '../services/idempotency';

const TAG = 'Issuer registry';
/** Nothing to say yet (the caller's role and issuer follow from the path); `{}`. */
const createCallerBody = z.object({}).strict().openapi('CreateIssuerCallerRequest');
const ADMINS = [...REGISTRY_ADMINS];
const RULE = 'The Ministry may change any issuer; a Department only the upper-secondary schools it hosts (checked by the gateway and by the chaincode).';

function caller(req: Request): Caller {
  if (!req.caller) throw new ApiError(401, 'UNAUTHENTICATED', 'No caller');
  return req.caller;
}

/** The issuer code of the path, noted for the audit log (which names `:id` resources by itself). */
function codeOf(req: Request, res: Response): string {
  const { code } = req.valid?.params as { code: string };
  res.locals.auditResourceId = code;
  return code;
}

export function issuersRouter(ctx: GatewayContext): Router {
  const r = Router();

  r.get('/issuers', requireRole(...REGISTRY_READERS), auditLog('issuer.list', ctx.log), endpoint({
    method: 'get', path: '/issuers', tag: TAG, roles: [...REGISTRY_READERS], query: listIssuersQuery,
    summary: 'A page of the issuer registry, from the ledger, filtered by host organization, kind and status',
    description: 'Pages follow the chaincode\'s bookmark; the filters apply to each page\'s records, so a page may be short (or empty) while `bookmark` leads on.',
    responses: { 200: json('Issuers in code order', issuerPageSchema), ...commonErrors },
  }), async (req, res) => {
    res.json(await listIssuers(ctx, caller(req), req.valid?.query as ListIssuersQuery));
  });

  r.get('/issuers/:code', requireRole(...REGISTRY_READERS), auditLog('issuer.read', ctx.log), endpoint({
    method: 'get', path: '/issuers/{code}', tag: TAG, roles: [...REGISTRY_READERS], params: issuerCodeParam,
    summary: 'An issuer\'s registry record and every version of it on the ledger (transaction, time, organization, decision)',
    responses: { 200: json('The record and its history', issuerDetailSchema), ...commonErrors },
  }), async (req, res) => {
    res.json(await issuerWithHistory(ctx, caller(req), codeOf(req, res)));
  });

  r.post('/issuers', requireRole(...ADMINS), ...jsonBody, idempotency, auditLog('issuer.register', ctx.log), endpoint({
    method: 'post', path: '/issuers', tag: TAG, roles: ADMINS, body: registerIssuerBody, idempotent: true,
    summary: 'Register an issuer by an accreditation decision',
    description: `${RULE} A Department's school is hosted by the Department (hostMsp defaults to its own); the Ministry names hostMsp.`,
    responses: { 201: json('Registered on the ledger', issuerWriteSchema), ...writeErrors },
  }), async (req, res) => {
    const out = await registerIssuer(ctx, caller(req), req.valid?.body as RegisterIssuerBody);
    res.locals.auditResourceId = out.issuer.code;
    res.status(201).location(`/api/v1/issuers/${encodeURIComponent(out.issuer.code)}`).json(out);
  });

  r.patch('/issuers/:code', requireRole(...ADMINS), ...jsonBody, idempotency, auditLog('issuer.update', ctx.log), endpoint({
    method: 'patch', path: '/issuers/{code}', tag: TAG, roles: ADMINS, params: issuerCodeParam, body: updateIssuerBody, idempotent: true,
    summary: 'Change an issuer\'s name or accreditation (diploma types, validity) by a decision',
    description: RULE,
    responses: { 200: json('Updated on the ledger', issuerWriteSchema), ...writeErrors },
  }), async (req, res) => {
    res.json(await updateIssuer(ctx, caller(req), codeOf(req, res), req.valid?.body as UpdateIssuerBody));
  });

  const decisionRoute = (path: string, action: string, summary: string, run: (c: Caller, code: string, body: unknown) => Promise<RegistryChange>,
    body: z.ZodTypeAny = decisionBody) => {
    r.post(`/issuers/:code/${path}`, requireRole(...ADMINS), ...jsonBody, idempotency, auditLog(action, ctx.log), endpoint({
      method: 'post', path: `/issuers/{code}/${path}`, tag: TAG, roles: ADMINS, params: issuerCodeParam, body, idempotent: true,
      summary, description: RULE, responses: { 201: json('Recorded on the ledger', issuerWriteSchema), ...writeErrors },
    }), async (req, res) => {
      res.status(201).json(await run(caller(req), codeOf(req, res), req.valid?.body));
    });
  };
  decisionRoute('suspensions', 'issuer.suspend', 'Suspend an ACTIVE issuer by a decision: it issues nothing until reinstated',
    (c, code, b) => suspendIssuer(ctx, c, code, (b as { decision: Decision }).decision));
  decisionRoute('reinstatements', 'issuer.reinstate', 'Reinstate a SUSPENDED issuer by a decision',
    (c, code, b) => reinstateIssuer(ctx, c, code, (b as { decision: Decision }).decision));
  decisionRoute('mergers', 'issuer.merge', 'Merge an issuer into its successor by a decision: the successor takes custody of its register (corrections, reissues, revocations, copies); final',
    (c, code, b) => mergeIssuer(ctx, c, code, b as MergerBody), mergerBody);

  r.post('/issuers/:code/callers', requireRole(...ADMINS), ...jsonBody, idempotency, auditLog('issuer.caller.create', ctx.log), endpoint({
    method: 'post', path: '/issuers/{code}/callers', tag: TAG, roles: ADMINS, params: issuerCodeParam, body: createCallerBody, idempotent: true,
    summary: 'Create an API caller for the issuer: an issuer identity enrolled at its host organization\'s CA, its signing certificate registered on the ledger, and an API key (shown once)',
    description: `${RULE} Send an empty JSON object. A retry with the same Idempotency-Key answers the same caller with apiKey null: the key is never stored.`,
    responses: { 201: json('The caller and its API key', createdCallerSchema), ...writeErrors },
  }), async (req, res) => {
    const out = await createIssuerCaller(ctx, caller(req), codeOf(req, res));
    res.locals.idempotentReplayBody = { ...out, apiKey: null };
    res.status(201).json(out);
  });
  return r;
}
