/** Read-only queries: lookup by id, public verification by hash, history, listing. */
import type { Context } from 'fabric-contract-api';
import { fail } from '../errors';
import { historyOf, HistoryEntry } from '../history';
import { loadIssuer } from '../issuers/issuer-store';
import { diplomaKey, OBJ } from '../ledger/keys';
import { Store } from '../ledger/store';
import { Diploma, DIPLOMA_TYPES, LastEvent, Revocation } from '../model';
import * as v from '../validation';
import { findHash, loadDiploma } from './diploma-store';

const MAX_REQUEST = 4 * 1024;

export async function getDiploma(ctx: Context, raw: string): Promise<Diploma> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['diplomaId']);
  return loadDiploma(ctx.stub, v.diplomaId(req.diplomaId, 'diplomaId').id);
}

export type VerifyResult =
  | { documentHash: string; found: false; status: 'UNKNOWN' }
  | {
      documentHash: string;
      found: true;
      status: 'VALID' | 'CORRECTED' | 'SUPERSEDED' | 'REVOKED';
      hashIsCurrent: boolean;
      hashVersion: number;
      currentVersion: number;
      diplomaId: string;
      diplomaType: string;
      graduationYear: number;
      issuer: { code: string; name: string; status: string };
      supersedes: string | null;
      supersededBy: string | null;
      revocation: Revocation | null;
      latestEvent: LastEvent;
    };

export async function verifyHash(ctx: Context, raw: string): Promise<VerifyResult> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['documentHash']);
  const documentHash = v.documentHash(req.documentHash, 'documentHash');
  const entry = await findHash(ctx.stub, documentHash);
  if (!entry) return { documentHash, found: false, status: 'UNKNOWN' };
  const d = await loadDiploma(ctx.stub, entry.diplomaId);
  const issuer = await loadIssuer(ctx.stub, d.issuerCode);
  const hashIsCurrent = d.documentHash === documentHash;
  // Revocation outranks everything; then replacement; then an outdated (corrected) version.
  const status = d.status === 'REVOKED' ? 'REVOKED' : d.status === 'SUPERSEDED' ? 'SUPERSEDED' : hashIsCurrent ? 'VALID' : 'CORRECTED';
  return {
    documentHash,
    found: true,
    status,
    hashIsCurrent,
    hashVersion: entry.version,
    currentVersion: d.version,
    diplomaId: d.diplomaId,
    diplomaType: d.diplomaType,
    graduationYear: d.graduationYear,
    issuer: { code: issuer.code, name: issuer.name, status: issuer.status },
    supersedes: d.supersedes,
    supersededBy: d.supersededBy,
    revocation: d.revocation,
    latestEvent: d.lastEvent,
  };
}

export async function getHistory(ctx: Context, raw: string): Promise<{ diplomaId: string; history: HistoryEntry<Diploma>[] }> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['diplomaId']);
  const { id, issuerCode, serialNumber } = v.diplomaId(req.diplomaId, 'diplomaId');
  const history = await historyOf<Diploma>(ctx.stub, diplomaKey(ctx.stub, issuerCode, serialNumber));
  if (history.length === 0) fail('DIPLOMA_NOT_FOUND', `Diploma ${id} does not exist`);
  return { diplomaId: id, history };
}

export async function listByIssuer(ctx: Context, raw: string): Promise<{ records: Diploma[]; fetchedRecordsCount: number; bookmark: string }> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['issuerCode'], ['graduationYear', 'diplomaType', 'pageSize', 'bookmark']);
  const issuerCode = v.issuerCode(req.issuerCode, 'issuerCode');
  const year = req.graduationYear === undefined ? undefined : v.integer(req.graduationYear, 'graduationYear', 1900, 9999);
  const type = req.diplomaType === undefined ? undefined : v.oneOf(req.diplomaType, 'diplomaType', DIPLOMA_TYPES);
  const { pageSize, bookmark } = v.page(req);

  // vb.list is keyed issuer/year/type/serial; for "a type, any year" the register index
  // (issuer/type/registerYear/entry) is the prefix that fits.
  const [objectType, attrs] =
    year === undefined && type !== undefined
      ? [OBJ.regno, [issuerCode, type]]
      : [OBJ.list, [issuerCode, ...(year === undefined ? [] : [String(year)]), ...(year !== undefined && type !== undefined ? [type] : [])]];
  const store = new Store(ctx.stub);
  const res = await store.page<{ diplomaId: string }>(objectType, attrs, pageSize, bookmark);
  const records: Diploma[] = [];
  for (const { diplomaId } of res.values) records.push(await loadDiploma(ctx.stub, diplomaId));
  return { records, fetchedRecordsCount: res.fetchedRecordsCount, bookmark: res.bookmark };
}
