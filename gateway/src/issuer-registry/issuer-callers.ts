// An API caller for an issuer, on request of its administrator: a new issuer identity from the
// host organization's CA (ca-enrollment.ts), its key sealed in the gateway's vault, its signing
// certificate in the ledger's registry (so verifiers know the key from the first diploma on),
// and an API key with role issuer that signs with it. The key is returned once and stored only
// as its SHA-256, like every other caller's.
import { randomBytes } from 'node:crypto';
import { hashApiKey, newApiKey, type Caller } from '../auth/api-keys';
import { conflict } from '../errors/problem';
import { collections } from '../models/collections';
import type { GatewayContext } from '../services/context';
import { endorsersFor } from '../services/issuers';
import { enrollIssuerIdentity } from './ca-enrollment';
import { requireAdministrator } from './issuer-access';
import { ledgerIssuer } from './registry-reads';

export interface CreatedIssuerCaller {
  name: string;
  role: 'issuer';
  issuerCode: string;
  mspId: string;
  certificate: { fingerprint: string; serialNumber: string; notAfter: string };
  apiKey: string;
}

interface RegisteredCertificate {
  created: boolean;
  certificate: { fingerprint: string; serialNumber: string; notAfter: string };
}

export async function createIssuerCaller(ctx: GatewayContext, caller: Caller, code: string): Promise<CreatedIssuerCaller> {
  const issuer = await ledgerIssuer(ctx, caller, code);
  requireAdministrator(caller, issuer, 'create API callers for');
  if (issuer.status === 'MERGED') throw conflict('ISSUER_MERGED', `Issuer ${code} has merged into ${issuer.successorCode}; it signs nothing new`);
  // The name is also the identity's CA enrollment id: unique, and telling whose it is.
  const name = `${code.toLowerCase()}-api-${randomBytes(4).toString('hex')}`;
  const enrolled = await enrollIssuerIdentity(ctx.config, ctx.log, { name, hostMsp: issuer.hostMsp, issuerCode: code, institution: issuer.name });
  await ctx.vault.addIdentity({
    name, mspId: issuer.hostMsp, org: enrolled.org, role: 'issuer', issuerCode: code,
    certificatePem: enrolled.certificatePem, privateKeyPem: enrolled.privateKeyPem,
  });
  // Recorded by the administrator asking, as the seed and issuer:rotate-key do it.
  const registered = await ctx.ledger.submit<RegisteredCertificate>(caller.identityName, 'SigningCertificates:RegisterSigningCertificate',
    { issuerCode: code, certificatePem: enrolled.certificatePem }, { endorsingOrganizations: endorsersFor(issuer.hostMsp, ctx.profile.ministryMspId) });
  const apiKey = newApiKey();
  await collections.callers().insertOne({
    _id: hashApiKey(apiKey), name, role: 'issuer', issuerCode: code, mspId: issuer.hostMsp, identityName: name, createdAt: new Date(),
  });
  const { fingerprint, serialNumber, notAfter } = registered.result.certificate;
  return { name, role: 'issuer', issuerCode: code, mspId: issuer.hostMsp, certificate: { fingerprint, serialNumber, notAfter }, apiKey };
}
