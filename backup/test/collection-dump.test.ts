// The dump's BSON files: documents read back one by one exactly as written, with their number
// types kept (an int32, a double and an int64 of the same value stay distinct), and a cut file
// is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BSON } from 'mongodb';
import { bsonDocuments, dumpedCollections, exactDocument } from '../src/database/collection-dump';

let dir: string;
beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'vanbang-dump-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const docs = [
  { _id: 'a', n: new BSON.Int32(7), d: new BSON.Double(7), l: BSON.Long.fromNumber(7), at: new Date('2026-12-02T00:00:00Z'), text: 'Nguyễn Văn An' },
  { _id: 'b', nested: { versions: [{ salt: 'x'.repeat(70_000) }] } },
  { _id: 'c', empty: {} },
];

async function readAll(file: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const d of bsonDocuments(file)) out.push(d);
  return out;
}

test('reads back each document byte for byte, across stream chunks, keeping number types', async () => {
  const raw = docs.map((d) => Buffer.from(BSON.serialize(d)));
  const file = path.join(dir, 'diplomas.bson');
  writeFileSync(file, Buffer.concat(raw));
  const back = await readAll(file);
  expect(back.map((b) => b.toString('hex'))).toEqual(raw.map((b) => b.toString('hex')));
  const a = exactDocument(back[0]);
  expect(Buffer.from(BSON.serialize(a)).equals(raw[0])).toBe(true);
  expect(a.n).toBeInstanceOf(BSON.Int32);
  expect(a.l).toBeInstanceOf(BSON.Long);
});

test('a file cut inside a document is refused', async () => {
  const file = path.join(dir, 'cut.bson');
  const whole = Buffer.from(BSON.serialize(docs[1]));
  writeFileSync(file, whole.subarray(0, whole.length - 3));
  await expect(readAll(file)).rejects.toThrow(/ends inside a document/);
});

test('the event checkpoint is dumped and loaded first', () => {
  for (const name of ['diplomas', 'audit_log', 'checkpoints', 'callers']) writeFileSync(path.join(dir, `${name}.bson`), '');
  expect(dumpedCollections(dir)).toEqual(['checkpoints', 'audit_log', 'callers', 'diplomas']);
});
