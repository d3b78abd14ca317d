// The `anchor` member of a verify answer (docs/anchoring.md, "In verify answers and the API"): for
// each of the hash's anchored events, its leaf, proof, root and where that root is on the EVM
// chain — what the standalone check (`scripts/vanbang verify --evm-rpc`) needs — and whether the
// hash's status in force is anchored yet. Read from the proof index (LMDB, microseconds), so the
// public hot path stays as fast with the anchor as without it.
import { ANCHOR_EVENT_TYPES, type AnchorEventName } from '@vanbang/anchoring';
import type { LedgerVerifyResult } from '../ledger/verify-cache';
import type { ProofIndex } from './proof-index';

export interface AnchoredEventView {
  event: AnchorEventName;
  leaf: { documentHash: string; eventType: number; fabricBlock: number; fabricTxId: string };
  proof: string[];
  root: string;
  periodId: number;
  fabricBlocks: { first: number; last: number };
  chain: { chainId: number; contract: string; transactionHash: string; blockNumber: number };
  anchoredAt: string;
}

export interface AnchorView {
  status: 'ANCHORED' | 'AWAITING_ANCHORING';
  events: AnchoredEventView[];
}

const ISSUANCE_EVENTS: AnchorEventName[] = ['ISSUED', 'CORRECTED', 'REISSUED'];

/** Which anchored event makes the hash's status in force anchored. */
function expectedEvents(r: LedgerVerifyResult): AnchorEventName[] {
  const current = r.hashIsCurrent !== false;
  if (r.status === 'REVOKED' && current) return ['REVOKED'];
  if (r.status === 'SUPERSEDED' && current) return ['SUPERSEDED'];
  return ISSUANCE_EVENTS;
}

export class AnchorViews {
  constructor(private readonly index: ProofIndex) {}

  eventsOf(documentHash: string): AnchoredEventView[] {
    const views: AnchoredEventView[] = [];
    for (const [name, e] of Object.entries(this.index.eventsOf(documentHash) ?? {})) {
      if (!e) continue;
      const period = this.index.period(e.periodId);
      if (!period) continue;
      views.push({
        event: name as AnchorEventName,
        leaf: { documentHash: `0x${documentHash}`, eventType: e.eventType, fabricBlock: e.fabricBlock, fabricTxId: e.fabricTxId },
        proof: e.proof,
        root: period.root,
        periodId: period._id,
        fabricBlocks: { first: period.firstBlock, last: period.lastBlock },
        chain: { chainId: period.chainId, contract: period.contract, transactionHash: period.transactionHash, blockNumber: period.blockNumber },
        anchoredAt: new Date(period.anchoredAt).toISOString(),
      });
    }
    return views.sort((a, b) => a.periodId - b.periodId || ANCHOR_EVENT_TYPES[a.event] - ANCHOR_EVENT_TYPES[b.event]);
  }

  /** The anchor member for a ledger answer; null for a hash the ledger does not know. */
  viewOf(r: LedgerVerifyResult): AnchorView | null {
    if (!r.found) return null;
    const events = this.eventsOf(r.documentHash);
    const expected = expectedEvents(r);
    return { status: events.some((e) => expected.includes(e.event)) ? 'ANCHORED' : 'AWAITING_ANCHORING', events };
  }
}
