import { deleteIf, findIf, satisfies, setConditionStrategy, updateIf } from '../src/models/guarded-writes';

/** A stand-in collection that only understands {_id} filters and $set — like FerretDB's fast path — and is slow to answer. */
function fakeCollection(docs: Record<string, Record<string, unknown>>) {
  const delay = () => new Promise((r) => setTimeout(r, 5));
  const filters: unknown[] = [];
  return {
    filters,
    collectionName: 'fake',
    async findOne(filter: { _id: string }) {
      filters.push(filter);
      await delay();
      const d = docs[filter._id];
      return d ? structuredClone(d) : null;
    },
    async updateOne(filter: { _id: string }, update: { $set: Record<string, unknown> }) {
      filters.push(filter);
      await delay();
      const d = docs[filter._id];
      if (!d) return { matchedCount: 0 };
      Object.assign(d, update.$set);
      return { matchedCount: 1 };
    },
    async deleteOne(filter: { _id: string }) {
      filters.push(filter);
      await delay();
      const existed = filter._id in docs;
      delete docs[filter._id];
      return { deletedCount: existed ? 1 : 0 };
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const asCollection = (c: ReturnType<typeof fakeCollection>) => c as any;

describe('satisfies', () => {
  const doc = { state: 'PENDING', pendingOp: { opId: 'a1' }, pendingUntil: new Date(1000), absentOk: undefined };
  it('compares nested paths, dates by time, and treats null as null-or-absent', () => {
    expect(satisfies(doc, { state: 'PENDING', 'pendingOp.opId': 'a1' })).toBe(true);
    expect(satisfies(doc, { 'pendingOp.opId': 'b2' })).toBe(false);
    expect(satisfies(doc, { pendingUntil: new Date(1000) })).toBe(true);
    expect(satisfies(doc, { pendingUntil: new Date(1001) })).toBe(false);
    expect(satisfies(doc, { batchId: null, absentOk: null })).toBe(true);
    expect(satisfies(doc, { pendingOp: null })).toBe(false);
    expect(satisfies({ pendingOp: null }, { 'pendingOp.opId': 'a1' })).toBe(false);
  });
});

describe('conditional writes by _id (the FerretDB strategy)', () => {
  beforeAll(() => setConditionStrategy('by-id'));
  afterAll(() => setConditionStrategy('filter'));

  it('lets exactly one of many concurrent lock attempts win, and sends only {_id} filters', async () => {
    const coll = fakeCollection({ d1: { _id: 'd1', pendingOp: null, state: 'COMMITTED' } });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      updateIf(asCollection(coll), 'd1', { pendingOp: null, state: 'COMMITTED' }, { $set: { pendingOp: { opId: `op${i}` } } })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(coll.filters.every((f) => Object.keys(f as object).join() === '_id')).toBe(true);
    const winner = results.indexOf(true);
    expect(await findIf(asCollection(coll), 'd1', { 'pendingOp.opId': `op${winner}` })).not.toBeNull();
  });

  it('does not write or delete when the condition fails', async () => {
    const coll = fakeCollection({ d2: { _id: 'd2', state: 'COMMITTED' } });
    expect(await updateIf(asCollection(coll), 'd2', { state: 'PENDING' }, { $set: { state: 'X' } })).toBe(false);
    expect(await deleteIf(asCollection(coll), 'd2', { state: 'PENDING' })).toBe(false);
    expect(await findIf(asCollection(coll), 'd2', { state: 'COMMITTED' })).toEqual({ _id: 'd2', state: 'COMMITTED' });
    expect(await deleteIf(asCollection(coll), 'd2', { state: 'COMMITTED' })).toBe(true);
    expect(await findIf(asCollection(coll), 'd2', {})).toBeNull();
  });
});
