// The anchor proofs verify answers read, in an LMDB environment on the gateway's disk
// (<home>/gateway/anchor-index): memory-mapped B-tree reads of a few microseconds, so carrying
// the anchor costs public verification next to nothing (docs/verification-at-scale.md), where a
// database read per answer cut it to about 850 answers/s. The database (anchor-store.ts) keeps the
// durable copy, which backups hold; this index is rebuilt from it when it is missing or behind.
// A period's proofs and the period itself are written in one transaction: the index never shows
// half a period.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { anchorEventName, anchorProofs, type AnchorEventName, type PeriodTree } from '@vanbang/anchoring';
import { open, type Database, type RootDatabase } from 'lmdb';
import { collections } from '../models/collections';
import type { AnchorPeriodRecord, AnchorProofRecord, StoredAnchorEvent } from './anchor-records';

const SYNCED = 'syncedThroughPeriod';
const strip0x = (h: string) => (h.startsWith('0x') ? h.slice(2) : h);

export class ProofIndex {
  private readonly root: RootDatabase;
  private readonly proofs: Database<Partial<Record<AnchorEventName, StoredAnchorEvent>>, string>;
  private readonly periods: Database<AnchorPeriodRecord, number>;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    const options = { path: path.join(dir, 'data.mdb'), maxDbs: 4, noSubdir: true, noReadAhead: true, encoding: 'msgpack' as const };
    this.root = open(options);
    this.proofs = this.root.openDB({ name: 'proofs', encoding: 'msgpack' });
    this.periods = this.root.openDB({ name: 'periods', encoding: 'msgpack' });
  }

  /** The highest period whose proofs the index holds (0: none). */
  get syncedThrough(): number {
    return (this.root.get(SYNCED) as number | undefined) ?? 0;
  }

  eventsOf(documentHash: string): Partial<Record<AnchorEventName, StoredAnchorEvent>> | undefined {
    return this.proofs.get(documentHash);
  }

  period(periodId: number): AnchorPeriodRecord | undefined {
    return this.periods.get(periodId);
  }

  /** Adds a period's proofs and the period, in one transaction. */
  addPeriod(period: AnchorPeriodRecord, tree: PeriodTree): void {
    this.root.transactionSync(() => {
      for (const { leaf, proof } of anchorProofs(tree)) {
        const key = strip0x(leaf.documentHash);
        const events = { ...(this.proofs.get(key) ?? {}) };
        events[anchorEventName(leaf.eventType)] = { eventType: leaf.eventType, fabricBlock: leaf.fabricBlock, fabricTxId: leaf.fabricTxId, periodId: period._id, proof: [...proof] };
        this.proofs.putSync(key, events);
      }
      this.periods.putSync(period._id, period);
      if (period._id > this.syncedThrough) this.root.putSync(SYNCED, period._id);
    });
  }

  /**
   * Copies the database's proofs and periods in (after the index was lost, or a database restored):
   * everything, in batches, then marks the highest period. Returns the hashes copied.
   */
  async copyFromDatabase(throughPeriod: number): Promise<number> {
    for (const p of await collections.anchorPeriods().find({}).toArray()) await this.periods.put(p._id, p);
    let copied = 0;
    let batch: AnchorProofRecord[] = [];
    const flush = () => {
      const docs = batch;
      batch = [];
      this.root.transactionSync(() => { for (const d of docs) this.proofs.putSync(d._id, d.events); });
    };
    for await (const doc of collections.anchorProofs().find({})) {
      batch.push(doc);
      copied++;
      if (batch.length >= 1_000) flush();
    }
    flush();
    await this.root.put(SYNCED, throughPeriod);
    return copied;
  }

  close(): Promise<void> {
    return this.root.close();
  }
}
