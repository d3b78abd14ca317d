// The status index: for every document hash ever committed, what VerifyHash would answer, kept
// from the committed blocks of the gateway's own organization's peer (valid transactions only)
// so that public verification of any hash needs no chaincode query. It reads the write set of
// each block — the very records VerifyHash reads — and builds the answer with the chaincode's own
// function (chaincode/src/diplomas/verify-answer.ts).
//
// It answers only while it is caught up: until it has applied every block the peer had committed
// when it connected (a restart, a rebuild), and for a hash this gateway has just changed until the
// block of that change is applied, callers fall back to VerifyHash. docs/verification-at-scale.md
// explains the choices and the figures.
import { randomBytes } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { statusIndexBlock, statusIndexLive, statusIndexRebuilds } from '../http/metrics';
import { blockNumberOf, stateWritesOfBlock } from '../ledger/block-events';
import type { LedgerVerifyResult } from '../ledger/verify-cache';
import type { GatewayContext } from '../services/context';
import type { CounterReader } from '../statistics/statistics-queries';
import { IndexStore } from './index-store';
import { indexedAnswer } from './indexed-answer';
import { stateRecordOf, type StateRecord } from './state-records';

/** How long a hash changed by a commit of unknown block stays answered by VerifyHash. */
const STALE_WITHOUT_BLOCK_MS = 10_000;
const RECONNECT_MS = 2_000;

interface Stale {
  untilBlock: number | null;
  expiresAt: number;
}

function dataHashOf(block: common.Block): string {
  return Buffer.from(block.getHeader()?.getDataHash_asU8() ?? new Uint8Array()).toString('hex');
}

export class StatusIndex {
  private store: IndexStore | undefined;
  private live = false;
  private stopped = false;
  private iterator: { close(): void } | undefined;
  private rebuildReason: string | undefined;
  private readonly staleHashes = new Map<string, Stale>();
  private readonly staleDiplomas = new Map<string, Stale>();
  /** Hashes whose index answer the sampler found wrong: answered by VerifyHash from then on. */
  private readonly suspects = new Set<string>();
  /** Number of the last block applied (−1: none). */
  indexedThrough = -1;
  /** The last block the peer had committed when the index last connected: where "live" starts. */
  private catchingUpTo = -1;
  private waiters: { block: number; resolve: () => void }[] = [];

  constructor(private readonly ctx: GatewayContext, dir: string) {
    const { profile, log } = ctx;
    try {
      const { store, opened, problem } = IndexStore.open(dir, profile.channel, profile.chaincode);
      this.store = store;
      this.indexedThrough = store.checkpoint().nextBlock - 1;
      if (problem) {
        statusIndexRebuilds.inc({ reason: 'unusable' });
        log.warn({ dir, problem }, 'status index unusable: moved aside, rebuilding it from the ledger');
      } else if (opened === 'new') log.info({ dir }, 'status index created: building it from the ledger');
    } catch (err) {
      // Without a store the gateway still answers, every verify with a VerifyHash query.
      log.error({ dir, err: (err as Error).message }, 'status index cannot be opened; verification falls back to VerifyHash');
    }
  }

  /** Whether answers may be served: caught up with the chain as of the last connection. */
  get isLive(): boolean {
    return this.live && this.store !== undefined;
  }

