/** The public registry reads: an issuer, and the CA certificates the gateway trusts. */
import { getJson, type Outcome } from './outcome';
import type { PublicIssuer, TrustAnchors } from './types';

export function fetchIssuer(code: string): Promise<Outcome<PublicIssuer>> {
  return getJson<PublicIssuer>(`/api/v1/public/issuers/${encodeURIComponent(code)}`);
}

let anchors: Promise<Outcome<TrustAnchors>> | undefined;

/** Fetched once per page; a failed fetch is retried on the next check. */
export function fetchTrustAnchors(): Promise<Outcome<TrustAnchors>> {
  const pending = anchors ?? getJson<TrustAnchors>('/api/v1/public/trust-anchors');
  anchors = pending;
  void pending.then((o) => {
    if (o.kind !== 'ok') anchors = undefined;
  });
  return pending;
}
