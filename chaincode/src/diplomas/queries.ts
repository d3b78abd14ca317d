/** Read-only queries: lookup by id, public verification by hash, history, listing. */
import type { Context } from 'fabric-contract-api';
import { findSigningCertificate } from '../certificates/signing-certificate-store';
import { fail } from '../errors';
import { historyOf, HistoryEntry } from '../history';
import { loadIssuer } from '../issuers/issuer-store';
import { diplomaKey, OBJ } from '../ledger/keys';
import { Store } from '../ledger/store';
import { Diploma, DIPLOMA_TYPES, RegisterIndexEntry } from '../model';
import * as v from '../validation';
import { findHash, loadDiploma } from './diploma-store';
import { unknownHashAnswer, verifyAnswerOf, type VerifyAnswer } from './verify-answer';

const MAX_REQUEST = 4 * 1024;

export async function getDiploma(ctx: Context, raw: string): Promise<Diploma> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['diplomaId']);
  return loadDiploma(ctx.stub, v.diplomaId(req.diplomaId, 'diplomaId').id);
}

export type VerifyResult = VerifyAnswer<Diploma>;

export async function verifyHash(ctx: Context, raw: string): Promise<VerifyResult> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['documentHash']);
  const documentHash = v.documentHash(req.documentHash, 'documentHash');
  const entry = await findHash(ctx.stub, documentHash);
  if (!entry) return unknownHashAnswer(documentHash);
  const d = await loadDiploma(ctx.stub, entry.diplomaId);
  const issuer = await loadIssuer(ctx.stub, d.issuerCode);
  const cert = entry.signerFingerprint ? await findSigningCertificate(ctx.stub, entry.signerFingerprint) : null;
  return verifyAnswerOf(documentHash, entry, d, issuer, cert);
}

export async function getHistory(ctx: Context, raw: string): Promise<{ diplomaId: string; history: HistoryEntry<Diploma>[] }> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['diplomaId']);
  const { id, issuerCode, serialNumber } = v.diplomaId(req.diplomaId, 'diplomaId');
  const history = await historyOf<Diploma>(ctx.stub, diplomaKey(ctx.stub, issuerCode, serialNumber));
  if (history.length === 0) fail('DIPLOMA_NOT_FOUND', `Diploma ${id} does not exist`);
  return { diplomaId: id, history };
}

/** Register entries read per peer round trip while filtering by graduation year. */
const SCAN_CHUNK = 200;

/**
 * Lists an issuer's diplomas in register (sổ gốc) order: diploma type, register year, register
 * entry number. The register index is the listing index (there is no separate one to write at
 * issuance). A graduationYear filter is applied while scanning the register; the bookmark is
 * then the register key of the next match, which the peer uses as the start key as it does its
 * own bookmarks. Only the last page has an empty bookmark.
 */
export async function listByIssuer(ctx: Context, raw: string): Promise<{ records: Diploma[]; fetchedRecordsCount: number; bookmark: string }> {
  const req = v.expectObject(v.parseRequest(raw, MAX_REQUEST), '', ['issuerCode'], ['graduationYear', 'diplomaType', 'pageSize', 'bookmark']);
  const issuerCode = v.issuerCode(req.issuerCode, 'issuerCode');
  const year = req.graduationYear === undefined ? undefined : v.integer(req.graduationYear, 'graduationYear', 1900, 9999);
  const type = req.diplomaType === undefined ? undefined : v.oneOf(req.diplomaType, 'diplomaType', DIPLOMA_TYPES);
  const { pageSize, bookmark } = v.page(req);

  const attrs = type === undefined ? [issuerCode] : [issuerCode, type];
  if (bookmark && !bookmark.startsWith(ctx.stub.createCompositeKey(OBJ.regno, attrs))) {
    fail('INVALID_ARGUMENT', 'bookmark: not a bookmark of this listing');
  }
  const store = new Store(ctx.stub);
  if (year === undefined) {
    const res = await store.page<RegisterIndexEntry>(OBJ.regno, attrs, pageSize, bookmark);
    const records = await loadAll(ctx, res.values);
    return { records, fetchedRecordsCount: records.length, bookmark: res.bookmark };
  }

  const records: Diploma[] = [];
  let cursor = bookmark;
  for (;;) {
    const chunk = await store.pageEntries<RegisterIndexEntry>(OBJ.regno, attrs, SCAN_CHUNK, cursor);
    for (const { key, value } of chunk.entries) {
      // Entries written before graduationYear was kept in the register value: read the diploma.
      const d = value.graduationYear === undefined ? await loadDiploma(ctx.stub, value.diplomaId) : null;
      if ((d ? d.graduationYear : value.graduationYear) !== year) continue;
      if (records.length === pageSize) return { records, fetchedRecordsCount: records.length, bookmark: key };
      records.push(d ?? (await loadDiploma(ctx.stub, value.diplomaId)));
    }
    if (!chunk.bookmark || chunk.entries.length < SCAN_CHUNK) return { records, fetchedRecordsCount: records.length, bookmark: '' };
    cursor = chunk.bookmark;
  }
}

async function loadAll(ctx: Context, entries: RegisterIndexEntry[]): Promise<Diploma[]> {
  const store = new Store(ctx.stub);
  const ids = entries.map((e) => v.diplomaId(e.diplomaId, 'diplomaId'));
  const found = await store.getMany<Diploma>(ids.map((id) => diplomaKey(ctx.stub, id.issuerCode, id.serialNumber)));
  return found.map((d, i) => d ?? fail('DIPLOMA_NOT_FOUND', `Diploma ${ids[i].id} does not exist`));
}
