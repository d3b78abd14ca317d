/** History entries built from getHistoryForKey: each stored version carries its own lastEvent. */
import type { ChaincodeStub } from 'fabric-shim-api';
import { fromBytes } from './ledger/json';
import { Store } from './ledger/store';
import { LastEvent } from './model';

export interface HistoryEntry<T> {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  eventType: string | null;
  mspId: string | null;
  actorRole: string | null;
  actorIssuerCode: string | null;
  decision: unknown;
  details: Record<string, unknown>;
  status: string | null;
  version: number | null;
  documentHash: string | null;
  record: T | null;
}

export async function historyOf<T extends { lastEvent: LastEvent }>(stub: ChaincodeStub, key: string): Promise<HistoryEntry<T>[]> {
  const mods = await new Store(stub).history(key);
  return mods.map((m) => {
    const seconds = typeof m.timestamp.seconds === 'number' ? m.timestamp.seconds : Number(m.timestamp.seconds.toString());
    const timestamp = new Date(seconds * 1000 + Math.floor((m.timestamp.nanos ?? 0) / 1_000_000)).toISOString();
    const record = !m.isDelete && m.value && m.value.length > 0 ? fromBytes<T>(m.value) : null;
    const ev = record?.lastEvent;
    const r = record as unknown as Record<string, unknown> | null;
    return {
      txId: m.txId,
      timestamp,
      isDelete: m.isDelete,
      eventType: ev?.type ?? null,
      mspId: ev?.mspId ?? null,
      actorRole: ev?.actorRole ?? null,
      actorIssuerCode: ev?.actorIssuerCode ?? null,
      decision: ev?.decision ?? null,
      details: ev?.details ?? {},
      status: typeof r?.status === 'string' ? r.status : null,
      version: typeof r?.version === 'number' ? r.version : null,
      documentHash: typeof r?.documentHash === 'string' ? r.documentHash : null,
      record,
    };
  });
}
