/**
 * The document hash: SHA-256 over the RFC 8785 canonical JSON of
 * {"fieldHashes": <all field hashes, disclosed and hidden, sorted ascending>, "schemaVersion": <v>}.
 * Depends only on the set of field hashes, so hiding a field (keeping its hash) keeps it unchanged.
 */
import { canonicalJson } from './canonical-json';
import { computeFieldHash, sha256Hex } from './field-hash';
import type { JsonValue } from './normalize';

/** The salted content of a document, as the hash sees it. */
export interface HashableDocument {
  readonly schemaVersion: string;
  readonly fields: Readonly<Record<string, { readonly salt: string; readonly value: JsonValue } | undefined>>;
  readonly hiddenFields: Readonly<Record<string, string | undefined>>;
}

/** Every field hash of a document: computed for disclosed fields, as carried for hidden ones. */
export function listFieldHashes(doc: HashableDocument): string[] {
  const hashes: string[] = [];
  for (const [name, field] of Object.entries(doc.fields)) {
    if (field !== undefined) hashes.push(computeFieldHash(name, field.salt, field.value));
  }
  for (const hash of Object.values(doc.hiddenFields)) {
    if (hash !== undefined) hashes.push(hash);
  }
  return hashes;
}

/** The exact text hashed to produce the document hash. */
export function documentHashPreimage(schemaVersion: string, fieldHashes: readonly string[]): string {
  const sorted = [...fieldHashes].sort();
  return canonicalJson({ fieldHashes: sorted, schemaVersion: schemaVersion.normalize('NFC') });
}

export function hashFieldHashes(schemaVersion: string, fieldHashes: readonly string[]): string {
  return sha256Hex(documentHashPreimage(schemaVersion, fieldHashes));
}

/** Recomputes a document's hash from its salted fields and hidden field hashes. */
export function computeDocumentHash(doc: HashableDocument): string {
  return hashFieldHashes(doc.schemaVersion, listFieldHashes(doc));
}
