/**
 * Writes the hashing test vectors (document/test/vectors/*.json). Run once when the spec gains a
 * vector: `npx tsx document/test/vectors/generate-vectors.ts`. Existing vectors must never change:
 * hashing.test.ts checks the implementation against the committed files, and check_vectors.py
 * re-derives them independently from docs/hashing.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex, fieldHashPreimage } from '../../src/field-hash';
import { documentHashPreimage, listFieldHashes } from '../../src/document-hash';
import { createDocument, fieldHashesByName, type DiplomaDocument } from '../../src/document';
import { hideFields } from '../../src/disclosure';
import { BACHELOR, UPPER_SECONDARY } from '../fixtures';

/** Salts derived from a label, so the vectors are reproducible. */
function labelledRandomBytes(label: string): (n: number) => Uint8Array {
  let i = 0;
  return (n) => {
    const hex = sha256Hex(`${label}:${i++}`);
    return Uint8Array.from({ length: n }, (_, k) => parseInt(hex.slice(2 * k, 2 * k + 2), 16));
  };
}

function vector(description: string, document: DiplomaDocument): object {
  const preimages: Record<string, string> = {};
  for (const [name, field] of Object.entries(document.fields)) {
    if (field !== undefined) preimages[name] = fieldHashPreimage(name, field.salt, field.value);
  }
  return {
    description,
    document,
    expected: {
      fieldHashPreimages: preimages,
      fieldHashes: fieldHashesByName(document),
      documentHashPreimage: documentHashPreimage(document.schemaVersion, listFieldHashes(document)),
      documentHash: document.documentHash,
    },
  };
}

function nfdDeep<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).normalize('NFD')) as T;
}

const bachelor = createDocument(BACHELOR, { randomBytes: labelledRandomBytes('bachelor') });
const upperSecondary = createDocument(UPPER_SECONDARY, { randomBytes: labelledRandomBytes('thpt') });
const reversedKeys = (doc: DiplomaDocument): DiplomaDocument => ({
  ...doc,
  fields: Object.fromEntries(Object.entries(doc.fields).reverse()),
});

const vectors: Record<string, object> = {
  '01-bachelor.json': vector('Bachelor degree, all fields disclosed, strings in NFC', bachelor),
  '02-bachelor-nfd-reordered.json': vector(
    'Same document as 01 with every string in NFD and the fields in reverse order: same hashes as 01',
    nfdDeep(reversedKeys(bachelor)),
  ),
  '03-bachelor-hidden.json': vector(
    'Document 01 with ethnicity and personalIdNumber hidden: same document hash as 01',
    hideFields(bachelor, ['ethnicity', 'personalIdNumber']),
  ),
  '04-upper-secondary.json': vector('Upper-secondary (THPT) diploma, all fields disclosed', upperSecondary),
};

for (const [file, content] of Object.entries(vectors)) {
  writeFileSync(join(__dirname, file), `${JSON.stringify(content, null, 2)}\n`);
}
console.log(`wrote ${Object.keys(vectors).length} vectors`);
