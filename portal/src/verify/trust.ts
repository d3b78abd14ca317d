/** Which CA certificates a signature must chain to: those of the issuer's hosting organization. */
import type { TrustAnchors } from '../api/types';

export function trustedCaPems(anchors: TrustAnchors, hostMsp: string | undefined): string[] {
  const orgs = hostMsp === undefined ? anchors.organizations : anchors.organizations.filter((o) => o.mspId === hostMsp);
  // An issuer whose host organization the gateway does not know cannot be anchored: no CA.
  return orgs.flatMap((o) => [...o.caCertificatesPem]);
}
