// Keeps MongoDB in step with the ledger from the chaincode's events, including changes made by
// other gateways or with the Fabric CLI. It follows the committed blocks of its organization's
// peer and applies the chaincode events of their valid transactions; the next block to read is
// checkpointed in MongoDB after each block, so a restart resumes where it stopped (and applying an
// event twice is harmless anyway: every update is conditional).
import { chaincodeEvents } from '../http/metrics';
import { collections } from '../models/collections';
import { updateIf } from '../models/guarded-writes';
import type { DiplomaRecord } from '../models/records';
import type { GatewayContext } from '../services/context';
import { forgetIssuer, refreshIssuer } from '../services/issuers';
import { forgetRevokedSigningCertificates } from '../services/signing-certificates';
import { recordChunkCommit } from '../services/batch-rows';
import { applyCommit } from '../services/pending-ops';
import { retryBusy } from '../errors/database-errors';
import { LedgerError } from '../errors/ledger-errors';
import { chaincodeEventsOfBlock, type BlockChaincodeEvent } from './block-events';

const CHECKPOINT_ID = 'chaincode-events';

interface EventPayload {
  type: string;
  ids: string[];
  hashes: string[];
  txId: string;
  mspId: string;
  timestamp: string;
  details: Record<string, unknown>;
}

/** The chaincode's diploma record; the fields it shares with the mirror keep the mirror's types. */
interface LedgerDiploma extends Pick<DiplomaRecord, 'issuerCode' | 'serialNumber' | 'registerEntryNumber' | 'registerYear' | 'diplomaType' | 'graduationYear' | 'dateOfSigning' | 'hostMsp'> {
  diplomaId: string;
  documentHash: string;
  version: number;
  status: 'VALID' | 'SUPERSEDED' | 'REVOKED';
  issuedTxId: string;
  supersedes: string | null;
  supersededBy: string | null;
  previousHashes: { documentHash: string; version: number }[];
  revocation: { ground: string; decision: { number: string; date: string }; txId: string; timestamp: string } | null;
  lastEvent: { type: string; txId: string; decision: { number: string; date: string } | null; details: Record<string, unknown> };
}

export class EventListener {
  private stopped = false;
  private iterator: { close(): void } | undefined;
  /** Block of the last applied event, for health and tests. */
  lastBlock: bigint | undefined;

  constructor(private readonly ctx: GatewayContext) {}

  /**
   * The first block not yet applied. A checkpoint written by the earlier chaincode-event listener
   * names the block of its last applied transaction: that block is read again (applying an event
   * twice is harmless), so nothing between is skipped.
   */
  private async resumeBlock(): Promise<bigint | undefined> {
    const stored = await collections.checkpoints().findOne({ _id: CHECKPOINT_ID });
    if (!stored) return undefined;
    return BigInt(stored.blockNumber);
  }

