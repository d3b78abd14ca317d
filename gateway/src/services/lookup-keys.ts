// Keys of the public lookup. A lookup always names a serial number or a register entry number
// (see routes/lookup.ts), so each diploma is filed under its serial number and under its register
// number combined with the holder's name and with the date of birth. The lookup then reads one
// key and a few diplomas, all by _id — never a query on the diplomas collection, which FerretDB
// would answer by decoding every record. Keys are written before the records they point to, so
// a crash can leave a key pointing nowhere (ignored) but never a record without its keys.
import { isDuplicateKey } from '../errors/database-errors';
import { collections } from '../models/collections';
import type { DiplomaRecord } from '../models/records';

type KeySource = Pick<DiplomaRecord, '_id' | 'serialNumber' | 'registerEntryNumber' | 'lookup'>;

export function serialKey(serialNumber: string): string {
  return JSON.stringify(['serial', serialNumber]);
}

export function registerKey(registerEntryNumber: string, by: 'name' | 'dob', value: string): string {
  return JSON.stringify(['register', registerEntryNumber, by, by === 'name' ? value.normalize('NFC') : value]);
}

export function lookupKeysOf(r: KeySource): string[] {
  if (!r.lookup) return []; // learned from the ledger only: no personal data here to look up by
  return [
    serialKey(r.serialNumber),
    registerKey(r.registerEntryNumber, 'name', r.lookup.fullName),
    registerKey(r.registerEntryNumber, 'dob', r.lookup.dateOfBirth),
  ];
}

/** Files the records under their keys: one insert for new keys, an $addToSet for keys already used. */
export async function addLookupKeys(records: KeySource[]): Promise<void> {
  const byKey = new Map<string, Set<string>>();
  for (const r of records) {
    for (const key of lookupKeysOf(r)) {
      let ids = byKey.get(key);
      if (!ids) byKey.set(key, (ids = new Set()));
      ids.add(r._id);
    }
  }
  if (byKey.size === 0) return;
  const docs = [...byKey].map(([key, ids]) => ({ _id: key, ids: [...ids] }));
  let taken: typeof docs = [];
  try {
    await collections.lookupKeys().insertMany(docs, { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { index: number }[] }).writeErrors;
    if (!isDuplicateKey(err) && !writeErrors) throw err;
    taken = (writeErrors ?? docs.map((_, index) => ({ index }))).map((we) => docs[we.index]!).filter(Boolean);
  }
  for (const doc of taken) {
    await collections.lookupKeys().updateOne({ _id: doc._id }, { $addToSet: { ids: { $each: doc.ids } } }, { upsert: true });
  }
}

/** Diploma ids filed under a key (a superset: the caller checks every field on the record). */
export async function idsUnder(key: string): Promise<string[]> {
  return (await collections.lookupKeys().findOne({ _id: key }))?.ids ?? [];
}

const BACKFILL_MARK = 'lookup-keys-v1';

/** Once per database: files the records stored before lookup keys existed. */
export async function backfillLookupKeys(): Promise<number> {
  if (await collections.checkpoints().findOne({ _id: BACKFILL_MARK })) return 0;
  let filed = 0;
  let pending: KeySource[] = [];
  for await (const r of collections.diplomas().find({}, { projection: { _id: 1, serialNumber: 1, registerEntryNumber: 1, lookup: 1 } })) {
    pending.push(r as KeySource);
    if (pending.length >= 500) {
      await addLookupKeys(pending);
      filed += pending.length;
      pending = [];
    }
  }
  await addLookupKeys(pending);
  filed += pending.length;
  await collections.checkpoints().replaceOne({ _id: BACKFILL_MARK }, { blockNumber: '0', transactionId: null, updatedAt: new Date() }, { upsert: true });
  return filed;
}
