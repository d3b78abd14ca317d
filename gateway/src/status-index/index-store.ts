// The status index's store: an LMDB environment (lmdb-js) on the gateway's disk. Memory-mapped,
// so a lookup is a B-tree walk in the page cache with no copy into the JS heap, and the index's
// size is bounded by the disk, not by the gateway's memory (docs/verification-at-scale.md has the
// measured bytes per diploma). Each block is applied in one write transaction together with the
// checkpoint (the next block to read), so a crash leaves the index at a block boundary: never half
// a block, never a checkpoint ahead of the data. The national statistics' counters are kept in the
// same transaction (statistics/counter-changes.ts), so they are exact for the checkpoint's block.
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { VerifyCertificate, VerifyIssuer } from '@vanbang/chaincode/verify-answer';
import { open, type Database, type RootDatabase } from 'lmdb';
import { counterChanges } from '../statistics/counter-changes';
import {
  hashKey, packCertificate, packDiploma, packHashEntry, packIssuer, unpackCertificate, unpackDiploma, unpackHashEntry, unpackIssuer,
} from './index-codec';
import type { HashEntry, IndexedDiploma, StateRecord } from './state-records';

/**
 * Bumped whenever the stored layout changes: an index in another layout is rebuilt.
 * 2: diplomas keep their hostMsp; the `statistics` counters.
 */
const FORMAT = 2;
const META = 'meta';
const CHECKPOINT = 'checkpoint';

interface Meta {
  format: number;
  channel: string;
  chaincode: string;
}

export interface Checkpoint {
  /** The first block not yet applied. */
  nextBlock: number;
  /** Data hash (hex) of block nextBlock − 1, to recognise the chain this index was built from. */
  lastDataHash: string | null;
}

/** Where LMDB writes its magic number in each of the two meta pages at the start of the file. */
const META_PAGE_SIZE = 4096;
const MAGIC_OFFSET = 24;
const LMDB_MAGIC = 0xbeefc0de;

/**
 * Why the file cannot be an LMDB environment, or undefined. LMDB trusts its file (a garbage file
 * can crash the process instead of failing to open), so it is looked at before LMDB opens it.
 */
function notAnLmdbFile(file: string): string | undefined {
  const size = statSync(file).size;
  if (size < 2 * META_PAGE_SIZE) return `the index file is ${size} bytes, too short for an LMDB environment`;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2 * META_PAGE_SIZE);
    readSync(fd, head, 0, head.length, 0);
    const magics = [head.readUInt32LE(MAGIC_OFFSET), head.readUInt32LE(META_PAGE_SIZE + MAGIC_OFFSET)];
    return magics.includes(LMDB_MAGIC) ? undefined : 'the index file has no LMDB meta page';
  } finally {
    closeSync(fd);
  }
}

export class IndexStore {
  private root!: RootDatabase;
  private hashes!: Database<unknown, Buffer>;
  private diplomas!: Database<unknown, string>;
  private issuers!: Database<unknown, string>;
  private certificates!: Database<unknown, string>;
  /** Counter key (statistics/counter-keys.ts) → count; a count that falls to 0 is removed. */
  private statistics!: Database<number, string>;

  private constructor(readonly dir: string, private readonly meta: Meta) {}

  /**
   * Opens the index at `dir` for this channel and chaincode; one that is missing, unreadable, in
   * another layout or of another channel is moved aside and started afresh (it is then rebuilt
   * from the ledger). `opened` says which.
   */
  static open(dir: string, channel: string, chaincode: string): { store: IndexStore; opened: 'existing' | 'new' | 'replaced'; problem?: string } {
    const meta: Meta = { format: FORMAT, channel, chaincode };
    const store = new IndexStore(dir, meta);
    const existed = existsSync(path.join(dir, 'data.mdb'));
    let problem: string | undefined = existed ? notAnLmdbFile(path.join(dir, 'data.mdb')) : undefined;
    if (!problem) try {
      store.openEnvironment();
      const stored = store.root.get(META) as Meta | undefined;
      if (existed && !stored) problem = 'the index has no layout record';
      else if (stored && (stored.format !== FORMAT || stored.channel !== channel || stored.chaincode !== chaincode)) {
        problem = `the index is of layout ${stored.format}, channel ${stored.channel}, chaincode ${stored.chaincode}`;
      }
    } catch (err) {
      problem = `the index cannot be opened: ${(err as Error).message}`;
    }
    if (problem) {
      store.moveAside();
      store.openEnvironment();
    }
    if (!store.root.get(META)) store.root.putSync(META, meta);
    return { store, opened: problem ? 'replaced' : existed ? 'existing' : 'new', ...(problem ? { problem } : {}) };
  }

  private openEnvironment(): void {
    mkdirSync(this.dir, { recursive: true });
    // noReadAhead: lookups are random; reading ahead would only fill the page cache with neighbours
    // (the whole file is read into it once at start instead: warmPageCache).
    // (lmdb-js reads noReadAhead but its types do not list it.)
    const options = { path: path.join(this.dir, 'data.mdb'), maxDbs: 8, noSubdir: true, noReadAhead: true, encoding: 'msgpack' as const };
    this.root = open(options);
    this.hashes = this.root.openDB<unknown, Buffer>({ name: 'hashes', keyEncoding: 'binary', encoding: 'msgpack' });
    this.diplomas = this.root.openDB<unknown, string>({ name: 'diplomas', encoding: 'msgpack' });
    this.issuers = this.root.openDB<unknown, string>({ name: 'issuers', encoding: 'msgpack' });
    this.certificates = this.root.openDB<unknown, string>({ name: 'certificates', encoding: 'msgpack' });
    this.statistics = this.root.openDB<number, string>({ name: 'statistics', encoding: 'msgpack' });
  }

