// Auditors' reconciliation: for every record, does MongoDB's current hash (and status) equal the
// ledger's? The ledger side is read page by page with ListByIssuer for every issuer; the
// database side is streamed. Every difference is listed.
import { collections } from '../models/collections';
import type { GatewayContext } from './context';
import { syncAllIssuers } from './issuers';

interface LedgerDiploma {
  diplomaId: string;
  documentHash: string;
  status: string;
  version: number;
}

export interface Difference {
  diplomaId: string;
  kind: 'MISSING_ON_LEDGER' | 'MISSING_IN_DATABASE' | 'HASH_MISMATCH' | 'STATUS_MISMATCH' | 'PENDING_IN_DATABASE';
  database: { documentHash: string; status: string; state: string } | null;
  ledger: { documentHash: string; status: string } | null;
}

export async function reconcile(ctx: GatewayContext): Promise<Record<string, unknown>> {
  const startedAt = new Date();
  await syncAllIssuers(ctx.ledger);
  const codes = new Set<string>((await collections.issuers().find({}, { projection: { _id: 1 } }).toArray()).map((i) => i._id));
  const onLedger = new Map<string, { documentHash: string; status: string }>();
  for (const issuerCode of codes) {
    let bookmark = '';
    for (;;) {
      const page = await ctx.ledger.evaluate<{ records: LedgerDiploma[]; bookmark: string }>('ListByIssuer', { issuerCode, pageSize: 200, ...(bookmark ? { bookmark } : {}) });
      for (const d of page.records) onLedger.set(d.diplomaId, { documentHash: d.documentHash, status: d.status });
      if (!page.bookmark || page.records.length < 200) break;
      bookmark = page.bookmark;
    }
  }
  // Batch rows whose chunk has a commit are committed (batch-rows.ts): one small document per 500 rows.
  const committedChunks = new Set<string>();
  for await (const c of collections.batchChunkCommits().find({ txId: { $ne: null } }, { projection: { _id: 1 } })) committedChunks.add(c._id);
  const differences: Difference[] = [];
  let checked = 0;
  let pending = 0;
  const cursor = collections.diplomas().find({}, { projection: { _id: 1, currentHash: 1, status: 1, state: 1, batchChunkId: 1 } });
  for await (const r of cursor) {
    checked++;
    const ledger = onLedger.get(r._id) ?? null;
    onLedger.delete(r._id);
    const state = r.state === 'PENDING' && r.batchChunkId && committedChunks.has(r.batchChunkId) ? 'COMMITTED' : r.state;
    const database = { documentHash: r.currentHash, status: r.status, state };
    if (state === 'PENDING') {
      pending++;
      // A pending record is expected to be absent from the ledger; present means an unfinished commit.
      if (ledger) differences.push({ diplomaId: r._id, kind: 'PENDING_IN_DATABASE', database, ledger });
      continue;
    }
    if (!ledger) differences.push({ diplomaId: r._id, kind: 'MISSING_ON_LEDGER', database, ledger: null });
    else if (ledger.documentHash !== r.currentHash) differences.push({ diplomaId: r._id, kind: 'HASH_MISMATCH', database, ledger });
    else if (ledger.status !== r.status) differences.push({ diplomaId: r._id, kind: 'STATUS_MISMATCH', database, ledger });
  }
  for (const [diplomaId, ledger] of onLedger) differences.push({ diplomaId, kind: 'MISSING_IN_DATABASE', database: null, ledger });
  return {
    startedAt,
    finishedAt: new Date(),
    databaseRecords: checked,
    pendingRecords: pending,
    ledgerRecords: checked - pending + differences.filter((d) => d.kind === 'MISSING_IN_DATABASE').length - differences.filter((d) => d.kind === 'MISSING_ON_LEDGER').length,
    consistent: differences.length === 0,
    differences,
  };
}
