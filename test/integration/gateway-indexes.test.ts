// Indexes against the database the tests started (FerretDB, or MONGODB_URI): unique indexes always
// exist; query indexes exist only where the database's planner uses them, and an earlier
// version's query indexes are dropped on FerretDB (models/collections.ts).
import mongoose from 'mongoose';
import { detectConditionSupport } from '../../gateway/src/models/guarded-writes';
import { ensureIndexes } from '../../gateway/src/models/collections';
import { testDatabaseUri } from '../support/network';

const names = async (collection: string) => (await mongoose.connection.db!.collection(collection).indexes()).map((i) => i.name).sort();

beforeAll(async () => {
  await mongoose.connect(testDatabaseUri('gateway_indexes'), { serverSelectionTimeoutMS: 5_000 });
  await mongoose.connection.db!.dropDatabase();
});
afterAll(async () => {
  await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
});

it('keeps the unique indexes everywhere and the query indexes only where they are used', async () => {
  const usable = (await detectConditionSupport(mongoose.connection.db!)) === 'filter'; // 'by-id' is FerretDB
  // As an earlier version left them: a query index on the diplomas.
  await mongoose.connection.db!.collection('diplomas').createIndex({ serialNumber: 1 }, { name: 'lookup_serial' });

  await ensureIndexes({ queryIndexesUsable: usable });
  const diplomaIndexes = await names('diplomas');
  expect(diplomaIndexes).toContain('register_number_unique');
  expect(await names('callers')).toContain('caller_name');
  if (usable) expect(diplomaIndexes).toEqual(expect.arrayContaining(['lookup_serial', 'current_hash', 'batch_rows']));
  else expect(diplomaIndexes).toEqual(['_id_', 'register_number_unique']);

  // The unique index still refuses a second register entry number.
  const row = { issuerCode: 'BKA', diplomaType: 'KY_SU', registerYear: 2026, registerEntryNumber: 'R-1' };
  await mongoose.connection.db!.collection('diplomas').insertOne({ _id: 'BKA:1', ...row } as never);
  await expect(mongoose.connection.db!.collection('diplomas').insertOne({ _id: 'BKA:2', ...row } as never)).rejects.toMatchObject({ code: 11000 });

  // Idempotent: a second run changes nothing.
  await ensureIndexes({ queryIndexesUsable: usable });
  expect(await names('diplomas')).toEqual(diplomaIndexes);
});
