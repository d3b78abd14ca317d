// Public, rate-limited, no personal data: a diploma's ledger timeline by document hash, an
// issuer's registry entry, and the CA certificates the gateway trusts (for verifiers that check
// signatures themselves, e.g. the portal in the browser).
import { Router } from 'express';
import { z } from 'zod';
import { organizationName } from '@vanbang/network';
import { notFound } from '../errors/problem';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, decisionSchema, hashParam, json } from '../http/schemas';
import type { GatewayContext } from '../services/context';
import { getIssuer } from '../services/issuers';
import { publicEvents } from '../services/public-events';
import { trustAnchors } from '../services/trust-anchors';

const eventsSchema = z.object({
  documentHash: z.string(),
  diplomaId: z.string(),
  currentDocumentHash: z.string().openapi({ description: 'hash of the version in force (another one when documentHash is a corrected, older version)' }),
  supersededBy: z.object({ diplomaId: z.string(), documentHash: z.string() }).nullable()
    .openapi({ description: 'the diploma that replaced this one by a reissue, with the hash of its version in force' }),
  events: z.array(z.object({
    type: z.string(), transactionId: z.string(), blockNumber: z.number().nullable(), timestamp: z.string(),
    organization: z.string().openapi({ description: 'MSP id of the organization that submitted the transaction' }),
    organizationName: z.string().openapi({ description: 'Its legal name, e.g. "Bộ Giáo dục và Đào tạo"', example: 'Bộ Giáo dục và Đào tạo' }),
    decision: decisionSchema.nullable(), status: z.string(), version: z.number(), documentHash: z.string(),
    details: z.object({}).passthrough().openapi({ description: 'What changed (field names, ground, copies), never personal data' }),
  })),
}).openapi('PublicDiplomaEvents');

const issuerParam = z.object({ code: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, 'must be an issuer code').openapi({ example: 'BKA' }) }).strict();

const issuerSchema = z.object({
  code: z.string(), name: z.string(), kind: z.string(), status: z.string(), hostMsp: z.string(),
  hostOrganization: z.string().openapi({ description: 'Legal name of the hosting organization (the Ministry or a Department)' }),
  successorCode: z.string().nullable(),
  diplomaTypes: z.array(z.string()), validFrom: z.string().nullable(), validTo: z.string().nullable(),
}).openapi('PublicIssuer');

const trustAnchorsSchema = z.object({
  organizations: z.array(z.object({ mspId: z.string(), name: z.string().openapi({ description: 'Legal name of the organization' }), caCertificatesPem: z.array(z.string()) })),
}).openapi('TrustAnchors');

export function publicRouter(ctx: GatewayContext): Router {
  const r = Router();
  r.get('/verify/:documentHash/events', endpoint({
    method: 'get', path: '/verify/{documentHash}/events', tag: 'Verification', params: hashParam,
    summary: 'The ledger timeline of the diploma that has this document hash (any of its versions): every event with transaction id, block, time, organization and decision (public)',
    responses: { 200: json('Events, oldest first', eventsSchema), ...commonErrors },
  }), async (req, res) => {
    res.json(await publicEvents(ctx, (req.valid?.params as { documentHash: string }).documentHash));
  });

  r.get('/public/issuers/:code', endpoint({
    method: 'get', path: '/public/issuers/{code}', tag: 'Verification', params: issuerParam,
    summary: 'An issuer of the ledger\'s registry: name, kind, status, hosting organization, successor after a merger, diploma types, validity (public)',
    responses: { 200: json('The issuer', issuerSchema), ...commonErrors },
  }), async (req, res) => {
    const { code } = req.valid?.params as { code: string };
    const issuer = await getIssuer(ctx.ledger, code);
    if (!issuer) throw notFound(`No issuer ${code} in the registry`);
    res.json({
      code: issuer._id, name: issuer.name, kind: issuer.kind, status: issuer.status, hostMsp: issuer.hostMsp,
      hostOrganization: organizationName(ctx.profile, issuer.hostMsp), successorCode: issuer.successorCode ?? null,
      diplomaTypes: issuer.diplomaTypes, validFrom: issuer.validFrom ?? null, validTo: issuer.validTo ?? null,
    });
  });

  r.get('/public/trust-anchors', endpoint({
    method: 'get', path: '/public/trust-anchors', tag: 'Verification',
    summary: 'The CA certificates (PEM) of every organization, the ones the gateway checks signatures against (public)',
    responses: { 200: json('Trust anchors by MSP id', trustAnchorsSchema), 429: commonErrors[429] },
  }), (_req, res) => {
    res.json(trustAnchors(ctx.profile));
  });
  return r;
}
