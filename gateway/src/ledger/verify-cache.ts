// Cache of VerifyHash answers, kept current by chaincode events: every event evicts the hashes
// and diplomas it names, and the gateway's own commits evict before they answer. A generation
// counter stops a query that started before an eviction from storing its (possibly stale)
// answer afterwards. The cache only serves while the event listener is connected: without
// events it could serve a stale "VALID", so it is cleared and bypassed.
import type { SignerTrust } from '@vanbang/chaincode/verify-answer';

export interface LedgerVerifyResult {
  documentHash: string;
  found: boolean;
  status: string;
  diplomaId?: string;
  diplomaType?: string;
  graduationYear?: number;
  currentVersion?: number;
  hashVersion?: number;
  hashIsCurrent?: boolean;
  issuer?: { code: string; name: string; status: string };
  latestEvent?: { type: string; txId: string; timestamp: string };
  revocation?: { ground: string; decision: { number: string; date: string }; timestamp?: string } | null;
  supersededBy?: string | null;
  supersedes?: string | null;
  /** Who committed the hash and whether that certificate is still trusted for it (null: recorded before signers were). */
  signer?: LedgerSigner | null;
}

/** The chaincode's own type (chaincode/src/diplomas/verify-answer.ts). */
export type LedgerSigner = SignerTrust;

/** Most recently used answers kept (about 1.5 KB each with the serialized body: ~30 MB). */
const MAX_ENTRIES = 20_000;

export class VerifyCache {
  private readonly byHash = new Map<string, LedgerVerifyResult>();
  private readonly hashesByDiploma = new Map<string, Set<string>>();
  private live = false;
  generation = 0;

  /** Called by the event listener: true while it receives events. */
  setLive(live: boolean): void {
    if (!live) this.clear();
    this.live = live;
  }

  get isLive(): boolean {
    return this.live;
  }

  get(hash: string): LedgerVerifyResult | undefined {
    if (!this.live) return undefined;
    const hit = this.byHash.get(hash);
    if (hit) {
      // Most recently used last (a Map keeps insertion order): the first entry is the one to drop.
      this.byHash.delete(hash);
      this.byHash.set(hash, hit);
    }
    return hit;
  }

  /** Stores an answer obtained while `generation` was `startedAt`, unless something was evicted since. */
  put(result: LedgerVerifyResult, startedAt: number): void {
    if (!this.live || startedAt !== this.generation) return;
    if (this.byHash.size >= MAX_ENTRIES && !this.byHash.has(result.documentHash)) this.dropLeastRecentlyUsed();
    this.byHash.set(result.documentHash, result);
    if (result.diplomaId) {
      let set = this.hashesByDiploma.get(result.diplomaId);
      if (!set) this.hashesByDiploma.set(result.diplomaId, (set = new Set()));
      set.add(result.documentHash);
    }
  }

  private dropLeastRecentlyUsed(): void {
    const oldest = this.byHash.entries().next().value;
    if (!oldest) return;
    const [hash, result] = oldest;
    this.byHash.delete(hash);
    if (result.diplomaId) this.hashesByDiploma.get(result.diplomaId)?.delete(hash);
  }

  get size(): number {
    return this.byHash.size;
  }

  evict(diplomaIds: readonly string[], hashes: readonly string[]): void {
    this.generation++;
    for (const h of hashes) this.byHash.delete(h);
    for (const id of diplomaIds) {
      for (const h of this.hashesByDiploma.get(id) ?? []) this.byHash.delete(h);
      this.hashesByDiploma.delete(id);
    }
  }

  clear(): void {
    this.generation++;
    this.byHash.clear();
    this.hashesByDiploma.clear();
  }
}
