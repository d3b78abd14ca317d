// Conditional writes ("update this record only if it is still in the state I read") addressed by
// _id. On MongoDB the condition simply joins the filter. FerretDB 1.x hands a filter to SQLite
// only when it is exactly {_id: X}; any other filter makes it read and decode the whole
// collection in Go (measured: 0.25 ms a document, so 25 s a write at 100,000 diplomas). There,
// the write is done as: read by _id, check the condition here, write by _id — serialized per
// document inside this process, so no other guarded write can slip in between. (Several gateway
// processes sharing one FerretDB database therefore do not exclude each other; use MongoDB for that.)
import type mongoose from 'mongoose';

type Doc = mongoose.mongo.Document & { _id: string };
type Collection<T extends Doc> = mongoose.mongo.Collection<T>;

/** Field path (dots for nesting) → required value; `null` means null or absent. */
export type Condition = Record<string, string | number | boolean | Date | null>;

let conditionsInFilter = true;

/** Called once connected: FerretDB announces itself in buildInfo. */
export async function detectConditionSupport(db: mongoose.mongo.Db): Promise<'filter' | 'by-id'> {
  const info = await db.admin().command({ buildInfo: 1 });
  conditionsInFilter = !('ferretdbVersion' in info);
  return conditionsInFilter ? 'filter' : 'by-id';
}

/** For tests: force one of the two strategies. */
export function setConditionStrategy(strategy: 'filter' | 'by-id'): void {
  conditionsInFilter = strategy === 'filter';
}

function valueAt(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

export function satisfies(doc: unknown, condition: Condition): boolean {
  return Object.entries(condition).every(([path, want]) => {
    const have = valueAt(doc, path);
    if (want === null) return have === null || have === undefined;
    if (want instanceof Date) return have instanceof Date && have.getTime() === want.getTime();
    return have === want;
  });
}

// Per-document queue: each guarded write on a document waits for the previous one.
const queues = new Map<string, Promise<unknown>>();

async function serialized<R>(key: string, fn: () => Promise<R>): Promise<R> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.then(() => undefined, () => undefined);
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}

function filterOf(id: string, condition: Condition): mongoose.mongo.Filter<Doc> {
  return { _id: id, ...condition } as mongoose.mongo.Filter<Doc>;
}

/** The record `id` if it satisfies `condition`, else null. */
export async function findIf<T extends Doc>(coll: Collection<T>, id: string, condition: Condition): Promise<T | null> {
  if (conditionsInFilter) return (await coll.findOne(filterOf(id, condition) as mongoose.mongo.Filter<T>)) as T | null;
  const doc = (await coll.findOne({ _id: id } as mongoose.mongo.Filter<T>)) as T | null;
  return doc && satisfies(doc, condition) ? doc : null;
}

/**
 * Runs `write` with the filter to use: the condition itself on MongoDB; on FerretDB just {_id},
 * after checking the condition on the record read by _id, serialized per document.
 */
async function writeIf<T extends Doc>(coll: Collection<T>, id: string, condition: Condition,
  write: (filter: mongoose.mongo.Filter<T>) => Promise<boolean>): Promise<boolean> {
  if (conditionsInFilter) return write(filterOf(id, condition) as mongoose.mongo.Filter<T>);
  return serialized(`${coll.collectionName}:${id}`, async () =>
    (await findIf(coll, id, condition)) !== null && write({ _id: id } as mongoose.mongo.Filter<T>));
}

/** Applies `update` to record `id` only if it satisfies `condition`; true if it did. */
export function updateIf<T extends Doc>(coll: Collection<T>, id: string, condition: Condition,
  update: mongoose.mongo.UpdateFilter<T>): Promise<boolean> {
  return writeIf(coll, id, condition, async (filter) => (await coll.updateOne(filter, update)).matchedCount > 0);
}

/** Deletes record `id` only if it satisfies `condition`; true if it did. */
export function deleteIf<T extends Doc>(coll: Collection<T>, id: string, condition: Condition): Promise<boolean> {
  return writeIf(coll, id, condition, async (filter) => (await coll.deleteOne(filter)).deletedCount > 0);
}
