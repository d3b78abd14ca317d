// The gateway database as files, in mongodump's layout: one `<collection>.bson` (the documents'
// BSON, one after the other) and one `<collection>.metadata.json` (its indexes) per collection,
// so `mongorestore` can also read a backup, and a backup of the embedded FerretDB restores into a
// real MongoDB and back. Documents go through as raw BSON in both directions — never through
// JavaScript numbers — so every restored document is byte for byte the one dumped.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { BSON, type Db, type Document } from 'mongodb';

const { EJSON } = BSON;

/** The event mirror's checkpoint: dumped first, so replaying the ledger from it covers every later write. */
const FIRST = ['checkpoints'];
const INSERT_BATCH = 500;

export interface DumpedCollection {
  name: string;
  documents: number;
}

function collectionOrder(names: string[]): string[] {
  const rest = names.filter((n) => !FIRST.includes(n) && !n.startsWith('system.')).sort();
  return [...FIRST.filter((n) => names.includes(n)), ...rest];
}

/** Dumps every collection of `db` into `dir` (created). */
export async function dumpDatabase(db: Db, dir: string): Promise<DumpedCollection[]> {
  mkdirSync(dir, { recursive: true });
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const dumped: DumpedCollection[] = [];
  for (const name of collectionOrder(names)) {
    const collection = db.collection(name);
    const indexes = await collection.listIndexes().toArray();
    writeFileSync(path.join(dir, `${name}.metadata.json`), EJSON.stringify({ collectionName: name, type: 'collection', indexes }, undefined, 2, { relaxed: false }));
    const out = createWriteStream(path.join(dir, `${name}.bson`), { mode: 0o600 });
    let documents = 0;
    for await (const raw of collection.find({}, { raw: true, batchSize: 1000 })) {
      if (!out.write(raw as unknown as Buffer)) await once(out, 'drain');
      documents++;
    }
    await new Promise<void>((resolve, reject) => out.end(() => resolve()).once('error', reject));
    dumped.push({ name, documents });
  }
  return dumped;
}

/** The BSON documents of a `.bson` file, one Buffer each, read as a stream. */
export async function* bsonDocuments(file: string): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    while (pending.length >= 4) {
      const size = pending.readInt32LE(0);
      if (size < 5) throw new Error(`${file} is damaged: a document of ${size} bytes`);
      if (pending.length < size) break;
      yield Buffer.from(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
  }
  if (pending.length > 0) throw new Error(`${file} is damaged: it ends inside a document`);
}

/** Decodes a raw document so that encoding it again gives the same bytes (no number promotion). */
export function exactDocument(raw: Buffer): Document {
  return BSON.deserialize(raw, { promoteValues: false, promoteBuffers: false, promoteLongs: false, bsonRegExp: true });
}

/** The collections a dump folder holds, in the order they were dumped. */
export function dumpedCollections(dir: string): string[] {
  return collectionOrder(readdirSync(dir).filter((f) => f.endsWith('.bson')).map((f) => f.slice(0, -'.bson'.length)));
}

/** Loads a dump into `db`, whose collections must all be empty; recreates the indexes. */
export async function loadDatabase(db: Db, dir: string): Promise<DumpedCollection[]> {
  const loaded: DumpedCollection[] = [];
  for (const name of dumpedCollections(dir)) {
    const collection = db.collection(name);
    if (await collection.findOne({}, { projection: { _id: 1 } })) {
      throw new Error(`The database already holds documents in "${name}": restore only into an empty database (delete it first, or point MONGODB_URI at a new one).`);
    }
    let batch: Document[] = [];
    let documents = 0;
    for await (const raw of bsonDocuments(path.join(dir, `${name}.bson`))) {
      batch.push(exactDocument(raw));
      if (batch.length >= INSERT_BATCH) {
        await collection.insertMany(batch, { ordered: true, checkKeys: false });
        documents += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) {
      await collection.insertMany(batch, { ordered: true, checkKeys: false });
      documents += batch.length;
    }
    const metadataFile = path.join(dir, `${name}.metadata.json`);
    if (existsSync(metadataFile)) {
      const metadata = EJSON.parse(readFileSync(metadataFile, 'utf8'), { relaxed: false }) as { indexes?: { key: Document; name: string; unique?: boolean }[] };
      for (const index of metadata.indexes ?? []) {
        if (index.name === '_id_') continue;
        await collection.createIndex(index.key, { name: index.name, ...(index.unique ? { unique: true } : {}) });
      }
    }
    loaded.push({ name, documents });
  }
  return loaded;
}
