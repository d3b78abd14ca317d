/**
 * The issuer registry: the Ministry accredits issuers, each Department registers the
 * upper-secondary schools of its province. Records are only ever updated, never removed.
 */
import type { Context } from 'fabric-contract-api';
import { canAdministerIssuer, describe, isDepartmentAdmin, isMinistryAdmin } from '../access';
import { fail } from '../errors';
import { emit, stamp } from '../events';
import { issuerKey, OBJ } from '../ledger/keys';
import { Store } from '../ledger/store';
import { Decision, DIPLOMA_TYPES, DiplomaType, Issuer, ISSUER_KINDS, IssuerKind } from '../model';
import { TxInfo, txInfo } from '../tx';
import * as v from '../validation';
import { loadIssuer } from './issuer-store';
import { historyOf } from '../history';

const MAX_REQUEST = 8 * 1024;

/** Upper-secondary schools issue only THPT diplomas; higher-education issuers never do. */
function checkTypesForKind(kind: IssuerKind, types: DiplomaType[]): void {
  const bad = kind === 'UPPER_SECONDARY_SCHOOL' ? types.filter((t) => t !== 'THPT') : types.filter((t) => t === 'THPT');
  if (bad.length > 0) fail('DIPLOMA_TYPE_NOT_ALLOWED', `an issuer of kind ${kind} cannot issue ${bad.join(', ')}`);
}

function validity(validFrom: string, validTo: string | null): void {
  if (validTo !== null && validTo < validFrom) fail('INVALID_ARGUMENT', `validTo ${validTo} is before validFrom ${validFrom}`);
}

function recordDecision(issuer: Issuer, tx: TxInfo, event: Issuer['lastEvent']['type'], decision: Decision): void {
  issuer.decisions = [...issuer.decisions, { event, number: decision.number, date: decision.date, txId: tx.txId, timestamp: tx.timestamp }];
}

export async function registerIssuer(ctx: Context, raw: string): Promise<Issuer> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['code', 'name', 'kind', 'diplomaTypes', 'decision'], ['hostMsp', 'validFrom', 'validTo']);
  const code = v.issuerCode(req.code, 'code');
  const name = v.text(req.name, 'name', 200);
  const kind = v.oneOf(req.kind, 'kind', ISSUER_KINDS);
  const diplomaTypes = v.enumList(req.diplomaTypes, 'diplomaTypes', DIPLOMA_TYPES, DIPLOMA_TYPES.length);
  const decision = v.decision(req.decision, 'decision', tx.date);
  const validFrom = req.validFrom === undefined ? decision.date : v.date(req.validFrom, 'validFrom');
  const validTo = req.validTo === undefined || req.validTo === null ? null : v.date(req.validTo, 'validTo');
  validity(validFrom, validTo);

  let hostMsp: string;
  if (req.hostMsp !== undefined) hostMsp = v.mspId(req.hostMsp, 'hostMsp');
  else if (isDepartmentAdmin(tx)) hostMsp = tx.mspId;
  else fail('INVALID_ARGUMENT', 'hostMsp: required');

  if (!isMinistryAdmin(tx) && !isDepartmentAdmin(tx)) {
    fail('NOT_AUTHORIZED', `registering an issuer requires ministry-admin or department-admin (caller: ${describe(tx)})`);
  }
  if (!canAdministerIssuer(tx, { hostMsp, kind })) {
    fail('NOT_AUTHORIZED', `a Department registers only upper-secondary schools hosted by itself (caller: ${describe(tx)}, hostMsp ${hostMsp}, kind ${kind})`);
  }
  checkTypesForKind(kind, diplomaTypes);

  const store = new Store(ctx.stub);
  const key = issuerKey(ctx.stub, code);
  if (await store.exists(key)) fail('ISSUER_ALREADY_EXISTS', `Issuer ${code} is already registered`);

  const issuer: Issuer = {
    docType: 'issuer',
    code,
    name,
    kind,
    hostMsp,
    diplomaTypes,
    status: 'ACTIVE',
    validFrom,
    validTo,
    successorCode: null,
    decisions: [],
    createdAt: tx.timestamp,
    updatedAt: tx.timestamp,
    lastEvent: stamp(tx, 'IssuerRegistered', decision),
  };
  recordDecision(issuer, tx, 'IssuerRegistered', decision);
  await store.create(key, issuer, hostMsp);
  emit(ctx.stub, tx, 'IssuerRegistered', [code], [], { hostMsp, kind, status: issuer.status });
  return issuer;
}

/** Loads an issuer the caller may administer and that can still change (not merged). */
async function loadForChange(ctx: Context, tx: TxInfo, code: string): Promise<Issuer> {
  const issuer = await loadIssuer(ctx.stub, code);
  if (!canAdministerIssuer(tx, issuer)) {
    fail('NOT_AUTHORIZED', `only the Ministry, or for its own schools the hosting Department, may change issuer ${code} (caller: ${describe(tx)})`);
  }
  if (issuer.status === 'MERGED') fail('ISSUER_MERGED', `Issuer ${code} has merged into ${issuer.successorCode}; its record is final`);
  return issuer;
}

type Change = 'UPDATED' | 'SUSPENDED' | 'REINSTATED' | 'MERGED';