  /** Runs until stop(): follows the peer's blocks from the checkpoint, reconnecting after errors. */
  async run(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const started = Date.now();
    void store.warmPageCache().then((bytes) => this.ctx.log.info({ bytes, ms: Date.now() - started }, 'status index read into the page cache'))
      .catch((err: Error) => this.ctx.log.warn({ err: err.message }, 'status index: warming the page cache failed'));
    while (!this.stopped) {
      try {
        if (this.rebuildReason) this.rebuild(store);
        await this.checkSameChain(store);
        const height = await this.ctx.ledger.height();
        const lastCommitted = height - 1;
        this.catchingUpTo = lastCommitted;
        const start = store.checkpoint().nextBlock;
        this.setLive(start > lastCommitted);
        const blocks = await this.ctx.ledger.network().getBlockEvents({ startBlock: BigInt(start) });
        this.iterator = blocks;
        for await (const block of blocks) {
          if (this.rebuildReason) break;
          this.apply(store, block);
          if (this.indexedThrough >= lastCommitted) this.setLive(true);
        }
      } catch (err) {
        this.setLive(false);
        if (this.stopped) return;
        this.ctx.log.warn({ err: (err as Error).message }, 'status index: block stream interrupted; reconnecting');
        await new Promise((r) => setTimeout(r, RECONNECT_MS));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.setLive(false);
    this.iterator?.close();
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
    this.store?.close();
  }

  private setLive(live: boolean): void {
    this.live = live;
    statusIndexLive.set(live ? 1 : 0);
  }

  /** An index built from another chain (the network was reset) would answer for hashes it never had. */
  private async checkSameChain(store: IndexStore): Promise<void> {
    const { nextBlock, lastDataHash } = store.checkpoint();
    if (nextBlock === 0) return;
    const block = await this.ctx.ledger.blockByNumber(nextBlock - 1);
    if (block && dataHashOf(block) === lastDataHash) return;
    this.ctx.log.warn({ block: nextBlock - 1 }, 'status index was built from another chain; rebuilding it from the ledger');
    statusIndexRebuilds.inc({ reason: 'other-chain' });
    store.reset();
    this.indexedThrough = -1;
  }

  private rebuild(store: IndexStore): void {
    this.ctx.log.warn({ reason: this.rebuildReason }, 'status index damaged; rebuilding it from the ledger');
    statusIndexRebuilds.inc({ reason: 'damaged' });
    this.rebuildReason = undefined;
    store.reset();
    this.indexedThrough = -1;
    this.suspects.clear();
  }

  private apply(store: IndexStore, block: common.Block): void {
    const number = Number(blockNumberOf(block));
    const records: StateRecord[] = [];
    for (const w of stateWritesOfBlock(block, this.ctx.profile.chaincode)) {
      const record = stateRecordOf(w.key, w.value);
      if (record) records.push(record);
    }
    store.applyBlock(number, dataHashOf(block), records);
    this.indexedThrough = Math.max(this.indexedThrough, number);
    statusIndexBlock.set(this.indexedThrough);
    this.dropStaleThrough();
    if (this.waiters.length > 0) {
      const ready = this.waiters.filter((w) => w.block <= this.indexedThrough);
      this.waiters = this.waiters.filter((w) => w.block > this.indexedThrough);
      for (const w of ready) w.resolve();
    }
  }

  /**
   * What VerifyHash answers for `hash`, from the index; undefined when the index may not answer
   * (behind the chain, the hash just changed by this gateway, a suspect entry): ask VerifyHash.
   */
  answer(hash: string): LedgerVerifyResult | undefined {
    const store = this.store;
    if (!this.live || !store || this.suspects.has(hash) || this.isStale(this.staleHashes, hash)) return undefined;
    try {
      return indexedAnswer(store, hash, (diplomaId) => !this.isStale(this.staleDiplomas, diplomaId));
    } catch (err) {
      this.requestRebuild(`reading ${hash}: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Drops the store and rebuilds it from block 0; verification falls back meanwhile. */
  requestRebuild(reason: string): void {
    if (this.rebuildReason) return;
    this.rebuildReason = reason;
    this.setLive(false);
    this.iterator?.close();
  }

  /**
   * Called by this gateway's own writes once committed: until the index has applied `block`, the
   * hashes and diplomas named are answered by VerifyHash (the commit may reach this gateway's
   * client before its block reaches the index).
   */
  expectChange(diplomaIds: readonly string[], hashes: readonly string[], block: number | null): void {
    if (block !== null && block <= this.indexedThrough) return;
    const stale: Stale = { untilBlock: block, expiresAt: Date.now() + STALE_WITHOUT_BLOCK_MS };
    for (const id of diplomaIds) this.staleDiplomas.set(id, stale);
    for (const h of hashes) this.staleHashes.set(h, stale);
  }

  /** A change is in once its block is applied (or, block unknown, once its time is up). */
  private isOver(s: Stale, now: number): boolean {
    return s.untilBlock !== null ? this.indexedThrough >= s.untilBlock : now > s.expiresAt;
  }

  private isStale(map: Map<string, Stale>, key: string): boolean {
    const s = map.get(key);
    if (!s) return false;
    if (this.isOver(s, Date.now())) {
      map.delete(key);
      return false;
    }
    return true;
  }

  private dropStaleThrough(): void {
    const now = Date.now();
    for (const map of [this.staleHashes, this.staleDiplomas]) {
      for (const [key, s] of map) if (this.isOver(s, now)) map.delete(key);
    }
  }

  /** Marks a hash whose index answer disagrees with VerifyHash: it is not answered from the index again. */
  markSuspect(hash: string): void {
    this.suspects.add(hash);
  }

  /** Resolves once block `block` is applied (or after `timeoutMs`): false on timeout. */
  waitForBlock(block: number, timeoutMs: number): Promise<boolean> {
    if (this.indexedThrough >= block) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = { block, resolve: () => { clearTimeout(timer); resolve(this.indexedThrough >= block); } };
      this.waiters.push(waiter);
    });
  }

  /**
   * The national statistics' counters, only while the index is live: a building index has
   * counted part of the chain, and partial numbers would read as real ones.
   */
  statistics(): CounterReader | undefined {
    return this.isLive ? this.store : undefined;
  }

  /** How far the index is: for the answer that says statistics are not ready yet. */
  progress(): { live: boolean; indexedThrough: number; catchingUpTo: number } {
    return { live: this.isLive, indexedThrough: this.indexedThrough, catchingUpTo: this.catchingUpTo };
  }

  /** A random hash of the index (for the sampler), or undefined when it is empty. */
  randomHash(): string | undefined {
    return this.store?.hashAtOrAfter(randomBytes(32));
  }

  stats(): { live: boolean; indexedThrough: number; hashes: number; diplomas: number; bytesOnDisk: number; suspects: number } | null {
    if (!this.store || this.stopped) return null;
    return { live: this.isLive, indexedThrough: this.indexedThrough, ...this.store.counts(), suspects: this.suspects.size };
  }
}
