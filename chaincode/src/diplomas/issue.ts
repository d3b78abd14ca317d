/**
 * Issuance: one diploma (IssueDiploma) or a cohort (IssueDiplomas), all-or-nothing, idempotent
 * for identical re-submissions.
 */
import type { Context } from 'fabric-contract-api';
import type { ChaincodeStub } from 'fabric-shim-api';
import { requireIssuerIdentity } from '../access';
import { requireSignerForHash, signerStamp } from '../certificates/signer-trust';
import { fail } from '../errors';
import { emit, stamp } from '../events';
import { assertCanIssue, loadIssuer } from '../issuers/issuer-store';
import { diplomaKey, hashKey, registerKey } from '../ledger/keys';
import { Store } from '../ledger/store';
import { Diploma, DIPLOMA_TYPES, DiplomaType, diplomaIdOf, Issuer, DecisionRecord, HashIndexEntry, LastEvent, RegisterIndexEntry } from '../model';
import { TxInfo, txInfo } from '../tx';
import * as v from '../validation';
import { createDiploma, createDiplomas, findDiploma, findHash, findRegisterEntry, originalHash } from './diploma-store';

/**
 * Largest cohort per transaction. ~2.1 KB of transaction per diploma (state, indexes, key-level
 * policies, read set, event, result) keeps 500 items near 1.1 MB: far below the orderer's 10 MB
 * AbsoluteMaxBytes and under its PreferredMaxBytes. See docs/chaincode.md §7.
 */
export const MAX_BATCH = 500;
export const MAX_BATCH_BYTES = 1024 * 1024;
const MAX_SINGLE_BYTES = 8 * 1024;

export const ITEM_FIELDS = ['serialNumber', 'documentHash', 'diplomaType', 'graduationYear', 'registerEntryNumber', 'dateOfSigning'] as const;

export interface IssueItem {
  issuerCode: string;
  serialNumber: string;
  documentHash: string;
  diplomaType: DiplomaType;
  graduationYear: number;
  registerEntryNumber: string;
  dateOfSigning: string;
  registerYear: number;
  diplomaId: string;
}

/** Validates the formats of one diploma to issue (no state read). */
export function parseItem(obj: v.Json, issuerCode: string, tx: TxInfo, path: string): IssueItem {
  const at = (k: string): string => (path ? `${path}.${k}` : k);
  const serialNumber = v.serialNumber(obj.serialNumber, at('serialNumber'));
  const dateOfSigning = v.date(obj.dateOfSigning, at('dateOfSigning'), tx.date);
  const graduationYear = v.integer(obj.graduationYear, at('graduationYear'), 1900, tx.year);
  return {
    issuerCode,
    serialNumber,
    documentHash: v.documentHash(obj.documentHash, at('documentHash')),
    diplomaType: v.oneOf(obj.diplomaType, at('diplomaType'), DIPLOMA_TYPES),
    graduationYear,
    registerEntryNumber: v.registerNumber(obj.registerEntryNumber, at('registerEntryNumber')),
    dateOfSigning,
    registerYear: Number(dateOfSigning.slice(0, 4)),
    diplomaId: diplomaIdOf(issuerCode, serialNumber),
  };
}

function sameIssuance(d: Diploma, item: IssueItem): boolean {
  return (
    originalHash(d) === item.documentHash &&
    d.diplomaType === item.diplomaType &&
    d.graduationYear === item.graduationYear &&
    d.registerEntryNumber === item.registerEntryNumber &&
    d.dateOfSigning === item.dateOfSigning
  );
}

/** What the ledger holds under an item's three unique keys (hash and register read only for new ids). */
interface ItemState {
  diploma: Diploma | null;
  hashOwner: HashIndexEntry | null;
  register: RegisterIndexEntry | null;
}

/**
 * Decides an item from its ledger state. Returns the existing record for an identical replay, null
 * when the item is new and free to write, and throws on any conflict, in this order: id, hash,
 * register entry.
 */
