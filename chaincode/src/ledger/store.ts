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
    const bytes = await this.stub.getState(key);
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
    await this.stub.putState(key, toBytes(value));
    const policy = keyPolicyFor(hostMsp);
    if (policy) await this.stub.setStateValidationParameter(key, policy);
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
