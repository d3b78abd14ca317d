/** Asks the gateway for a diploma's ledger status: GET {url}/api/v1/verify/{documentHash}. */

export const LEDGER_STATUSES = ['VALID', 'CORRECTED', 'SUPERSEDED', 'REVOKED', 'NOT_FOUND'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

export type LedgerLookup =
  | { readonly checked: true; readonly url: string; readonly status: LedgerStatus; readonly response: unknown }
  | { readonly checked: false; readonly url?: string; readonly reason: string };

const isLedgerStatus = (value: unknown): value is LedgerStatus => (LEDGER_STATUSES as readonly unknown[]).includes(value);

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
  const status = (body as { status?: unknown } | undefined)?.status;
  if (isLedgerStatus(status)) return { checked: true, url, status, response: body };
  if (response.status === 404) return { checked: true, url, status: 'NOT_FOUND', response: body };
  return { checked: false, url, reason: `the gateway answered HTTP ${response.status} without a known status` };
}