function checkItem(item: IssueItem, state: ItemState, where = ''): Diploma | null {
  const at = where ? `${where}: ` : '';
  if (state.diploma) {
    if (sameIssuance(state.diploma, item)) return state.diploma;
    fail('DIPLOMA_ID_CONFLICT', `${at}Diploma ${item.diplomaId} already exists with a different hash or different data`);
  }
  if (state.hashOwner) fail('HASH_CONFLICT', `${at}document hash ${item.documentHash} already belongs to diploma ${state.hashOwner.diplomaId}`);
  if (state.register) {
    fail('DUPLICATE_REGISTER_NUMBER', `${at}register entry ${item.registerEntryNumber} (${item.issuerCode}, ${item.diplomaType}, ${item.registerYear}) is already used by ${state.register.diplomaId}`);
  }
  return null;
}

/**
 * Checks an item against the ledger. Returns the existing record for an identical replay, null
 * when the item is new and free to write, and throws on any conflict.
 */
export async function checkAgainstLedger(stub: ChaincodeStub, item: IssueItem, where = ''): Promise<Diploma | null> {
  const diploma = await findDiploma(stub, item.issuerCode, item.serialNumber);
  if (diploma) return checkItem(item, { diploma, hashOwner: null, register: null }, where);
  const hashOwner = await findHash(stub, item.documentHash);
  const register = hashOwner ? null : await findRegisterEntry(stub, item.issuerCode, item.diplomaType, item.registerYear, item.registerEntryNumber);
  return checkItem(item, { diploma, hashOwner, register }, where);
}

/**
 * Reads a batch's ledger state with the shim calls queued back to back: first every diploma key,
 * then the hash and register keys of the ids that do not exist yet (an existing id is a replay or
 * a conflict either way). The read set of a successful batch is the one item-by-item checking
 * reads; the caller checks the items in order, so the first error is the same too.
 */
async function readBatchState(stub: ChaincodeStub, items: IssueItem[]): Promise<ItemState[]> {
  const store = new Store(stub);
  const diplomas = await store.getMany<Diploma>(items.map((it) => diplomaKey(stub, it.issuerCode, it.serialNumber)));
  const unseen = items.flatMap((_, i) => (diplomas[i] ? [] : [i]));
  const keys: string[] = [];
  for (const i of unseen) {
    const it = items[i];
    keys.push(hashKey(stub, it.documentHash), registerKey(stub, it.issuerCode, it.diplomaType, it.registerYear, it.registerEntryNumber));
  }
  const values = await store.getMany<HashIndexEntry | RegisterIndexEntry>(keys);
  const states: ItemState[] = diplomas.map((diploma) => ({ diploma, hashOwner: null, register: null }));
  unseen.forEach((i, n) => {
    states[i].hashOwner = values[2 * n] as HashIndexEntry | null;
    states[i].register = values[2 * n + 1] as RegisterIndexEntry | null;
  });
  return states;
}

export function newDiploma(item: IssueItem, issuer: Issuer, tx: TxInfo, lastEvent: LastEvent, decisions: DecisionRecord[] = [], supersedes: string | null = null): Diploma {
  return {
    docType: 'diploma',
    diplomaId: item.diplomaId,
    issuerCode: item.issuerCode,
    serialNumber: item.serialNumber,
    hostMsp: issuer.hostMsp,
    diplomaType: item.diplomaType,
    graduationYear: item.graduationYear,
    dateOfSigning: item.dateOfSigning,
    registerYear: item.registerYear,
    registerEntryNumber: item.registerEntryNumber,
    documentHash: item.documentHash,
    status: 'VALID',
    version: 1,
    previousHashes: [],
    supersedes,
    supersededBy: null,
    revocation: null,
    copyCount: 0,
    decisions,
    issuedTxId: tx.txId,
    issuedAt: tx.timestamp,
    lastEvent,
  };
}

async function issuerForIssuance(ctx: Context, tx: TxInfo, code: string): Promise<Issuer> {
  const issuer = await loadIssuer(ctx.stub, code);
  requireIssuerIdentity(tx, issuer, 'issuing');
  await requireSignerForHash(ctx.stub, tx);
  return issuer;
}

