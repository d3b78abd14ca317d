// The signed documents kept on the diploma records, without the signer's certificate: it is the
// same for every document an identity signs (about 1 KB of a 4.3 KB record), so it is stored once
// in `certificates`, named by its SHA-256, and put back when a document is read. A certificate is
// written before any record that names it, and never changes (its id is its hash), so every
// gateway process can cache them for good.
import { createHash } from 'node:crypto';
import type { SignedDiplomaDocument } from '@vanbang/document';
import { isDuplicateKey, retryBusy } from '../errors/database-errors';
import { collections } from '../models/collections';
import type { DiplomaRecord, StoredDiplomaDocument } from '../models/records';

const known = new Map<string, string>(); // certificate id → PEM

/** The id of a certificate in `certificates` (the SHA-256 of its PEM). */
export function certificateIdOf(pem: string): string {
  return createHash('sha256').update(pem, 'utf8').digest('hex');
}

/** Stores `pem` (once) and returns its id. */
export async function ensureCertificate(pem: string): Promise<string> {
  const id = certificateIdOf(pem);
  if (known.has(id)) return id;
  try {
    await retryBusy(() => collections.certificates().insertOne({ _id: id, pem, createdAt: new Date() }));
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // stored already (by an earlier run or another process)
  }
  known.set(id, pem);
  return id;
}

/** The document as a record keeps it; `certificateId` is what ensureCertificate returned for its certificate. */
export function storedDocument(doc: SignedDiplomaDocument, certificateId: string): StoredDiplomaDocument {
  const { certificatePem, ...signature } = doc.signature;
  if (known.get(certificateId) !== certificatePem) throw new Error('storedDocument: the certificate id is not the one of this document');
  return { ...doc, signature: { ...signature, certificateId } };
}

/** Stores the document's certificate, then gives the document as a record keeps it. */
export async function toStoredDocument(doc: SignedDiplomaDocument): Promise<StoredDiplomaDocument> {
  return storedDocument(doc, await ensureCertificate(doc.signature.certificatePem));
}

/** The stored document of the record's current version (null for versions made outside this gateway). */
export function currentStoredDocument(record: DiplomaRecord): StoredDiplomaDocument | null {
  return record.versions.find((v) => v.documentHash === record.currentHash)?.document ?? null;
}

/** The signed document a stored one stands for (documents stored whole are returned as they are). */
export async function fullDocument(stored: StoredDiplomaDocument): Promise<SignedDiplomaDocument> {
  const { certificateId, ...signature } = stored.signature;
  if (certificateId === undefined) return stored as SignedDiplomaDocument;
  let pem = known.get(certificateId);
  if (pem === undefined) {
    const found = await collections.certificates().findOne({ _id: certificateId });
    if (!found) throw new Error(`certificate ${certificateId} of a stored document is missing from the certificates collection`);
    pem = found.pem;
    known.set(certificateId, pem);
  }
  // certificatePem back in its place (signature key order as the signer wrote it).
  const { algorithm, mspId, signedAt, value } = signature;
  return { ...stored, signature: { algorithm, mspId, certificatePem: pem, signedAt, value } } as SignedDiplomaDocument;
}
