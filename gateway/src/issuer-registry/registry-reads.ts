// Reading the issuer registry from the ledger (the source of truth; the MongoDB mirror only
// serves issuance): a page of the registry, one record, its history.
import { organizationName, type ConnectionProfile } from '@vanbang/network';
import type { Caller } from '../auth/api-keys';
import type { Decision } from '../models/records';
import type { GatewayContext } from '../services/context';
import type { ListIssuersQuery } from './registry-schemas';

/** The chaincode's issuer record (chaincode/src/model.ts, Issuer). */
export interface LedgerIssuerRecord {
  code: string;
  name: string;
  kind: string;
  hostMsp: string;
  diplomaTypes: string[];
  status: string;
  validFrom: string;
  validTo: string | null;
  successorCode: string | null;
  decisions: { event: string; number: string; date: string; txId: string; timestamp: string }[];
  createdAt: string;
  updatedAt: string;
}

interface LedgerHistoryEntry {
  txId: string;
  timestamp: string;
  eventType: string | null;
  mspId: string | null;
  actorRole: string | null;
  decision: Decision | null;
  details: Record<string, unknown>;
  status: string | null;
}

export function issuerView(profile: ConnectionProfile, i: LedgerIssuerRecord) {
  return {
    code: i.code, name: i.name, kind: i.kind, status: i.status, hostMsp: i.hostMsp, hostOrganization: organizationName(profile, i.hostMsp),
    successorCode: i.successorCode ?? null, diplomaTypes: i.diplomaTypes, validFrom: i.validFrom, validTo: i.validTo ?? null,
    decisions: i.decisions, createdAt: i.createdAt, updatedAt: i.updatedAt,
  };
}

/*
 * Registry reads are made as the caller's own identity, so they go to its own organization's peer
 * first: the peer that confirmed the caller's earlier writes, which therefore already sees them
 * (another organization's peer may still be committing that block).
 */

/** The record on the ledger; a LedgerError ISSUER_NOT_FOUND (→ 404) when there is none. */
export function ledgerIssuer(ctx: GatewayContext, caller: Caller, code: string): Promise<LedgerIssuerRecord> {
  return ctx.ledger.evaluate<LedgerIssuerRecord>('IssuerRegistry:GetIssuer', { code }, caller.identityName);
}

/**
 * One page of the registry (ListIssuers, in key order), filtered. The chaincode has no filters, so
 * a page holds those of its `pageSize` records that match: it can be short, or empty, while
 * `bookmark` still leads on.
 */
export async function listIssuers(ctx: GatewayContext, caller: Caller, query: ListIssuersQuery) {
  const pageSize = query.pageSize === undefined ? 50 : Number(query.pageSize);
  const page = await ctx.ledger.evaluate<{ records: LedgerIssuerRecord[]; fetchedRecordsCount: number; bookmark: string }>(
    'IssuerRegistry:ListIssuers', { pageSize, ...(query.bookmark ? { bookmark: query.bookmark } : {}) }, caller.identityName);
  const records = page.records.filter((i) => (query.hostMsp === undefined || i.hostMsp === query.hostMsp)
    && (query.kind === undefined || i.kind === query.kind) && (query.status === undefined || i.status === query.status));
  return {
    records: records.map((i) => issuerView(ctx.profile, i)),
    bookmark: page.records.length < pageSize || !page.bookmark ? null : page.bookmark,
  };
}

export async function issuerWithHistory(ctx: GatewayContext, caller: Caller, code: string) {
  const [issuer, history] = await Promise.all([
    ledgerIssuer(ctx, caller, code),
    ctx.ledger.evaluate<{ history: LedgerHistoryEntry[] }>('IssuerRegistry:GetIssuerHistory', { code }, caller.identityName),
  ]);
  return {
    issuer: issuerView(ctx.profile, issuer),
    history: history.history.map((h) => ({
      transactionId: h.txId, timestamp: h.timestamp, type: h.eventType,
      change: typeof h.details.change === 'string' ? h.details.change : null,
      organization: h.mspId, organizationName: h.mspId ? organizationName(ctx.profile, h.mspId) : null, actorRole: h.actorRole,
      decision: h.decision, details: h.details, status: h.status,
    })),
  };
}
