// The public timeline of a diploma, by the hash of any of its versions: every ledger event
// (GetHistory) with its transaction, block, time, organization and decision. Only what the
// ledger holds, which is no personal data (details name changed fields, never their values).
import { notFound } from '../errors/problem';
import type { GatewayContext } from './context';
import { blockNumberOf, ledgerHistory } from './history';
import { ledgerVerify } from './verification';

export interface PublicEvent {
  type: string;
  transactionId: string;
  blockNumber: number | null;
  timestamp: string;
  organization: string;
  decision: { number: string; date: string } | null;
  status: string;
  version: number;
  documentHash: string;
  details: Record<string, unknown>;
}

export async function publicEvents(ctx: GatewayContext, documentHash: string): Promise<{ documentHash: string; diplomaId: string; events: PublicEvent[] }> {
  const verified = await ledgerVerify(ctx, documentHash);
  if (!verified.found || !verified.diplomaId) throw notFound(`No diploma on the ledger has the document hash ${documentHash}`);
  const events: PublicEvent[] = [];
  for (const h of await ledgerHistory(ctx, verified.diplomaId)) {
    events.push({
      type: h.eventType,
      transactionId: h.txId,
      blockNumber: await blockNumberOf(ctx, h.txId),
      timestamp: h.timestamp,
      organization: h.mspId,
      decision: h.decision,
      status: h.status,
      version: h.version,
      documentHash: h.documentHash,
      details: h.details,
    });
  }
  return { documentHash, diplomaId: verified.diplomaId, events };
}
