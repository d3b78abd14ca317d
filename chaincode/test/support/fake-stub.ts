/**
 * An in-memory ChaincodeStub that behaves like a peer where it matters for the contracts:
 * writes are buffered and only visible after commit (Fabric has no read-your-writes), a
 * failed transaction commits nothing, composite keys use Fabric's encoding, history is
 * returned newest first (Fabric 2.x), paginated queries return a bookmark.
 */
import type { ChaincodeStub, Iterators, StateQueryResponse, Timestamp } from 'fabric-shim-api';

const SEP = '\u0000';

export interface CommittedEvent {
  name: string;
  payload: Buffer;
  txId: string;
}

interface Version {
  txId: string;
  timestamp: Timestamp;
  value: Buffer;
}

/** Shared world state: committed values, validation parameters, history, events. */
export class FakeLedger {
  readonly state = new Map<string, Buffer>();
  readonly validation = new Map<string, Buffer>();
  readonly history = new Map<string, Version[]>();
  readonly events: CommittedEvent[] = [];
  /** Bytes written per committed transaction (values + keys + policies + event), for size tests. */
  readonly txSizes = new Map<string, number>();

  sortedKeys(prefix: string): string[] {
    return [...this.state.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

function iterator<T>(items: T[]): Iterators.CommonIterator<T> & AsyncIterable<T> {
  let i = 0;
  return {
    async next() {
      if (i < items.length) return { value: items[i++], done: false };
      return { value: undefined as unknown as T, done: true };
    },
    async close() {},
    async *[Symbol.asyncIterator]() {
      yield* items;
    },
  };
}

export class FakeStub {
  readonly writes = new Map<string, Buffer>();
  readonly validationWrites = new Map<string, Buffer>();
  event: { name: string; payload: Buffer } | null = null;
  readonly reads: string[] = [];
  paginated = false;
  private eventCount = 0;

  constructor(
    readonly ledger: FakeLedger,
    readonly txId: string,
    readonly timestamp: Timestamp,
    readonly fcn = 'fn',
  ) {}

  getTxID(): string {
    return this.txId;
  }
  getTxTimestamp(): Timestamp {
    return this.timestamp;
  }
  getChannelID(): string {
    return 'vanbang';
  }
  getMspID(): string {
    return 'PeerMSP';
  }
  getFunctionAndParameters(): { fcn: string; params: string[] } {
    return { fcn: this.fcn, params: [] };
  }

  async getState(key: string): Promise<Uint8Array> {
    this.reads.push(key);
    return this.ledger.state.get(key) ?? Buffer.alloc(0);
  }
  async putState(key: string, value: Uint8Array): Promise<void> {
    if (!key) throw new Error('empty key');
    this.writes.set(key, Buffer.from(value));
  }
  async deleteState(): Promise<void> {
    throw new Error('deleteState must never be called: nothing is ever deleted');
  }
  async setStateValidationParameter(key: string, ep: Uint8Array): Promise<void> {
    this.validationWrites.set(key, Buffer.from(ep));
  }
  async getStateValidationParameter(key: string): Promise<Uint8Array> {
    return this.ledger.validation.get(key) ?? Buffer.alloc(0);
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    for (const a of [objectType, ...attributes]) {
      if (a.includes(SEP) || a.includes('\u{10FFFF}')) throw new Error('invalid composite key attribute');
    }
    return `${SEP}${objectType}${SEP}${attributes.map((a) => `${a}${SEP}`).join('')}`;
  }
  splitCompositeKey(key: string): { objectType: string; attributes: string[] } {
    const parts = key.split(SEP).slice(1, -1);
    return { objectType: parts[0], attributes: parts.slice(1) };
  }

  private kvs(prefix: string): Iterators.KV[] {
    return this.ledger.sortedKeys(prefix).map((key) => ({ namespace: 'vanbang', key, value: this.ledger.state.get(key)! }));
  }

  getStateByPartialCompositeKey(objectType: string, attributes: string[]) {
    const items = this.kvs(this.createCompositeKey(objectType, attributes));
    return Promise.resolve(iterator(items));
  }

  getStateByPartialCompositeKeyWithPagination(objectType: string, attributes: string[], pageSize: number, bookmark = '') {
    this.paginated = true;
    const all = this.kvs(this.createCompositeKey(objectType, attributes));
    const start = bookmark ? all.findIndex((kv) => kv.key >= bookmark) : 0;
    const from = start < 0 ? all.length : start;
    const items = all.slice(from, from + pageSize);
    const next = all[from + pageSize];
    const res: StateQueryResponse<Iterators.StateQueryIterator> = {
      iterator: iterator(items),
      metadata: { fetchedRecordsCount: items.length, bookmark: next ? next.key : '' },
    };
    return Promise.resolve(res);
  }

  getHistoryForKey(key: string) {
    const versions = [...(this.ledger.history.get(key) ?? [])].reverse();
    const mods: Iterators.KeyModification[] = versions.map((v) => ({ isDelete: false, value: v.value, timestamp: v.timestamp, txId: v.txId }));
    return Promise.resolve(iterator(mods));
  }

  setEvent(name: string, payload: Uint8Array): void {
    this.eventCount++;
    this.event = { name, payload: Buffer.from(payload) };
  }

  get eventsSet(): number {
    return this.eventCount;
  }

  /** Applies the buffered writes, as the peer does for a valid transaction. */
  commit(): void {
    if (this.paginated && this.writes.size > 0) throw new Error('Fabric refuses paginated queries in update transactions');
    let size = 0;
    for (const [key, value] of this.writes) {
      this.ledger.state.set(key, value);
      const h = this.ledger.history.get(key) ?? [];
      h.push({ txId: this.txId, timestamp: this.timestamp, value });
      this.ledger.history.set(key, h);
      size += Buffer.byteLength(key) + value.length;
    }
    for (const [key, ep] of this.validationWrites) {
      this.ledger.validation.set(key, ep);
      size += Buffer.byteLength(key) + ep.length;
    }
    if (this.event) {
      this.ledger.events.push({ ...this.event, txId: this.txId });
      size += this.event.payload.length;
    }
    this.ledger.txSizes.set(this.txId, size);
  }
}

export function asStub(fake: FakeStub): ChaincodeStub {
  return fake as unknown as ChaincodeStub;
}
