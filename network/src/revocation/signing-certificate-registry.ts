// The ledger side of key rotation and revocation: the SigningCertificates contract called as the
// administrator role identity of the certificate's host organization (ministry-admin for the
// Ministry, the Department's department-admin), as an administrator would from the connection
// profile. Used by the seed step, identity:revoke and issuer:rotate-key.
import type { ConnectionProfile } from '../connection-profile';
import { connectAs } from '../fabric-client';
import type { OrgSpec } from '../topology';

export const CONTRACT = 'SigningCertificates';

/** Fabric Gateway errors keep the chaincode's "[CODE] message" in their details. */
export function describeGatewayError(err: unknown): string {
  const e = err as { message?: string; details?: { message?: string }[] };
  return [e.message ?? String(err), ...(e.details ?? []).map((d) => d.message ?? '')].filter(Boolean).join(' | ');
}

/** The profile's administrator identity of `org`: its ministry-admin or department-admin. */
export function adminIdentityOf(profile: ConnectionProfile, org: OrgSpec): string {
  const role = org.kind === 'ministry' ? 'ministry-admin' : 'department-admin';
  const id = profile.identities.find((i) => i.org === org.name && i.role === role);
  if (!id) throw new Error(`The connection profile has no ${role} identity of ${org.name}: it is needed to record the change on the ledger`);
  return id.name;
}

async function submit<T>(profile: ConnectionProfile, identity: string, fn: string, request: unknown): Promise<T> {
  const conn = connectAs(profile, identity);
  try {
    const contract = conn.gateway.getNetwork(profile.channel).getContract(profile.chaincode, CONTRACT);
    return JSON.parse(Buffer.from(await contract.submitTransaction(fn, JSON.stringify(request))).toString('utf8')) as T;
  } catch (err) {
    throw new Error(`${CONTRACT}:${fn} as ${identity} failed: ${describeGatewayError(err)}`);
  } finally {
    conn.close();
  }
}

export interface RegisteredCertificate {
  created: boolean;
  certificate: { fingerprint: string; serialNumber: string; status: string };
}

/** Records a certificate that signs for `issuerCode` (a no-op when it is already recorded). */
export function registerSigningCertificate(profile: ConnectionProfile, identity: string, issuerCode: string, certificatePem: string): Promise<RegisteredCertificate> {
  return submit(profile, identity, 'RegisterSigningCertificate', { issuerCode, certificatePem });
}

export interface RevokedCertificate {
  revoked: boolean;
  certificate: { fingerprint: string; issuerCode: string; revocation: { revokedAt: string; compromisedAt: string } };
}

export function revokeSigningCertificate(profile: ConnectionProfile, identity: string, request: {
  fingerprint: string; compromisedAt: string; reason: string; decision?: { number: string; date: string };
}): Promise<RevokedCertificate> {
  return submit(profile, identity, 'RevokeSigningCertificate', request);
}

/** The registry's record of a certificate, or undefined when it is not registered. */
export async function findSigningCertificate(profile: ConnectionProfile, identity: string, fingerprint: string): Promise<{ issuerCode: string; status: string } | undefined> {
  const conn = connectAs(profile, identity);
  try {
    const contract = conn.gateway.getNetwork(profile.channel).getContract(profile.chaincode, CONTRACT);
    const bytes = await contract.evaluateTransaction('GetSigningCertificate', JSON.stringify({ fingerprint }));
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as { issuerCode: string; status: string };
  } catch (err) {
    if (/CERTIFICATE_NOT_FOUND/.test(describeGatewayError(err))) return undefined;
    throw new Error(`${CONTRACT}:GetSigningCertificate failed: ${describeGatewayError(err)}`);
  } finally {
    conn.close();
  }
}
