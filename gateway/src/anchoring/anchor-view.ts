// The `anchor` member of a verify answer (docs/anchoring.md, "In verify answers"): for each of the
// hash's anchored events, its leaf, proof, root and where that root is on the EVM chain — what the
// standalone check (`scripts/vanbang verify --evm-rpc`) needs — and whether the hash's status in
// force is anchored yet. Kept in a bounded cache; the worker evicts a hash when a new event of it
// is stored, and a miss ("awaiting") is kept only briefly, for another gateway's worker.
import { ANCHOR_EVENT_TYPES, type AnchorEventName } from '@vanbang/anchoring';
import type { LedgerVerifyResult } from '../ledger/verify-cache';
import type { AnchorPeriodRecord } from './anchor-records';
import { storedPeriod, storedProofs } from './anchor-store';

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

const MAX_HASHES = 50_000;
const MAX_PERIODS = 10_000;
const MISS_TTL_MS = 5_000;
// A period stored by another gateway's worker (this one evicts on its own) shows within a minute.
const HIT_TTL_MS = 60_000;
const ISSUANCE_EVENTS: AnchorEventName[] = ['ISSUED', 'CORRECTED', 'REISSUED'];

/** Which anchored event makes the hash's status in force anchored. */
function expectedEvents(r: LedgerVerifyResult): AnchorEventName[] {
  const current = r.hashIsCurrent !== false;
  if (r.status === 'REVOKED' && current) return ['REVOKED'];
  if (r.status === 'SUPERSEDED' && current) return ['SUPERSEDED'];
  return ISSUANCE_EVENTS;
}

function lru<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}

export class AnchorViews {
  private readonly events = new Map<string, { events: AnchoredEventView[]; until: number }>();
  private readonly periods = new Map<number, AnchorPeriodRecord>();

  /** A period was stored: its hashes' views are stale. */
  forget(documentHashes: Iterable<string>): void {
    for (const h of documentHashes) this.events.delete(h.startsWith('0x') ? h.slice(2) : h);
  }

  private async period(id: number): Promise<AnchorPeriodRecord | null> {
    const cached = this.periods.get(id);
    if (cached) return cached;
    const stored = await storedPeriod(id);
    if (stored) lru(this.periods, id, stored, MAX_PERIODS);
    return stored;
  }

  private async eventsOf(documentHash: string): Promise<AnchoredEventView[]> {
    const cached = this.events.get(documentHash);
    if (cached && cached.until > Date.now()) {
      this.events.delete(documentHash);
      this.events.set(documentHash, cached);
      return cached.events;
    }
    const record = await storedProofs(documentHash);
    const views: AnchoredEventView[] = [];
    for (const [name, e] of Object.entries(record?.events ?? {}) as [AnchorEventName, NonNullable<typeof record>['events'][AnchorEventName]][]) {
      if (!e) continue;
      const period = await this.period(e.periodId);
      if (!period) continue; // proofs are stored before their period: not visible yet
      views.push({
        event: name,
        leaf: { documentHash: `0x${documentHash}`, eventType: e.eventType, fabricBlock: e.fabricBlock, fabricTxId: e.fabricTxId },
        proof: e.proof,
        root: period.root,
        periodId: period._id,
        fabricBlocks: { first: period.firstBlock, last: period.lastBlock },
        chain: { chainId: period.chainId, contract: period.contract, transactionHash: period.transactionHash, blockNumber: period.blockNumber },
        anchoredAt: period.anchoredAt.toISOString(),
      });
    }
    views.sort((a, b) => a.periodId - b.periodId || ANCHOR_EVENT_TYPES[a.event] - ANCHOR_EVENT_TYPES[b.event]);
    lru(this.events, documentHash, { events: views, until: Date.now() + (views.length > 0 ? HIT_TTL_MS : MISS_TTL_MS) }, MAX_HASHES);
    return views;
  }

  /** The anchor member for a ledger answer; null for a hash the ledger does not know. */
  async viewOf(r: LedgerVerifyResult): Promise<AnchorView | null> {
    if (!r.found) return null;
    const events = await this.eventsOf(r.documentHash);
    const expected = expectedEvents(r);
    return { status: events.some((e) => expected.includes(e.event)) ? 'ANCHORED' : 'AWAITING_ANCHORING', events };
  }
}
