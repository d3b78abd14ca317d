/** Asks the gateway for a diploma's ledger status: GET {url}/api/v1/verify/{documentHash}. */

export const LEDGER_STATUSES = ['VALID', 'CORRECTED', 'SUPERSEDED', 'REVOKED', 'NOT_FOUND'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** Who committed the hash, as the ledger recorded it, and whether that certificate is still trusted for it. */
export interface LedgerSigner {
  readonly fingerprint: string;
  readonly committedAt: string;
  readonly status: 'TRUSTED' | 'REVOKED_AFTER_SIGNING' | 'COMPROMISED';
  readonly compromisedAt: string | null;
}

export type LedgerLookup =
  | { readonly checked: true; readonly url: string; readonly status: LedgerStatus; readonly signer: LedgerSigner | null; readonly response: unknown }
  | { readonly checked: false; readonly url?: string; readonly reason: string };

const isLedgerStatus = (value: unknown): value is LedgerStatus => (LEDGER_STATUSES as readonly unknown[]).includes(value);
const SIGNER_STATUSES: readonly unknown[] = ['TRUSTED', 'REVOKED_AFTER_SIGNING', 'COMPROMISED'];

function signerOf(body: unknown): LedgerSigner | null {
  const s = (body as { signer?: Partial<LedgerSigner> | null } | undefined)?.signer;
  if (s === null || s === undefined || typeof s.fingerprint !== 'string' || !SIGNER_STATUSES.includes(s.status)) return null;
  return { fingerprint: s.fingerprint, committedAt: String(s.committedAt ?? ''), status: s.status as LedgerSigner['status'], compromisedAt: s.compromisedAt ?? null };
}

export async function lookUpLedgerStatus(gatewayUrl: string, documentHash: string, timeoutMs = 10000): Promise<LedgerLookup> {
  const url = `${gatewayUrl.replace(/\/+$/, '')}/api/v1/verify/${documentHash}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { checked: false, url, reason: `the gateway could not be reached (${cause})` };
  }
  const body: unknown = await response.json().catch(() => undefined);
  // The gateway calls it `result`; `status` is what earlier gateways and test doubles sent.
  const answer = body as { result?: unknown; status?: unknown } | undefined;
  const status = isLedgerStatus(answer?.result) ? answer.result : answer?.status;
  if (isLedgerStatus(status)) return { checked: true, url, status, signer: signerOf(body), response: body };
  if (response.status === 404) return { checked: true, url, status: 'NOT_FOUND', signer: null, response: body };
  return { checked: false, url, reason: `the gateway answered HTTP ${response.status} without a known status` };
}
