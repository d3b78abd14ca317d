// The CA certificates the gateway trusts (those of the connection profile), per organization:
// published so that a verifier (the portal, in the browser) checks a diploma's signature chain
// against the same anchors as the gateway, and receipts can be checked offline.
import { readFileSync } from 'node:fs';
import { organizationName, type ConnectionProfile } from '@vanbang/network';

export interface TrustAnchors {
  organizations: { mspId: string; name: string; caCertificatesPem: string[] }[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every PEM certificate in a file (a CA file may hold a chain). */
export function pemCertificates(text: string): string[] {
  return (text.match(PEM_BLOCK) ?? []).map((pem) => `${pem}\n`);
}

const cache = new WeakMap<ConnectionProfile, TrustAnchors>();

export function trustAnchors(profile: ConnectionProfile): TrustAnchors {
  let anchors = cache.get(profile);
  if (!anchors) {
    anchors = {
      organizations: Object.entries(profile.caCertPaths)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([mspId, file]) => ({ mspId, name: organizationName(profile, mspId), caCertificatesPem: pemCertificates(readFileSync(file, 'utf8')) })),
    };
    cache.set(profile, anchors);
  }
  return anchors;
}

/** Drops the cached anchors of a profile whose organizations changed (ledger/profile-reload.ts). */
export function forgetTrustAnchors(profile: ConnectionProfile): void {
  cache.delete(profile);
}

/** The organization's CA certificates (PEM), none for an MSP id this network does not have. */
export function caPemsOf(profile: ConnectionProfile, mspId: string): readonly string[] {
  return trustAnchors(profile).organizations.find((o) => o.mspId === mspId)?.caCertificatesPem ?? [];
}
