// Public, rate-limited: the ledger's signing-certificate registry. The revoked certificates with
// their compromise dates let an offline verifier judge a diploma the way the ledger does; an
// issuer's certificates show its key rotations. Fingerprints, serials and organisational names
// only, never a person's name.
import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../errors/problem';
import { endpoint } from '../http/openapi-registry';
import { commonErrors, decisionSchema, json } from '../http/schemas';
import type { GatewayContext } from '../services/context';
import { getIssuer } from '../services/issuers';
import { issuerSigningCertificates, revokedSigningCertificates } from '../services/signing-certificates';

const certificateSchema = z.object({
  fingerprint: z.string().openapi({ description: 'SHA-256 of the certificate\'s DER, 64 hex' }),
  issuerCode: z.string(), hostMsp: z.string(),
  serialNumber: z.string().openapi({ description: 'hex, as the issuing CA lists it' }),
  subject: z.string().openapi({ description: 'the certificate\'s subject without its CN: institution, unit, country, issuer code' }),
  issuerDn: z.string().openapi({ description: 'the CA that issued it' }),
  notBefore: z.string(), notAfter: z.string(),
  status: z.enum(['ACTIVE', 'REVOKED']),
  registeredAt: z.string(),
  revokedAt: z.string().nullable(),
  compromisedAt: z.string().nullable().openapi({ description: 'a diploma whose hash the ledger recorded at or after this instant with this certificate is not trustworthy; before it, it stays valid' }),
  reason: z.string().nullable(),
  decision: decisionSchema.nullable(),
}).openapi('SigningCertificate');

const listSchema = (name: string) => z.object({ certificates: z.array(certificateSchema) }).openapi(name);
const issuerParam = z.object({ code: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, 'must be an issuer code').openapi({ example: 'BKA' }) }).strict();

export function signingCertificatesRouter(ctx: GatewayContext): Router {
  const r = Router();
  r.get('/public/signing-certificates/revoked', endpoint({
    method: 'get', path: '/public/signing-certificates/revoked', tag: 'Verification',
    summary: 'Every revoked signing certificate with the time from which its key is presumed compromised (public; for offline verifiers)',
    description: 'Compare a diploma\'s signer certificate fingerprint and the ledger\'s commit time of its hash (GET /verify/{hash}: signer.committedAt) with compromisedAt.',
    responses: { 200: json('Revoked signing certificates, in fingerprint order', listSchema('RevokedSigningCertificates')), ...commonErrors },
  }), async (_req, res) => {
    res.json({ certificates: await revokedSigningCertificates(ctx.ledger) });
  });

  r.get('/public/issuers/:code/signing-certificates', endpoint({
    method: 'get', path: '/public/issuers/{code}/signing-certificates', tag: 'Verification', params: issuerParam,
    summary: 'The certificates an issuer has signed with (its key rotations), active and revoked (public)',
    responses: { 200: json('The issuer\'s signing certificates', listSchema('IssuerSigningCertificates')), ...commonErrors },
  }), async (req, res) => {
    const { code } = req.valid?.params as { code: string };
    if (!(await getIssuer(ctx.ledger, code))) throw notFound(`No issuer ${code} in the registry`);
    res.json({ certificates: await issuerSigningCertificates(ctx.ledger, code) });
  });
  return r;
}
