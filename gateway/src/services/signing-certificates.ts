// The ledger's signing-certificate registry as the public sees it: the revoked certificates with
// the moment from which their key must be presumed compromised (what an offline verifier needs
// to judge a diploma signed with one), and an issuer's certificates over its key rotations.
// No personal data: the registry keeps fingerprints, serials and organisational names only.
import type { LedgerClient } from '../ledger/ledger-client';

/** The chaincode's SigningCertificate record (the fields published). */
export interface LedgerSigningCertificate {
  fingerprint: string;
  issuerCode: string;
  hostMsp: string;
  serialNumber: string;
  subject: string;
  issuerDn: string;
  notBefore: string;
  notAfter: string;
  status: 'ACTIVE' | 'REVOKED';
  registeredAt: string;
  revocation: { revokedAt: string; compromisedAt: string; reason: string; decision: { number: string; date: string } | null } | null;
}

/** The published form: the revocation's fields flattened, null when the certificate is not revoked. */
export interface PublicSigningCertificate extends Omit<LedgerSigningCertificate, 'revocation'> {
  revokedAt: string | null;
  compromisedAt: string | null;
  reason: string | null;
  decision: { number: string; date: string } | null;
}

export function publicCertificate(c: LedgerSigningCertificate): PublicSigningCertificate {
  return {
    fingerprint: c.fingerprint, issuerCode: c.issuerCode, hostMsp: c.hostMsp, serialNumber: c.serialNumber, subject: c.subject, issuerDn: c.issuerDn,
    notBefore: c.notBefore, notAfter: c.notAfter, status: c.status, registeredAt: c.registeredAt,
    revokedAt: c.revocation?.revokedAt ?? null, compromisedAt: c.revocation?.compromisedAt ?? null,
    reason: c.revocation?.reason ?? null, decision: c.revocation?.decision ?? null,
  };
}

const PAGE = 200;

async function allPages(ledger: LedgerClient, fn: string, arg: Record<string, unknown>): Promise<LedgerSigningCertificate[]> {
  const out: LedgerSigningCertificate[] = [];
  let bookmark = '';
  for (;;) {
    const page = await ledger.evaluate<{ records: LedgerSigningCertificate[]; bookmark: string }>(fn, { ...arg, pageSize: PAGE, ...(bookmark ? { bookmark } : {}) });
    out.push(...page.records);
    if (!page.bookmark || page.records.length < PAGE) return out;
    bookmark = page.bookmark;
  }
}

/**
 * The revoked list is asked for by every offline verifier and changes only on a revocation: kept
 * per ledger connection until a SigningCertificate event (event-listener.ts) or a minute passes.
 */
const TTL_MS = 60_000;
const revokedCache = new WeakMap<LedgerClient, { until: number; list: Promise<PublicSigningCertificate[]> }>();

export function revokedSigningCertificates(ledger: LedgerClient): Promise<PublicSigningCertificate[]> {
  const hit = revokedCache.get(ledger);
  if (hit && hit.until > Date.now()) return hit.list;
  const list = allPages(ledger, 'SigningCertificates:ListRevokedSigningCertificates', {}).then((records) => records.map(publicCertificate));
  revokedCache.set(ledger, { until: Date.now() + TTL_MS, list });
  list.catch(() => revokedCache.delete(ledger));
  return list;
}

/** Called on every SigningCertificateRegistered / SigningCertificateRevoked event. */
export function forgetRevokedSigningCertificates(ledger: LedgerClient): void {
  revokedCache.delete(ledger);
}

export async function issuerSigningCertificates(ledger: LedgerClient, issuerCode: string): Promise<PublicSigningCertificate[]> {
  return (await allPages(ledger, 'SigningCertificates:ListSigningCertificates', { issuerCode })).map(publicCertificate);
}