  /** Runs until stop(): reconnects after errors; the verify cache is live only while caught up. */
  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        // The verify cache may serve answers only once this listener has read every block the
        // peer had committed when it connected: while it replays older blocks, a revocation
        // committed meanwhile would not yet have evicted a cached VALID. Reading blocks (not
        // only chaincode events) lets it know it has caught up even when no event comes — an
        // idle ledger after a restart.
        const lastCommitted = BigInt(await this.ctx.ledger.height()) - 1n;
        const startBlock = (await this.resumeBlock()) ?? (this.ctx.config.eventsStart === 'latest' ? lastCommitted + 1n : 0n);
        const blocks = await this.ctx.ledger.network().getBlockEvents({ startBlock });
        this.iterator = blocks;
        this.ctx.verifyCache.setLive(startBlock > lastCommitted);
        for await (const block of blocks) {
          const number = BigInt(block.getHeader()?.getNumber() ?? 0);
          for (const event of chaincodeEventsOfBlock(block, this.ctx.profile.chaincode)) await this.apply(event);
          await retryBusy(() => collections.checkpoints().replaceOne({ _id: CHECKPOINT_ID }, {
            blockNumber: (number + 1n).toString(), transactionId: null, updatedAt: new Date(),
          }, { upsert: true }));
          this.lastBlock = number;
          if (number >= lastCommitted) this.ctx.verifyCache.setLive(true);
        }
      } catch (err) {
        this.ctx.verifyCache.setLive(false);
        if (this.stopped) return;
        this.ctx.log.warn({ err: (err as Error).message }, 'block event stream interrupted; reconnecting');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.ctx.verifyCache.setLive(false);
    this.iterator?.close();
  }

  private async apply(event: BlockChaincodeEvent): Promise<void> {
    const payload = JSON.parse(Buffer.from(event.payload).toString('utf8')) as EventPayload;
    const block = Number(event.blockNumber);
    chaincodeEvents.inc({ event: event.eventName });
    // First of all: nothing may verify from the cache as before this event.
    this.ctx.verifyCache.evict(payload.ids, payload.hashes);
    // The anchoring periods' records name no diploma: nothing in the database follows them.
    if (payload.type === 'AnchorPeriodRecorded' || payload.type === 'AnchorTransactionRecorded') return;
    if (payload.type === 'SigningCertificateRegistered' || payload.type === 'SigningCertificateRevoked') {
      // A revocation changes the signer's trust for every hash that certificate committed, which
      // the event does not list: no cached answer may survive it. Rare, so the cache is emptied.
      this.ctx.verifyCache.clear();
      forgetRevokedSigningCertificates(this.ctx.ledger);
      return;
    }
    if (payload.type === 'IssuerRegistered' || payload.type === 'IssuerUpdated') {
      for (const code of payload.ids) {
        forgetIssuer(code);
        await refreshIssuer(this.ctx.ledger, code);
      }
      return;
    }
    if (payload.type === 'DiplomasIssued') {
      // Our own batch chunk (found by the submitted transaction id): one small write commits its rows.
      const link = await collections.batchTransactions().findOne({ _id: event.transactionId });
      if (link) {
        await recordChunkCommit({ _id: link.chunkId, txId: event.transactionId, blockNumber: block, rows: null });
        return;
      }
      // Issued elsewhere (another gateway, the CLI): mirror each diploma.
      for (const id of payload.ids) await this.syncDiploma(id, event.transactionId, block);
      return;
    }
    for (const id of payload.ids) await this.syncDiploma(id, event.transactionId, block);
  }

  /** Makes the MongoDB record of `id` agree with the ledger's current record. */
  private async syncDiploma(id: string, txId: string, block: number): Promise<void> {
    let ledger: LedgerDiploma;
    try {
      ledger = await this.ctx.ledger.evaluate<LedgerDiploma>('GetDiploma', { diplomaId: id });
    } catch (err) {
      if (err instanceof LedgerError && err.code === 'DIPLOMA_NOT_FOUND') return;
      throw err;
    }
    const d = collections.diplomas();
    let record = await d.findOne({ _id: id });
    // Our own pending change carried by this transaction: commit it the normal way.
    if (record?.pendingOp && (record.pendingOp.txId === txId || this.matches(record, ledger))) {
      record = (await applyCommit(this.ctx, id, record.pendingOp.opId, txId, block, { diploma: ledger })) ?? (await d.findOne({ _id: id }));
    }
    const now = new Date();
    if (!record) {
      const fresh: DiplomaRecord = {
        _id: id, issuerCode: ledger.issuerCode, serialNumber: ledger.serialNumber, registerEntryNumber: ledger.registerEntryNumber,
        registerYear: ledger.registerYear, diplomaType: ledger.diplomaType, graduationYear: ledger.graduationYear, dateOfSigning: ledger.dateOfSigning,
        hostMsp: ledger.hostMsp, state: 'COMMITTED', status: ledger.status, currentVersion: ledger.version, currentHash: ledger.documentHash,
        lookup: null, versions: [{
          version: ledger.version, documentHash: ledger.documentHash, document: null, state: 'COMMITTED', operation: ledger.supersedes ? 'REISSUE' : 'ISSUE',
          decision: null, changedFields: [], txId: ledger.issuedTxId, blockNumber: ledger.issuedTxId === txId ? block : null, createdAt: now, committedAt: now,
        }],
        pendingOp: null, pendingUntil: null, issuedTxId: ledger.issuedTxId, issuedBlockNumber: ledger.issuedTxId === txId ? block : null,
        supersedes: ledger.supersedes, supersededBy: ledger.supersededBy, revocation: ledger.revocation
          ? { ground: ledger.revocation.ground, decision: ledger.revocation.decision, txId: ledger.revocation.txId, blockNumber: ledger.revocation.txId === txId ? block : null, timestamp: ledger.revocation.timestamp }
          : null,
        copies: [], batchId: null, batchRow: null, origin: 'ledger', createdBy: null, createdAt: now, updatedAt: now,
      };
      await d.insertOne(fresh).catch((err: { code?: number }) => {
        if (err.code !== 11000) throw err; // inserted concurrently by the request path: fine
      });
      return;
    }
    if (record.pendingOp || record.state === 'PENDING') return; // our own change still in progress
    // A change made elsewhere (another gateway, the CLI): adopt the ledger's hash and status.
    const set: Partial<DiplomaRecord> = {};
    if (record.currentHash !== ledger.documentHash) {
      set.currentHash = ledger.documentHash;
      set.currentVersion = ledger.version;
      if (!record.versions.some((v) => v.documentHash === ledger.documentHash)) {
        set.versions = [...record.versions, {
          version: ledger.version, documentHash: ledger.documentHash, document: null, state: 'COMMITTED', operation: 'CORRECT',
          decision: ledger.lastEvent.decision, changedFields: (ledger.lastEvent.details.changedFields as string[] | undefined) ?? [],
          txId, blockNumber: block, createdAt: now, committedAt: now,
        }];
      }
    }
    if (record.status !== ledger.status) set.status = ledger.status;
    if (record.supersededBy !== ledger.supersededBy) set.supersededBy = ledger.supersededBy;
    if (ledger.revocation && !record.revocation) {
      set.revocation = { ground: ledger.revocation.ground, decision: ledger.revocation.decision, txId: ledger.revocation.txId, blockNumber: ledger.revocation.txId === txId ? block : null, timestamp: ledger.revocation.timestamp };
    }
    if (Object.keys(set).length > 0) {
      await updateIf(d, id, { pendingOp: null }, { $set: { ...set, updatedAt: now } });
      this.ctx.log.info({ diplomaId: id, txId, changed: Object.keys(set) }, 'record updated from a ledger event');
    }
  }

  /** Whether the ledger record shows the effect of the record's pending op. */
  private matches(record: DiplomaRecord, ledger: LedgerDiploma): boolean {
    const op = record.pendingOp!;
    switch (op.kind) {
      case 'ISSUE': return ledger.documentHash === record.currentHash || ledger.previousHashes.some((h) => h.documentHash === record.currentHash);
      case 'REISSUE': return ledger.supersedes === op.meta.oldId;
      case 'CORRECT': return ledger.documentHash === op.meta.newHash || ledger.previousHashes.some((h) => h.documentHash === op.meta.newHash);
      case 'REVOKE': return ledger.status === 'REVOKED';
      default: return false;
    }
  }
}
