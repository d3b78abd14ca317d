// VerifyHash's answer for a hash, built from the records the status index keeps, with the
// chaincode's own function. A hash whose diploma or issuer is missing is not a state the chaincode
// ever writes: that means the store is damaged, and it throws.
import { unknownHashAnswer, verifyAnswerOf } from '@vanbang/chaincode/verify-answer';
import type { LedgerVerifyResult } from '../ledger/verify-cache';
import type { IndexStore } from './index-store';

/** `mayAnswerFor(diplomaId)` false: the diploma is changing, and the caller asks VerifyHash (undefined). */
export function indexedAnswer(store: IndexStore, hash: string, mayAnswerFor: (diplomaId: string) => boolean = () => true): LedgerVerifyResult | undefined {
  const entry = store.hashEntry(hash);
  if (!entry) return unknownHashAnswer(hash);
  if (!mayAnswerFor(entry.diplomaId)) return undefined;
  const diploma = store.diploma(entry.diplomaId);
  const issuer = diploma && store.issuer(diploma.issuerCode);
  if (!diploma || !issuer) throw new Error(`hash ${hash} names ${entry.diplomaId}, whose ${diploma ? 'issuer' : 'record'} the index lacks`);
  const certificate = entry.signerFingerprint ? store.certificate(entry.signerFingerprint) ?? null : null;
  return verifyAnswerOf(hash, entry, diploma, issuer, certificate);
}
