// The issuer registry mirror (MongoDB copy of the ledger's IssuerRegistry): hosting organization
// for endorsement, custodian chain after mergers, names. Refreshed from the ledger at start,
// on IssuerRegistered/IssuerUpdated events, and on a miss.
import { LedgerError } from '../errors/ledger-errors';
import type { LedgerClient } from '../ledger/ledger-client';
import { collections } from '../models/collections';
import type { IssuerRecord } from '../models/records';

/** The chaincode's issuer record: the mirror's fields, keyed by `code` instead of `_id`. */
export type LedgerIssuer = Omit<IssuerRecord, '_id' | 'syncedAt'> & { code: string };

const memo = new Map<string, { record: IssuerRecord; until: number }>();

function toRecord(i: LedgerIssuer): IssuerRecord {
  return {
    _id: i.code, name: i.name, kind: i.kind, hostMsp: i.hostMsp, status: i.status, successorCode: i.successorCode ?? null,
    diplomaTypes: i.diplomaTypes, validFrom: i.validFrom ?? null, validTo: i.validTo ?? null, syncedAt: new Date(),
  };
}

async function store(record: IssuerRecord): Promise<void> {
  try {
    await collections.issuers().replaceOne({ _id: record._id }, record, { upsert: true });
  } catch (err) {
    // Two upserts of a new issuer at once (the registry write's answer and the event listener's
    // refresh of the same record) can both try the insert: the loser finds the record now there.
    if ((err as { code?: number }).code !== 11000) throw err;
    await collections.issuers().replaceOne({ _id: record._id }, record);
  }
  memo.set(record._id, { record, until: Date.now() + 60_000 });
}

/** Copies every issuer of the ledger into MongoDB. */
export async function syncAllIssuers(ledger: LedgerClient): Promise<number> {
  let bookmark = '';
  let count = 0;
  for (;;) {
    const page = await ledger.evaluate<{ records: LedgerIssuer[]; bookmark: string }>('IssuerRegistry:ListIssuers', { pageSize: 200, ...(bookmark ? { bookmark } : {}) });
    for (const i of page.records) await store(toRecord(i));
    count += page.records.length;
    if (!page.bookmark || page.records.length < 200) return count;
    bookmark = page.bookmark;
  }
}

/**
 * Mirrors the record a committed registry transaction returned: the next issuance sees it at
 * once, without a read that a peer still committing the block could answer with the old state.
 */
export async function mirrorIssuer(issuer: LedgerIssuer): Promise<IssuerRecord> {
  const record = toRecord(issuer);
  await store(record);
  return record;
}

export async function refreshIssuer(ledger: LedgerClient, code: string): Promise<IssuerRecord | null> {
  try {
    const issuer = await ledger.evaluate<LedgerIssuer>('IssuerRegistry:GetIssuer', { code });
    const record = toRecord(issuer);
    await store(record);
    return record;
  } catch (err) {
    if (err instanceof LedgerError && err.code === 'ISSUER_NOT_FOUND') return null;
    throw err;
  }
}

/** The issuer from the mirror (cached a minute), falling back to the ledger. */
export async function getIssuer(ledger: LedgerClient, code: string): Promise<IssuerRecord | null> {
  const hit = memo.get(code);
  if (hit && hit.until > Date.now()) return hit.record;
  const record = await collections.issuers().findOne({ _id: code });
  if (record) {
    memo.set(code, { record, until: Date.now() + 60_000 });
    return record;
  }
  return refreshIssuer(ledger, code);
}

/** The issuer that has custody of `code`'s register (end of the successor chain). */
export async function custodianOf(ledger: LedgerClient, code: string): Promise<string> {
  let current = code;
  for (let i = 0; i < 20; i++) {
    const issuer = await getIssuer(ledger, current);
    if (!issuer || issuer.status !== 'MERGED' || !issuer.successorCode) return current;
    current = issuer.successorCode;
  }
  return current;
}

/** Endorsing organizations for a change to a record hosted by `hostMsp` (docs/endorsement-policies.md §3). */
export function endorsersFor(hostMsp: string, ministryMsp: string): string[] | null {
  return hostMsp === ministryMsp ? null : [ministryMsp, hostMsp];
}

export function forgetIssuer(code: string): void {
  memo.delete(code);
}
