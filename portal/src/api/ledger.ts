/** The public ledger reads: status by hash and the diploma's life on the ledger. */
import { getJson, type Outcome } from './outcome';
import type { LedgerEvents, LedgerView } from './types';

export function fetchLedgerStatus(documentHash: string): Promise<Outcome<LedgerView>> {
  return getJson<LedgerView>(`/api/v1/verify/${documentHash}`);
}

export function fetchLedgerEvents(documentHash: string): Promise<Outcome<LedgerEvents>> {
  return getJson<LedgerEvents>(`/api/v1/verify/${documentHash}/events`);
}
