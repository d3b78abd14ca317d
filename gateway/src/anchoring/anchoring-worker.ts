// The Ministry's anchoring worker (docs/anchoring.md). Each period, over the Fabric blocks since
// the previous one: the Merkle tree of their diploma events → the root recorded on Fabric
// (Anchoring:RecordAnchorPeriod) → anchor() on the EVM registry → the configured confirmations →
// the EVM transaction recorded on Fabric (RecordAnchorTransaction) → revocations sent to the
// registry → every leaf's proof stored. Fabric's record is the state: after a crash anywhere, the
// worker reads the latest period there, rebuilds its tree from the same blocks and finishes what
// is missing; the period id makes every step idempotent, so no period is lost or doubled.
// Failures (EVM node down, key out of gas, a refusal) are logged, counted and retried with
// back-off; issuance and verification never wait for any of this.
import { buildPeriodTree, MAX_REVOCATIONS_PER_TRANSACTION, ANCHOR_EVENT_TYPES, type AnchorLeaf, type PeriodTree } from '@vanbang/anchoring';
import { LedgerError } from '../errors/ledger-errors';
import { anchoringBlocksBehind, anchoringFailures, anchoringLatestPeriod, anchoringPeriods } from '../http/metrics';
import type { GatewayContext } from '../services/context';
import type { AnchoringSchedule, ChainTarget } from './anchoring-config';
import type { AnchorPeriodRecord } from './anchor-records';
import { highestStoredPeriod, storedPeriod, storePeriod, storePeriodProofs } from './anchor-store';
import { EvmError, EvmRegistry } from './evm-registry';
import { leavesOfBlocks } from './period-leaves';
import type { ProofIndex } from './proof-index';

/** The chaincode's AnchorPeriod (chaincode/src/model.ts). */
export interface LedgerAnchorPeriod {
  periodId: number;
  root: string;
  firstBlock: number;
  lastBlock: number;
  leafCount: number;
  chainId: number | null;
  contract: string | null;
  txId: string;
  timestamp: string;
  evmTransaction: { chainId: number; contract: string; transactionHash: string; blockNumber: number; confirmations: number } | null;
}

/** A root rebuilt from the blocks differs from the one Fabric recorded: never anchor over it. */
export class AnchorMismatchError extends Error {
  override readonly name = 'AnchorMismatchError';
}

const BACKOFF_MIN_MS = 2_000;
const BACKOFF_MAX_MS = 60_000;

/** Leaves gathered since the last recorded period, extended as blocks arrive. */
interface OpenPeriod {
  /** The last block of the latest recorded period: the open period comes after it. */
  after: number;
  /** Its first block with a diploma event (blocks before hold none). */
  firstBlock: number;
  scannedThrough: number;
  leaves: AnchorLeaf[];
}

export class AnchoringWorker {
  private stopped = false;
  private wake: (() => void) | undefined;
  private open: OpenPeriod | null = null;
  private failuresInARow = 0;
  private indexChecked = false;
  /** For health and tests. */
  lastError: string | null = null;
  lastStoredPeriod = 0;

  constructor(
    private readonly ctx: GatewayContext,
    readonly registry: EvmRegistry,
    private readonly schedule: AnchoringSchedule,
    /** The vault identity that signs the Fabric records: a ministry-admin of the Ministry. */
    private readonly identityName: string,
    /** What verify answers read the proofs from. */
    private readonly proofIndex: ProofIndex,
  ) {}