export async function issueDiploma(ctx: Context, raw: string): Promise<{ created: boolean; diploma: Diploma }> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_SINGLE_BYTES), '', ['issuerCode', ...ITEM_FIELDS]);
  const item = parseItem(req, v.issuerCode(req.issuerCode, 'issuerCode'), tx, '');
  const issuer = await issuerForIssuance(ctx, tx, item.issuerCode);
  assertCanIssue(issuer, item.diplomaType, item.dateOfSigning);
  const existing = await checkAgainstLedger(ctx.stub, item);
  if (existing) return { created: false, diploma: existing };

  const diploma = newDiploma(item, issuer, tx, stamp(tx, 'DiplomaIssued', null));
  await createDiploma(ctx.stub, diploma, signerStamp(tx));
  emit(ctx.stub, tx, 'DiplomaIssued', [diploma.diplomaId], [diploma.documentHash], { issuerCode: issuer.code });
  return { created: true, diploma };
}

export interface BatchResult {
  issuerCode: string;
  txId: string;
  total: number;
  created: number;
  existing: number;
  diplomas: { diplomaId: string; documentHash: string; created: boolean }[];
}

/** Refuses two items of one batch that would claim the same serial, hash or register entry. */
function rejectDuplicatesInBatch(items: IssueItem[]): void {
  const seen = new Map<string, number>();
  items.forEach((it, i) => {
    const claims = [
      `serial ${it.serialNumber}`,
      `hash ${it.documentHash}`,
      `register entry ${it.registerEntryNumber} (${it.diplomaType}, ${it.registerYear})`,
    ];
    for (const c of claims) {
      const first = seen.get(c);
      if (first !== undefined) fail('DUPLICATE_IN_BATCH', `diplomas[${i}]: ${c} repeats diplomas[${first}]`);
      seen.set(c, i);
    }
  });
}

export async function issueDiplomas(ctx: Context, raw: string): Promise<BatchResult> {
  const tx = txInfo(ctx);
  const req = v.expectObject(v.parseRequest(raw, MAX_BATCH_BYTES, 'BATCH_TOO_LARGE'), '', ['issuerCode', 'diplomas']);
  const issuerCode = v.issuerCode(req.issuerCode, 'issuerCode');
  if (!Array.isArray(req.diplomas) || req.diplomas.length === 0) fail('INVALID_ARGUMENT', 'diplomas: must be a non-empty list');
  if (req.diplomas.length > MAX_BATCH) fail('BATCH_TOO_LARGE', `diplomas: ${req.diplomas.length} items, at most ${MAX_BATCH} per transaction`);

  const items = req.diplomas.map((raw, i) => parseItem(v.expectObject(raw, `diplomas[${i}]`, ITEM_FIELDS), issuerCode, tx, `diplomas[${i}]`));
  rejectDuplicatesInBatch(items);

  const issuer = await issuerForIssuance(ctx, tx, issuerCode);
  items.forEach((it, i) => assertCanIssue(issuer, it.diplomaType, it.dateOfSigning, `diplomas[${i}]`));

  // Check everything before writing anything: a rejection leaves no partial write behind.
  const existing = await readBatchState(ctx.stub, items);
  const fresh: Diploma[] = [];
  const results: BatchResult['diplomas'] = [];
  const event = stamp(tx, 'DiplomasIssued', null);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const found = checkItem(item, existing[i], `diplomas[${i}]`);
    if (!found) fresh.push(newDiploma(item, issuer, tx, event));
    results.push({ diplomaId: item.diplomaId, documentHash: item.documentHash, created: !found });
  }
  await createDiplomas(ctx.stub, fresh, signerStamp(tx));
  if (fresh.length > 0) {
    emit(ctx.stub, tx, 'DiplomasIssued', fresh.map((d) => d.diplomaId), fresh.map((d) => d.documentHash), { count: fresh.length, issuerCode });
  }
  return { issuerCode, txId: tx.txId, total: items.length, created: fresh.length, existing: items.length - fresh.length, diplomas: results };
}
