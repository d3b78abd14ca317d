// The public timeline of a diploma, by the hash of any of its versions: every ledger event
// (GetHistory) with its transaction, block, time, organization and decision. Only what the
// ledger holds, which is no personal data (details name changed fields, never their values).
import { notFound } from '../errors/problem';
import { organizationName } from '@vanbang/network';
import type { GatewayContext } from './context';
import { blockNumberOf, ledgerHistory } from './history';
import { ledgerVerify } from './verification';

export interface PublicEvent {
  type: string;
  transactionId: string;
  blockNumber: number | null;
  timestamp: string;
  /** MSP id of the organization whose member submitted the transaction. */
  organization: string;
  /** Its legal name, e.g. "Bộ Giáo dục và Đào tạo". */
  organizationName: string;
  decision: { number: string; date: string } | null;
  status: string;
  version: number;
  documentHash: string;
  details: Record<string, unknown>;
}

export interface PublicTimeline {
  documentHash: string;
  diplomaId: string;
  /** The hash of the version in force (differs from documentHash for a corrected, older version). */
  currentDocumentHash: string;
  /** The diploma that replaced this one by a reissue, and the hash of its version in force. */
  supersededBy: { diplomaId: string; documentHash: string } | null;
  events: PublicEvent[];
}

/** The ledger's current document hash of a diploma (GetDiploma: the ledger record holds no personal data). */
async function currentHashOf(ctx: GatewayContext, diplomaId: string): Promise<string> {
  return (await ctx.ledger.evaluate<{ documentHash: string }>('GetDiploma', { diplomaId })).documentHash;
}

export async function publicEvents(ctx: GatewayContext, documentHash: string): Promise<PublicTimeline> {
  const verified = await ledgerVerify(ctx, documentHash);
  if (!verified.found || !verified.diplomaId) throw notFound(`No diploma on the ledger has the document hash ${documentHash}`);
  // Links a verifier follows: to the version in force, and to the reissued diploma.
  const [currentDocumentHash, supersededBy] = await Promise.all([
    verified.hashIsCurrent === false ? currentHashOf(ctx, verified.diplomaId) : Promise.resolve(documentHash),
    verified.supersededBy ? currentHashOf(ctx, verified.supersededBy).then((hash) => ({ diplomaId: verified.supersededBy!, documentHash: hash })) : Promise.resolve(null),
  ]);
  const events: PublicEvent[] = [];
  for (const h of await ledgerHistory(ctx, verified.diplomaId)) {
    events.push({
      type: h.eventType,
      transactionId: h.txId,
      blockNumber: await blockNumberOf(ctx, h.txId),
      timestamp: h.timestamp,
      organization: h.mspId,
      organizationName: organizationName(ctx.profile, h.mspId),
      decision: h.decision,
      status: h.status,
      version: h.version,
      documentHash: h.documentHash,
      details: h.details,
    });
  }
  return { documentHash, diplomaId: verified.diplomaId, currentDocumentHash, supersededBy, events };
}