  get target(): ChainTarget {
    return this.registry.target;
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      let waitMs = this.schedule.pollMs;
      try {
        await this.step();
        if (this.failuresInARow > 0) this.ctx.log.info({ after: this.failuresInARow }, 'anchoring: working again');
        this.failuresInARow = 0;
        this.lastError = null;
      } catch (err) {
        if (this.stopped) return;
        this.failuresInARow++;
        waitMs = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(this.failuresInARow - 1, 5));
        this.reportFailure(err, waitMs);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
    }
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
    this.registry.close();
  }

  private reportFailure(err: unknown, retryInMs: number): void {
    const reason = err instanceof EvmError ? err.reason : err instanceof LedgerError ? 'ledger' : err instanceof AnchorMismatchError ? 'mismatch' : 'other';
    anchoringFailures.inc({ reason });
    this.lastError = `${reason}: ${(err as Error).message}`;
    const hint = reason === 'out-of-gas' ? `fund the anchoring key ${this.registry.address}` : reason === 'unreachable' ? `check the EVM node at ${this.target.rpcUrl}` : undefined;
    const log = reason === 'mismatch' ? this.ctx.log.error.bind(this.ctx.log) : this.ctx.log.warn.bind(this.ctx.log);
    log({ reason, err: (err as Error).message, retryInSeconds: retryInMs / 1000, ...(hint ? { hint } : {}) }, 'anchoring step failed; retrying');
  }

  /** One pass: finish the latest recorded period if it is unfinished, else open or close a new one. */
  async step(): Promise<void> {
    if (!this.indexChecked) await this.checkProofIndex();
    await this.registry.chainId();
    const latest = (await this.ctx.ledger.evaluate<{ found: boolean; period: LedgerAnchorPeriod | null }>('Anchoring:GetLatestAnchorPeriod', {})).period;
    if (latest) {
      await this.catchUpStoredPeriods(latest);
      if (!latest.evmTransaction || this.lastStoredPeriod < latest.periodId) {
        await this.complete(latest);
        return;
      }
    }
    const lastCommitted = (await this.ctx.ledger.height()) - 1;
    const firstBlock = (latest?.lastBlock ?? 0) + 1;
    anchoringBlocksBehind.set(Math.max(0, lastCommitted - firstBlock + 1));
    if (lastCommitted < firstBlock) return;
    if (!this.open || this.open.after !== firstBlock - 1) this.open = { after: firstBlock - 1, firstBlock, scannedThrough: firstBlock - 1, leaves: [] };
    const open = this.open;
    // A period never spans more than everyBlocks: a long ledger met for the first time is anchored
    // in periods of that size, not in one tree of every diploma. Blocks without a diploma event
    // before the period's first leaf belong to no period: the period starts after them.
    while (open.scannedThrough < lastCommitted && (open.leaves.length === 0 || open.scannedThrough < open.firstBlock + this.schedule.everyBlocks - 1)) {
      const to = Math.min(lastCommitted, open.leaves.length === 0 ? open.scannedThrough + this.schedule.everyBlocks : open.firstBlock + this.schedule.everyBlocks - 1);
      const leaves = await leavesOfBlocks(this.ctx, open.scannedThrough + 1, to);
      if (open.leaves.length === 0 && leaves.length > 0) open.firstBlock = leaves[0]!.fabricBlock; // leaves come in block order
      open.leaves.push(...leaves);
      open.scannedThrough = to;
      if (open.leaves.length === 0) open.firstBlock = to + 1;
    }
    if (open.leaves.length === 0) return; // an empty period anchors nothing
    const span = open.scannedThrough - open.firstBlock + 1;
    const sinceLast = latest ? Date.now() - Date.parse(latest.timestamp) : Infinity;
    if (span < this.schedule.everyBlocks && sinceLast < this.schedule.everyMs) return;
    await this.close(latest, this.open);
  }

  /** An index behind the database (lost, or the database restored) is filled from the database. */
  private async checkProofIndex(): Promise<void> {
    const stored = await highestStoredPeriod();
    if (this.proofIndex.syncedThrough < stored) {
      const started = Date.now();
      const hashes = await this.proofIndex.copyFromDatabase(stored);
      this.ctx.log.info({ hashes, throughPeriod: stored, seconds: (Date.now() - started) / 1000 }, 'anchoring: proof index filled from the database');
    }
    this.indexChecked = true;
  }

  /** Records the open period on Fabric, then completes it. */
  private async close(latest: LedgerAnchorPeriod | null, open: OpenPeriod): Promise<void> {
    const tree = buildPeriodTree(open.leaves, { engine: 'direct', blockRange: { first: open.firstBlock, last: open.scannedThrough } });
    const chainId = await this.registry.chainId();
    const request = {
      periodId: (latest?.periodId ?? 0) + 1, root: tree.root, firstBlock: open.firstBlock, lastBlock: open.scannedThrough,
      leafCount: tree.leaves.length, chainId, contract: this.registry.contractAddress,
    };
    const out = await this.ctx.ledger.submit<{ created: boolean; period: LedgerAnchorPeriod }>(this.identityName, 'Anchoring:RecordAnchorPeriod', request);
    this.open = null;
    this.ctx.log.info({ periodId: request.periodId, blocks: `${request.firstBlock}..${request.lastBlock}`, leaves: request.leafCount, root: request.root, fabricTxId: out.txId }, 'anchoring: period recorded on Fabric');
    await this.complete(out.result.period, tree);
  }

  /**
   * Everything after the Fabric record, each step skipped when already done: the EVM anchor, its
   * Fabric record, the revocations, the proofs. `tree` is rebuilt from the blocks when not given.
   */
  private async complete(period: LedgerAnchorPeriod, given?: PeriodTree): Promise<void> {
    const tree = given ?? await this.rebuild(period);
    let anchored = period.evmTransaction;
    if (!anchored) {
      const onChain = await this.anchorOnChain(period);
      const recorded = await this.ctx.ledger.submit<{ recorded: boolean; period: LedgerAnchorPeriod }>(this.identityName, 'Anchoring:RecordAnchorTransaction', {
        periodId: period.periodId, chainId: await this.registry.chainId(), contract: this.registry.contractAddress,
        transactionHash: onChain.transactionHash, blockNumber: onChain.blockNumber, confirmations: this.schedule.confirmations,
      });
      anchored = recorded.result.period.evmTransaction!;
      this.ctx.log.info({ periodId: period.periodId, transactionHash: anchored.transactionHash, evmBlock: anchored.blockNumber }, 'anchoring: period anchored on the EVM chain');
    }
    const revocations = await this.sendRevocations(period.periodId, tree);
    await storePeriodProofs(period.periodId, tree);
    const record: AnchorPeriodRecord = {
      _id: period.periodId, root: period.root, firstBlock: period.firstBlock, lastBlock: period.lastBlock, leafCount: period.leafCount,
      chainId: anchored.chainId, contract: anchored.contract, transactionHash: anchored.transactionHash, blockNumber: anchored.blockNumber,
      anchoredAt: await this.registry.blockTime(anchored.blockNumber), revocations, storedAt: new Date(),
    };
    // The index first, then the database's period: a stop between the two completes the period again.
    this.proofIndex.addPeriod(record, tree);
    await storePeriod(record);
    this.lastStoredPeriod = Math.max(this.lastStoredPeriod, period.periodId);
    anchoringLatestPeriod.set(this.lastStoredPeriod);
    anchoringPeriods.inc();
  }

  /** The period's tree from its blocks; its root must be the one Fabric recorded. */
  private async rebuild(period: LedgerAnchorPeriod): Promise<PeriodTree> {
    const leaves = await leavesOfBlocks(this.ctx, period.firstBlock, period.lastBlock);
    const tree = leaves.length > 0 ? buildPeriodTree(leaves, { engine: 'direct', blockRange: { first: period.firstBlock, last: period.lastBlock } }) : null;
    if (!tree || tree.root !== period.root || tree.leaves.length !== period.leafCount) {
      throw new AnchorMismatchError(`period ${period.periodId}: blocks ${period.firstBlock}..${period.lastBlock} give ${tree ? `root ${tree.root} over ${tree.leaves.length} leaves` : 'no leaves'}, but Fabric recorded root ${period.root} over ${period.leafCount}; nothing is anchored until this is explained`);
    }
    return tree;
  }

  /** The period's root on the registry: sent now, or found where an earlier attempt put it. */
  private async anchorOnChain(period: LedgerAnchorPeriod): Promise<{ transactionHash: string; blockNumber: number }> {
    const existing = await this.registry.rootOf(period.periodId);
    if (existing !== null && existing !== period.root) {
      throw new AnchorMismatchError(`period ${period.periodId}: the registry ${this.registry.contractAddress} holds root ${existing}, Fabric recorded ${period.root}`);
    }
    if (existing === null) {
      const txHash = await this.registry.sendAnchor(period.periodId, period.root, period.firstBlock, period.lastBlock, period.leafCount);
      this.ctx.log.info({ periodId: period.periodId, transactionHash: txHash }, 'anchoring: anchor() sent');
      const receipt = await this.registry.waitFor(txHash, this.schedule.confirmations, 180_000);
      // Ours emitted RootAnchored unless one sent before a crash was mined first (then ours was a quiet resend).
      if (this.registry.emitsRootAnchored(receipt)) return { transactionHash: receipt.hash, blockNumber: receipt.blockNumber };
    }
    const found = await this.registry.findAnchoring(period.periodId);
    if (!found) throw new EvmError('refused', `period ${period.periodId}: the registry holds its root but no RootAnchored event was found from block ${this.target.fromBlock}`);
    await this.registry.waitFor(found.transactionHash, this.schedule.confirmations, 180_000);
    return found;
  }

  /** Records the period's revoked hashes on the registry (skipping those it already has). */
  private async sendRevocations(periodId: number, tree: PeriodTree): Promise<number> {
    const revoked = [...new Set(tree.leaves.filter((l) => l.eventType === ANCHOR_EVENT_TYPES.REVOKED).map((l) => l.documentHash))];
    if (revoked.length === 0) return 0;
    const missing = await this.registry.notYetRevoked(revoked);
    for (let i = 0; i < missing.length; i += MAX_REVOCATIONS_PER_TRANSACTION) {
      const chunk = missing.slice(i, i + MAX_REVOCATIONS_PER_TRANSACTION);
      const txHash = await this.registry.sendRevoke(chunk, periodId);
      await this.registry.waitFor(txHash, this.schedule.confirmations, 120_000);
      this.ctx.log.info({ periodId, hashes: chunk.length, transactionHash: txHash }, 'anchoring: revocations recorded on the EVM chain');
    }
    return revoked.length;
  }

  /**
   * Periods Fabric has anchored that this database does not store (a database restored from a
   * backup, or the worker stopped before storing them): rebuilt and stored, oldest first.
   */
  private async catchUpStoredPeriods(latest: LedgerAnchorPeriod): Promise<void> {
    if (this.lastStoredPeriod === 0) this.lastStoredPeriod = await highestStoredPeriod();
    const lastAnchored = latest.evmTransaction ? latest.periodId : latest.periodId - 1;
    for (let id = this.lastStoredPeriod + 1; id <= lastAnchored && !this.stopped; id++) {
      if (await storedPeriod(id)) {
        this.lastStoredPeriod = id;
        continue;
      }
      const period = id === latest.periodId ? latest : await this.ctx.ledger.evaluate<LedgerAnchorPeriod>('Anchoring:GetAnchorPeriod', { periodId: id });
      await this.complete(period);
    }
  }
}
