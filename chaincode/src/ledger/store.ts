/**
 * The only code that touches world state. Everything goes through ctx.stub so that the same code
 * runs on a peer and against the in-memory stub of the unit tests.
 *
 * Fabric does not let a transaction read its own writes: getState returns the committed value.
 * Callers that write several records in one transaction (batches) must track what they wrote.
 */
import type { ChaincodeStub, Iterators } from 'fabric-shim-api';
import { fail } from '../errors';
import { fromBytes, toBytes } from './json';
import { keyPolicyFor } from './endorsement';

export class Store {
  constructor(private readonly stub: ChaincodeStub) {}

  async get<T>(key: string): Promise<T | null> {
    return this.parse<T>(key, await this.stub.getState(key));
  }

  /**
   * Reads several keys back to back. The shim still sends them one at a time (the peer serves one
   * request per transaction at a time), but it sends each as soon as the previous answer arrives,
   * without a round of promise resolution in between. Same read set as reading them one by one.
   */
  async getMany<T>(keys: string[]): Promise<(T | null)[]> {
    const all = await settle(keys.map((k) => this.stub.getState(k)));
    return all.map((bytes, i) => this.parse<T>(keys[i], bytes));
  }

  private parse<T>(key: string, bytes: Uint8Array | null | undefined): T | null {
    if (!bytes || bytes.length === 0) return null;
    try {
      return fromBytes<T>(bytes);
    } catch {
      return fail('INTERNAL', `corrupt state under key ${JSON.stringify(key)}`);
    }
  }

  async exists(key: string): Promise<boolean> {
    const bytes = await this.stub.getState(key);
    return !!bytes && bytes.length > 0;
  }

  /** Creates a key and fixes its key-level endorsement policy from its hosting organisation. */
  async create(key: string, value: unknown, hostMsp: string): Promise<void> {
    await settle(this.queueCreate(key, toBytes(value), hostMsp));
  }

  /**
   * Creates many keys (each with the key-level policy of its host), queueing every shim call at
   * once: same writes, same order, fewer event-loop turns. Rejects with the first failure.
   */
  async createMany(entries: { key: string; bytes: Uint8Array; hostMsp: string }[]): Promise<void> {
    const calls: Promise<unknown>[] = [];
    for (const e of entries) calls.push(...this.queueCreate(e.key, e.bytes, e.hostMsp));
    await settle(calls);
  }

  private queueCreate(key: string, bytes: Uint8Array, hostMsp: string): Promise<unknown>[] {
    const calls: Promise<unknown>[] = [this.stub.putState(key, bytes)];
    const policy = keyPolicyFor(hostMsp);
    if (policy) calls.push(this.stub.setStateValidationParameter(key, policy));
    return calls;
  }

  /** Overwrites an existing key; its key-level policy is already on the ledger and stays. */
  async update(key: string, value: unknown): Promise<void> {
    await this.stub.putState(key, toBytes(value));
  }

  /** Reads a page of a composite-key index (read-only transactions only, a Fabric rule). */
  async page<T>(objectType: string, attributes: string[], pageSize: number, bookmark: string): Promise<{ values: T[]; bookmark: string; fetchedRecordsCount: number }> {
    const { iterator, metadata } = await this.stub.getStateByPartialCompositeKeyWithPagination(objectType, attributes, pageSize, bookmark);
    const values = await drain(iterator, (kv) => fromBytes<T>(kv.value));
    return { values, bookmark: metadata?.bookmark ?? '', fetchedRecordsCount: metadata?.fetchedRecordsCount ?? values.length };
  }

  /** Like page, with each entry's key (to resume a filtered scan at an exact key). */
  async pageEntries<T>(objectType: string, attributes: string[], pageSize: number, bookmark: string): Promise<{ entries: { key: string; value: T }[]; bookmark: string }> {
    const { iterator, metadata } = await this.stub.getStateByPartialCompositeKeyWithPagination(objectType, attributes, pageSize, bookmark);
    const entries = await drain(iterator, (kv) => ({ key: kv.key, value: fromBytes<T>(kv.value) }));
    return { entries, bookmark: metadata?.bookmark ?? '' };
  }

  /** Every committed version of a key, oldest first (Fabric 2.x returns newest first). */
  async history(key: string): Promise<Iterators.KeyModification[]> {
    const iterator = await this.stub.getHistoryForKey(key);
    const entries = await drain(iterator, (m) => m);
    return entries.reverse();
  }
}

async function drain<I, O>(iterator: Iterators.CommonIterator<I>, map: (item: I) => O): Promise<O[]> {
  const out: O[] = [];
  try {
    // Some shim versions deliver the last item together with done=true, so check value first.
    for (;;) {
      const r = await iterator.next();
      if (r.value) out.push(map(r.value));
      if (r.done) break;
    }
  } finally {
    await iterator.close();
  }
  return out;
}

/**
 * Awaits every promise (so none is left running or unobserved), then returns the values in order
 * or throws the first failure in order.
 */
export async function settle<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  return results.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
}
