// A diploma's full history from the ledger (GetHistory), each entry with its block number and
// the off-ledger version it corresponds to.
import type { Caller } from '../auth/api-keys';
import { ApiError, notFound } from '../errors/problem';
import type { DiplomaRecord } from '../models/records';
import { organizationName } from '@vanbang/network';
import type { GatewayContext } from './context';
import { findDiploma } from './batch-rows';
import { custodianOf } from './issuers';

export interface LedgerHistoryEntry {
  eventType: string;
  txId: string;
  timestamp: string;
  mspId: string;
  actorRole: string | null;
  actorIssuerCode: string | null;
  decision: { number: string; date: string } | null;
  details: Record<string, unknown>;
  documentHash: string;
  version: number;
  status: string;
}

/** Issuer (custodian) of the diploma, its hosting Department's admin, the Ministry, auditors. */
export async function canRead(ctx: GatewayContext, caller: Caller, record: Pick<DiplomaRecord, 'issuerCode' | 'hostMsp'>): Promise<boolean> {
  switch (caller.role) {
    case 'ministry-admin':
    case 'auditor':
      return true;
    case 'department-admin':
      return caller.mspId === record.hostMsp;
    case 'issuer':
      return caller.issuerCode === record.issuerCode || caller.issuerCode === (await custodianOf(ctx.ledger, record.issuerCode));
    case 'verifier':
      return false;
  }
}

export async function readableRecord(ctx: GatewayContext, caller: Caller, id: string): Promise<DiplomaRecord> {
  const record = await findDiploma(id);
  if (!record) throw notFound(`Diploma ${id} does not exist`);
  if (!(await canRead(ctx, caller, record))) throw new ApiError(403, 'FORBIDDEN', `Caller ${caller.name} may not read diploma ${id}`);
  return record;
}

/**
 * Block numbers of transactions asked of qscc, kept because they never change. Bounded (the
 * oldest goes first): the public timeline asks for any diploma, so it would otherwise grow with
 * every diploma ever verified.
 */
const MAX_CACHED_BLOCKS = 50_000;
const blockCache = new Map<string, number>();

/** The diploma's ledger events (GetHistory), oldest first. */
export async function ledgerHistory(ctx: GatewayContext, diplomaId: string): Promise<LedgerHistoryEntry[]> {
  return (await ctx.ledger.evaluate<{ history: LedgerHistoryEntry[] }>('GetHistory', { diplomaId })).history;
}

/** Block number of a transaction, from `known` (the record's own), a process cache, or qscc. */
export async function blockNumberOf(ctx: GatewayContext, txId: string, known?: Map<string, number | null>): Promise<number | null> {
  let blockNumber = known?.get(txId) ?? blockCache.get(txId) ?? null;
  if (blockNumber === null) {
    blockNumber = await ctx.ledger.blockOfTransaction(txId);
    if (blockNumber !== null) {
      if (blockCache.size >= MAX_CACHED_BLOCKS) blockCache.delete(blockCache.keys().next().value!);
      blockCache.set(txId, blockNumber);
    }
  }
  return blockNumber;
}

export async function diplomaHistory(ctx: GatewayContext, record: DiplomaRecord): Promise<Record<string, unknown>> {
  const history = await ledgerHistory(ctx, record._id);
  const knownBlocks = new Map<string, number | null>();
  for (const v of record.versions) if (v.txId) knownBlocks.set(v.txId, v.blockNumber);
  if (record.revocation) knownBlocks.set(record.revocation.txId, record.revocation.blockNumber);
  for (const c of record.copies) knownBlocks.set(c.txId, c.blockNumber);
  const events = [];
  for (const h of history) {
    const blockNumber = await blockNumberOf(ctx, h.txId, knownBlocks);
    const version = record.versions.find((v) => v.documentHash === h.documentHash);
    events.push({
      type: h.eventType,
      transactionId: h.txId,
      blockNumber,
      timestamp: h.timestamp,
      organization: h.mspId,
      organizationName: organizationName(ctx.profile, h.mspId),
      actorRole: h.actorRole,
      issuerCode: h.actorIssuerCode,
      decision: h.decision,
      details: h.details,
      status: h.status,
      documentHash: h.documentHash,
      version: h.version,
      offLedgerVersion: version ? { version: version.version, state: version.state, operation: version.operation } : null,
    });
  }
  return { diplomaId: record._id, events };
}
