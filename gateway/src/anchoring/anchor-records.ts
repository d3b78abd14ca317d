// What the gateway's database keeps of anchoring: each completed period (where its root is on the
// EVM chain) and, for each document hash, the proof of each of its anchored events. Fabric holds
// the authoritative record of the periods (chaincode Anchoring contract); these are rebuilt from
// it and from the blocks whenever they are missing (a restored database, a crash mid-way).
import type { AnchorEventName } from '@vanbang/anchoring';

export interface AnchorPeriodRecord {
  _id: number;
  root: string;
  firstBlock: number;
  lastBlock: number;
  leafCount: number;
  chainId: number;
  contract: string;
  transactionHash: string;
  blockNumber: number;
  anchoredAt: Date;
  /** Hashes recorded as revoked on the registry with this period. */
  revocations: number;
  storedAt: Date;
}

/** One anchored event of a hash: its leaf's other three members and its proof. */
export interface StoredAnchorEvent {
  eventType: number;
  fabricBlock: number;
  fabricTxId: string;
  periodId: number;
  proof: string[];
}

export interface AnchorProofRecord {
  /** The document hash, 64 lowercase hex (as everywhere in the gateway). */
  _id: string;
  /** By event name: a hash has each kind of event at most once. */
  events: Partial<Record<AnchorEventName, StoredAnchorEvent>>;
}
