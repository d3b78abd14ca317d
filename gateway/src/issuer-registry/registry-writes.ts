// Changing the issuer registry: register, update (name, accreditation), suspend, reinstate,
// merge — each by a decision, submitted as the caller's own ledger identity so that the chaincode
// decides from the caller's certificate, after the gateway's own check of the same rule. The
// mirror takes the committed record at once (the next issuance sees it); the event listener
// refreshes it again when the block's event arrives.
import type { Caller } from '../auth/api-keys';
import { badRequest, forbidden } from '../errors/problem';
import type { Decision } from '../models/records';
import type { GatewayContext } from '../services/context';
import { endorsersFor, mirrorIssuer } from '../services/issuers';
import { requireAdministrator } from './issuer-access';
import { issuerView, ledgerIssuer, type LedgerIssuerRecord } from './registry-reads';
import type { MergerBody, RegisterIssuerBody, UpdateIssuerBody } from './registry-schemas';

export type RegistryChange = Awaited<ReturnType<typeof submitChange>>;

async function submitChange(ctx: GatewayContext, caller: Caller, fn: string, request: Record<string, unknown>, hostMsp: string) {
  const out = await ctx.ledger.submit<LedgerIssuerRecord>(caller.identityName, `IssuerRegistry:${fn}`, request, {
    // The record's key is endorsed by the Ministry and its host (docs/endorsement-policies.md §3).
    endorsingOrganizations: endorsersFor(hostMsp, ctx.profile.ministryMspId),
  });
  await mirrorIssuer(out.result);
  return { issuer: issuerView(ctx.profile, out.result), transactionId: out.txId, blockNumber: out.blockNumber };
}

/** The host of a new issuer: as given, or the Department registering it; an organization of the channel. */
function hostOf(ctx: GatewayContext, caller: Caller, body: RegisterIssuerBody): string {
  const hostMsp = body.hostMsp ?? (caller.role === 'department-admin' ? caller.mspId : undefined);
  if (!hostMsp) throw badRequest('The Ministry names the host organization', [{ field: '/hostMsp', message: 'required (the Ministry or a Department MSP id)' }]);
  if (!ctx.profile.peers.some((p) => p.mspId === hostMsp)) {
    throw badRequest('Unknown host organization', [{ field: '/hostMsp', message: `${hostMsp} is not an organization of channel ${ctx.profile.channel}` }]);
  }
  return hostMsp;
}

export async function registerIssuer(ctx: GatewayContext, caller: Caller, body: RegisterIssuerBody): Promise<RegistryChange> {
  const hostMsp = hostOf(ctx, caller, body);
  requireAdministrator(caller, { code: body.code, hostMsp, kind: body.kind }, 'register');
  return submitChange(ctx, caller, 'RegisterIssuer', { ...body, hostMsp }, hostMsp);
}

/** Loads the record from the ledger (404 when unknown) and checks the caller may change it. */
async function administered(ctx: GatewayContext, caller: Caller, code: string, action: string): Promise<LedgerIssuerRecord> {
  const issuer = await ledgerIssuer(ctx, caller, code);
  requireAdministrator(caller, issuer, action);
  return issuer;
}

export async function updateIssuer(ctx: GatewayContext, caller: Caller, code: string, body: UpdateIssuerBody): Promise<RegistryChange> {
  const issuer = await administered(ctx, caller, code, 'update');
  return submitChange(ctx, caller, 'UpdateIssuer', { code, ...body }, issuer.hostMsp);
}

export async function suspendIssuer(ctx: GatewayContext, caller: Caller, code: string, decision: Decision): Promise<RegistryChange> {
  const issuer = await administered(ctx, caller, code, 'suspend');
  return submitChange(ctx, caller, 'SuspendIssuer', { code, decision }, issuer.hostMsp);
}

export async function reinstateIssuer(ctx: GatewayContext, caller: Caller, code: string, decision: Decision): Promise<RegistryChange> {
  const issuer = await administered(ctx, caller, code, 'reinstate');
  return submitChange(ctx, caller, 'ReinstateIssuer', { code, decision }, issuer.hostMsp);
}

/** The register of `code` passes to `successorCode`: its diplomas are corrected, reissued, revoked and copied by the successor. */
export async function mergeIssuer(ctx: GatewayContext, caller: Caller, code: string, body: MergerBody): Promise<RegistryChange> {
  const issuer = await administered(ctx, caller, code, 'merge');
  const successor = await ledgerIssuer(ctx, caller, body.successorCode);
  // The chaincode's rule: a Department hands custody only to a school it hosts itself.
  if (caller.role !== 'ministry-admin' && successor.hostMsp !== caller.mspId) {
    throw forbidden(`A Department merges its school only into another school it hosts (${successor.code} is hosted by ${successor.hostMsp})`);
  }
  return submitChange(ctx, caller, 'MergeIssuer', { code, successorCode: body.successorCode, decision: body.decision }, issuer.hostMsp);
}