async function saveChange(ctx: Context, tx: TxInfo, issuer: Issuer, change: Change, decision: Decision, details: Record<string, unknown> = {}): Promise<Issuer> {
  const updated: Issuer = { ...issuer, updatedAt: tx.timestamp, lastEvent: stamp(tx, 'IssuerUpdated', decision, { change, ...details }) };
  recordDecision(updated, tx, 'IssuerUpdated', decision);
  await new Store(ctx.stub).update(issuerKey(ctx.stub, issuer.code), updated);
  const ids = updated.successorCode && change === 'MERGED' ? [updated.code, updated.successorCode] : [updated.code];
  emit(ctx.stub, tx, 'IssuerUpdated', ids, [], { change, status: updated.status, successorCode: updated.successorCode });
  return updated;
}

export async function updateIssuer(ctx: Context, raw: string): Promise<Issuer> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['code', 'decision'], ['name', 'diplomaTypes', 'validFrom', 'validTo']);
  const code = v.issuerCode(req.code, 'code');
  const decision = v.decision(req.decision, 'decision', tx.date);
  if (req.name === undefined && req.diplomaTypes === undefined && req.validFrom === undefined && req.validTo === undefined) {
    fail('INVALID_ARGUMENT', 'nothing to update: give name, diplomaTypes, validFrom or validTo');
  }
  const name = req.name === undefined ? undefined : v.text(req.name, 'name', 200);
  const types = req.diplomaTypes === undefined ? undefined : v.enumList(req.diplomaTypes, 'diplomaTypes', DIPLOMA_TYPES, DIPLOMA_TYPES.length);
  const validFrom = req.validFrom === undefined ? undefined : v.date(req.validFrom, 'validFrom');
  const validTo = req.validTo === undefined ? undefined : req.validTo === null ? null : v.date(req.validTo, 'validTo');

  const issuer = await loadForChange(ctx, tx, code);
  const next: Issuer = { ...issuer };
  const changed: string[] = [];
  if (name !== undefined) { next.name = name; changed.push('name'); }
  if (types !== undefined) { checkTypesForKind(issuer.kind, types); next.diplomaTypes = types; changed.push('diplomaTypes'); }
  if (validFrom !== undefined) { next.validFrom = validFrom; changed.push('validFrom'); }
  if (validTo !== undefined) { next.validTo = validTo; changed.push('validTo'); }
  validity(next.validFrom, next.validTo);
  return saveChange(ctx, tx, next, 'UPDATED', decision, { changedFields: changed });
}

async function statusChange(ctx: Context, raw: string, change: 'SUSPENDED' | 'REINSTATED'): Promise<Issuer> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['code', 'decision']);
  const code = v.issuerCode(req.code, 'code');
  const decision = v.decision(req.decision, 'decision', tx.date);
  const issuer = await loadForChange(ctx, tx, code);
  const from = change === 'SUSPENDED' ? 'ACTIVE' : 'SUSPENDED';
  if (issuer.status !== from) {
    fail('INVALID_STATE_TRANSITION', `Issuer ${code} is ${issuer.status}; ${change === 'SUSPENDED' ? 'only an ACTIVE issuer can be suspended' : 'only a SUSPENDED issuer can be reinstated'}`);
  }
  return saveChange(ctx, tx, { ...issuer, status: change === 'SUSPENDED' ? 'SUSPENDED' : 'ACTIVE' }, change, decision);
}

export const suspendIssuer = (ctx: Context, raw: string): Promise<Issuer> => statusChange(ctx, raw, 'SUSPENDED');
export const reinstateIssuer = (ctx: Context, raw: string): Promise<Issuer> => statusChange(ctx, raw, 'REINSTATED');

export async function mergeIssuer(ctx: Context, raw: string): Promise<Issuer> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['code', 'successorCode', 'decision']);
  const code = v.issuerCode(req.code, 'code');
  const successorCode = v.issuerCode(req.successorCode, 'successorCode');
  const decision = v.decision(req.decision, 'decision', tx.date);
  if (successorCode === code) fail('INVALID_STATE_TRANSITION', `Issuer ${code} cannot merge into itself`);
  const issuer = await loadForChange(ctx, tx, code);
  const successor = await loadIssuer(ctx.stub, successorCode);
  if (successor.status === 'MERGED') {
    fail('INVALID_STATE_TRANSITION', `successor ${successorCode} has itself merged into ${successor.successorCode}; name the final successor`);
  }
  // A Department hands custody only to one of its own schools; the Ministry may move it anywhere.
  if (!isMinistryAdmin(tx) && successor.hostMsp !== tx.mspId) {
    fail('NOT_AUTHORIZED', `a Department can only merge its school into another school it hosts (successor ${successorCode} is hosted by ${successor.hostMsp})`);
  }
  return saveChange(ctx, tx, { ...issuer, status: 'MERGED', successorCode }, 'MERGED', decision, { successorCode });
}

export async function getIssuer(ctx: Context, raw: string): Promise<Issuer> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['code']);
  return loadIssuer(ctx.stub, v.issuerCode(req.code, 'code'));
}

export async function listIssuers(ctx: Context, raw: string): Promise<{ records: Issuer[]; fetchedRecordsCount: number; bookmark: string }> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', [], ['pageSize', 'bookmark']);
  const { pageSize, bookmark } = v.page(req);
  const res = await new Store(ctx.stub).page<Issuer>(OBJ.issuer, [], pageSize, bookmark);
  return { records: res.values, fetchedRecordsCount: res.fetchedRecordsCount, bookmark: res.bookmark };
}

export async function getIssuerHistory(ctx: Context, raw: string): Promise<{ code: string; history: unknown[] }> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['code']);
  const code = v.issuerCode(req.code, 'code');
  const key = issuerKey(ctx.stub, code);
  const history = await historyOf<Issuer>(ctx.stub, key);
  if (history.length === 0) fail('ISSUER_NOT_FOUND', `Issuer ${code} is not registered`);
  return { code, history };
}

