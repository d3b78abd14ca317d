// Keeps MongoDB in step with the ledger from the chaincode's events, including changes made by
// other gateways or with the Fabric CLI. The position (block, transaction) is checkpointed in
// MongoDB after each event, so a restart resumes where it stopped and replays nothing twice
// (and applying an event twice is harmless anyway: every update is conditional).
import { checkpointers, type ChaincodeEvent, type Checkpointer } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { chaincodeEvents } from '../http/metrics';
import { collections } from '../models/collections';
import { updateIf } from '../models/guarded-writes';
import type { DiplomaRecord } from '../models/records';
import type { GatewayContext } from '../services/context';
import { forgetIssuer, refreshIssuer } from '../services/issuers';
import { recordChunkCommit } from '../services/batch-rows';
import { applyCommit } from '../services/pending-ops';
import { retryBusy } from '../errors/database-errors';
import { LedgerError } from '../errors/ledger-errors';

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

  private async loadCheckpointer(): Promise<Checkpointer> {
    const cp = checkpointers.inMemory();
    const stored = await collections.checkpoints().findOne({ _id: CHECKPOINT_ID });
    if (stored) {
      if (stored.transactionId) await cp.checkpointTransaction(BigInt(stored.blockNumber), stored.transactionId);
      else await cp.checkpointBlock(BigInt(stored.blockNumber) - 1n);
    }
    return cp;
  }

  /** Runs until stop(): reconnects after errors; the verify cache is live only while connected. */
  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const checkpoint = await this.loadCheckpointer();
        // The verify cache may serve answers only once this listener has caught up with the
        // ledger: while it replays older blocks, a revocation committed meanwhile would not yet
        // have evicted a cached VALID.
        const lastCommitted = (await this.chainHeight()) - 1n;
        const resumeFrom = checkpoint.getBlockNumber();
        const startBlock = resumeFrom !== undefined ? undefined : this.ctx.config.eventsStart === 'latest' ? lastCommitted + 1n : 0n;
        const events = await this.ctx.ledger.network().getChaincodeEvents(this.ctx.profile.chaincode, {
          checkpoint, ...(startBlock !== undefined ? { startBlock } : {}),
        });
        this.iterator = events;
        this.ctx.verifyCache.setLive((resumeFrom ?? startBlock ?? 0n) > lastCommitted);
        for await (const event of events) {
          await this.apply(event);
          if (event.blockNumber >= lastCommitted) this.ctx.verifyCache.setLive(true);
          await checkpoint.checkpointChaincodeEvent(event);
          await retryBusy(() => collections.checkpoints().replaceOne({ _id: CHECKPOINT_ID }, {
            blockNumber: event.blockNumber.toString(), transactionId: event.transactionId, updatedAt: new Date(),
          }, { upsert: true }));
          this.lastBlock = event.blockNumber;
        }
      } catch (err) {
        this.ctx.verifyCache.setLive(false);
        if (this.stopped) return;
        this.ctx.log.warn({ err: (err as Error).message }, 'chaincode event stream interrupted; reconnecting');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  private async chainHeight(): Promise<bigint> {
    const bytes = await this.ctx.ledger.network().getContract('qscc').evaluateTransaction('GetChainInfo', this.ctx.profile.channel);
    return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
  }

  stop(): void {
    this.stopped = true;
    this.ctx.verifyCache.setLive(false);
    this.iterator?.close();
  }

  private async apply(event: ChaincodeEvent): Promise<void> {
    const payload = JSON.parse(Buffer.from(event.payload).toString('utf8')) as EventPayload;
    const block = Number(event.blockNumber);
    chaincodeEvents.inc({ event: event.eventName });
    // First of all: nothing may verify from the cache as before this event.
    this.ctx.verifyCache.evict(payload.ids, payload.hashes);
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