  /** Keeps a damaged or foreign index for inspection (data.mdb.replaced-<time>, only the last) and starts empty. */
  private moveAside(): void {
    try {
      this.root?.close();
    } catch {
      /* already unusable */
    }
    for (const old of readdirSync(this.dir).filter((f) => f.startsWith('data.mdb.replaced-'))) rmSync(path.join(this.dir, old), { force: true });
    for (const file of ['data.mdb', 'data.mdb-lock']) {
      const from = path.join(this.dir, file);
      if (!existsSync(from)) continue;
      if (file === 'data.mdb') renameSync(from, `${from}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      else rmSync(from, { force: true });
    }
  }

  /** Drops everything (a damaged entry was found, or the ledger is another chain): rebuilt from block 0. */
  reset(): void {
    this.moveAside();
    this.openEnvironment();
    this.root.putSync(META, this.meta);
  }

  checkpoint(): Checkpoint {
    return (this.root.get(CHECKPOINT) as Checkpoint | undefined) ?? { nextBlock: 0, lastDataHash: null };
  }

  /**
   * Applies block `blockNumber`'s records and moves the checkpoint past it, atomically. A block
   * already applied (another reader got there first, a replay) changes nothing; a gap throws.
   */
  applyBlock(blockNumber: number, dataHash: string, records: readonly StateRecord[]): boolean {
    return this.root.transactionSync(() => {
      const { nextBlock } = this.checkpoint();
      if (blockNumber < nextBlock) return false;
      if (blockNumber > nextBlock) throw new Error(`status index: block ${blockNumber} arrived before block ${nextBlock}`);
      for (const r of records) this.write(r);
      this.root.putSync(CHECKPOINT, { nextBlock: blockNumber + 1, lastDataHash: dataHash } satisfies Checkpoint);
      return true;
    });
  }

  private write(r: StateRecord): void {
    switch (r.kind) {
      case 'hash':
        if (r.entry) this.hashes.putSync(hashKey(r.hash), packHashEntry(r.entry));
        else this.hashes.removeSync(hashKey(r.hash));
        return;
      case 'diploma': {
        // Read inside the write transaction: it sees this block's earlier writes of the same diploma.
        this.count(this.diploma(r.diplomaId) ?? null, r.diploma);
        if (r.diploma) this.diplomas.putSync(r.diplomaId, packDiploma(r.diploma));
        else this.diplomas.removeSync(r.diplomaId);
        return;
      }
      case 'issuer':
        if (r.issuer) this.issuers.putSync(r.code, packIssuer(r.issuer));
        else this.issuers.removeSync(r.code);
        return;
      case 'certificate':
        if (r.certificate) this.certificates.putSync(r.fingerprint, packCertificate(r.certificate));
        else this.certificates.removeSync(r.fingerprint);
        return;
    }
  }

  private count(previous: IndexedDiploma | null, next: IndexedDiploma | null): void {
    for (const { key, delta } of counterChanges(previous, next)) {
      const value = (this.statistics.get(key) ?? 0) + delta;
      if (value === 0) this.statistics.removeSync(key);
      else this.statistics.putSync(key, value);
    }
  }

  /** A statistics counter (0 when absent). */
  counter(key: string): number {
    return this.statistics.get(key) ?? 0;
  }

  /** The counters whose keys are in [start, end), in key order. */
  *counters(start: string, end: string): Generator<{ key: string; count: number }> {
    for (const { key, value } of this.statistics.getRange({ start, end })) yield { key, count: value };
  }

  hashEntry(hash: string): HashEntry | undefined {
    const v = this.hashes.get(hashKey(hash));
    return v === undefined ? undefined : unpackHashEntry(v);
  }

  diploma(diplomaId: string): IndexedDiploma | undefined {
    const v = this.diplomas.get(diplomaId);
    return v === undefined ? undefined : unpackDiploma(diplomaId, v);
  }

  issuer(code: string): VerifyIssuer | undefined {
    const v = this.issuers.get(code);
    return v === undefined ? undefined : unpackIssuer(v);
  }

  certificate(fingerprint: string): VerifyCertificate | undefined {
    const v = this.certificates.get(fingerprint);
    return v === undefined ? undefined : unpackCertificate(v);
  }

  /** The hash at or after `start` (32 bytes) in key order, wrapping round: for random samples. */
  hashAtOrAfter(start: Buffer): string | undefined {
    for (const key of this.hashes.getKeys({ start, limit: 1 })) return Buffer.from(key).toString('hex');
    for (const key of this.hashes.getKeys({ limit: 1 })) return Buffer.from(key).toString('hex');
    return undefined;
  }

  /**
   * Reads the whole file once, off the main thread, so that its pages are in the OS page cache
   * before lookups need them. A lookup of a page not in memory is a synchronous disk read on the
   * event loop (LMDB is memory-mapped): right after a restart, the first pass over distinct hashes
   * would stall every request in flight behind those reads. Resolves with the bytes read.
   */
  async warmPageCache(): Promise<number> {
    const file = path.join(this.dir, 'data.mdb');
    let bytes = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) bytes += (chunk as Buffer).length;
    return bytes;
  }

  counts(): { hashes: number; diplomas: number; bytesOnDisk: number } {
    const file = path.join(this.dir, 'data.mdb');
    return {
      hashes: (this.hashes.getStats() as { entryCount: number }).entryCount,
      diplomas: (this.diplomas.getStats() as { entryCount: number }).entryCount,
      bytesOnDisk: existsSync(file) ? statSync(file).size : 0,
    };
  }

  close(): void {
    this.root.close();
  }
}
