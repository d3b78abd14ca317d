// A QR code printed on an older PDF points at the API (`/api/v1/verify/{hash}`). A browser that
// opens it is sent to the portal's page for the same hash; programs keep getting the JSON.
// "A browser" = its Accept header ranks text/html strictly above application/json (a browser's
// navigation sends `text/html,...,*/*;q=0.8`; fetch, curl and most clients send `*/*` or JSON).
import type { ServerResponse } from 'node:http';

interface Range { type: string; subtype: string; q: number }

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.split(',')) {
    const [media, ...params] = part.trim().split(';');
    const [type, subtype] = (media ?? '').trim().toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k?.trim().toLowerCase() === 'q') q = Number(v);
    }
    if (Number.isFinite(q)) ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** The quality the Accept header gives `type/subtype`: the most specific matching range decides (RFC 9110 §12.5.1). */
function quality(ranges: Range[], type: string, subtype: string): number {
  let best = -1;
  let q = 0;
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
    if (specificity > best) {
      best = specificity;
      q = r.q;
    }
  }
  return q;
}

export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  return quality(ranges, 'text', 'html') > quality(ranges, 'application', 'json');
}

/** The portal's human page for a document hash. */
export const portalPageOf = (documentHash: string): string => `/v/${documentHash}`;

export function redirectToPortal(res: ServerResponse, documentHash: string): void {
  const location = portalPageOf(documentHash);
  res.writeHead(303, { Location: location, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(`See ${location}`) });
  res.end(`See ${location}`);
}
