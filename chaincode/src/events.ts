/**
 * Chaincode events. Fabric keeps one event per transaction (a second setEvent replaces the
 * first), so each transaction emits exactly one, listing every id and hash it touched.
 */
import type { ChaincodeStub } from 'fabric-shim-api';
import { toBytes } from './ledger/json';
import { EventType, LastEvent, Decision } from './model';
import { TxInfo } from './tx';

export interface EventPayload {
  type: EventType;
  txId: string;
  timestamp: string;
  mspId: string;
  ids: string[];
  hashes: string[];
  details: Record<string, unknown>;
}

export function emit(stub: ChaincodeStub, tx: TxInfo, type: EventType, ids: string[], hashes: string[], details: Record<string, unknown>): void {
  const payload: EventPayload = { type, txId: tx.txId, timestamp: tx.timestamp, mspId: tx.mspId, ids, hashes, details };
  stub.setEvent(type, toBytes(payload));
}

/** The lastEvent stamp stored in every record version, so history entries are self-describing. */
export function stamp(tx: TxInfo, type: EventType, decision: Decision | null, details: Record<string, unknown> = {}): LastEvent {
  return {
    type,
    txId: tx.txId,
    timestamp: tx.timestamp,
    mspId: tx.mspId,
    actorRole: tx.role,
    actorIssuerCode: tx.role === 'issuer' ? tx.issuerCode : null,
    decision,
    details,
  };
}
