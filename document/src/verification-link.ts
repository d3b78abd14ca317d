/**
 * What a diploma's QR code or a pasted verification link holds → the document hash it names.
 * Browser-safe, no network: the portal navigates to /v/{hash} with the result.
 */

const HASH = /^[0-9a-f]{64}$/;
/** The path of a verification link: the portal's page (/v/…) or the JSON API that older PDFs' QR codes point at. */
const LINK_PATH = /\/(?:v|api\/v1\/verify)\/([0-9a-fA-F]{64})\/?$/;

/**
 * The 64-lowercase-hex document hash in `text`: a URL whose path ends in `/v/{hash}` or
 * `/api/v1/verify/{hash}` (any host, with or without a query or fragment), or a bare hash (either
 * case, surrounding whitespace ignored). Anything else → undefined.
 */
export function parseVerificationLink(text: string): string | undefined {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (HASH.test(lower)) return lower;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return LINK_PATH.exec(url.pathname)?.[1]?.toLowerCase();
}
