import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { canonicalJson } from '../src/canonical-json';
import { createDocument, fieldHashesByName, verifyIntegrity, type DiplomaDocument } from '../src/document';
import { computeDocumentHash, documentHashPreimage, listFieldHashes } from '../src/document-hash';
import { hideFields } from '../src/disclosure';
import { computeFieldHash, fieldHashPreimage, portableSha256Hex, sha256Hex } from '../src/field-hash';
import { FIELD_NAMES, type FieldName } from '../src/field-definitions';
import { defaultRandomBytes, generateSalt } from '../src/salt';
import { BACHELOR, UPPER_SECONDARY, counterRandomBytes } from './fixtures';

const VECTOR_DIR = join(__dirname, 'vectors');
interface Vector {
  description: string;
  document: DiplomaDocument;
  expected: {
    fieldHashPreimages: Record<string, string>;
    fieldHashes: Record<string, string>;
    documentHashPreimage: string;
    documentHash: string;
  };
}
const vectors: [string, Vector][] = readdirSync(VECTOR_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(VECTOR_DIR, f), 'utf8')) as Vector]);

const presentFields = (doc: DiplomaDocument): FieldName[] => FIELD_NAMES.filter((n) => doc.fields[n] !== undefined);
const saltArb = fc.uint8Array({ minLength: 16, maxLength: 16 });
const docArb = fc.tuple(fc.constantFrom(BACHELOR, UPPER_SECONDARY), fc.array(saltArb, { minLength: 25, maxLength: 25 }))
  .map(([fields, salts]) => {
    let i = 0;
    return createDocument(fields, { randomBytes: () => salts[i++ % salts.length] as Uint8Array });
  })
  .filter((doc) => new Set(Object.values(doc.fields).map((f) => f?.salt)).size === presentFields(doc).length);

/** Strings that mix letters carrying Vietnamese diacritics (which have distinct NFC and NFD forms). */
const vietnameseText = fc.array(fc.constantFrom(...'aăâeêioôơuưyđĐàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ NguyễnThị'.split('')), { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join('').normalize('NFC'));

describe('test vectors (document/test/vectors)', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(4);
  });
  it.each(vectors)('%s: every field hash, the preimages and the document hash match', (_file, vector) => {
    const doc = vector.document;
    for (const [name, field] of Object.entries(doc.fields)) {
      if (field === undefined) continue;
      expect(fieldHashPreimage(name, field.salt, field.value)).toBe(vector.expected.fieldHashPreimages[name]);
      expect(computeFieldHash(name, field.salt, field.value)).toBe(vector.expected.fieldHashes[name]);
    }
    expect(fieldHashesByName(doc)).toEqual(vector.expected.fieldHashes);
    expect(documentHashPreimage(doc.schemaVersion, listFieldHashes(doc))).toBe(vector.expected.documentHashPreimage);
    expect(computeDocumentHash(doc)).toBe(vector.expected.documentHash);
    expect(verifyIntegrity(doc)).toMatchObject({ ok: true, documentHash: vector.expected.documentHash, problems: [] });
  });
  it('the NFD/reordered and the hidden-field vectors share the hash of the original', () => {
    const byFile = Object.fromEntries(vectors);
    const original = byFile['01-bachelor.json']?.expected.documentHash;
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    expect(byFile['02-bachelor-nfd-reordered.json']?.expected.documentHash).toBe(original);
    expect(byFile['03-bachelor-hidden.json']?.expected.documentHash).toBe(original);
    expect(byFile['02-bachelor-nfd-reordered.json']?.document.fields.fullName?.value).not.toBe(BACHELOR.fullName);
  });
});

describe('canonical JSON (RFC 8785 subset)', () => {
  it('sorts keys by UTF-16 code units and removes whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], é: 'é', Z: {} })).toBe('{"Z":{},"a":[true,null,"x"],"b":1,"é":"é"}');
  });
  it('escapes as ECMAScript JSON.stringify does', () => {
    expect(canonicalJson('a"b\\c\n\u0001€')).toBe('"a\\"b\\\\c\\n\\u0001€"');
  });
  it('rejects values outside the diploma domain', () => {
    expect(() => canonicalJson(1.5)).toThrow(/integers/);
    expect(() => canonicalJson(2 ** 60)).toThrow(/integers/);
    expect(() => canonicalJson({ d: new Date(0) } as never)).toThrow(/plain objects/);
  });
});

describe('salts', () => {
  it('are 128 bits of CSPRNG output, 32 lowercase hex digits, fresh each time', () => {
    const salts = new Set(Array.from({ length: 200 }, () => generateSalt()));
    expect(salts.size).toBe(200);
    for (const salt of salts) expect(salt).toMatch(/^[0-9a-f]{32}$/);
  });
  it('createDocument gives every field its own salt and a 64-hex documentHash', () => {
    const doc = createDocument(BACHELOR);
    const salts = Object.values(doc.fields).map((f) => f?.salt);
    expect(new Set(salts).size).toBe(presentFields(doc).length);
    expect(doc.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(createDocument(BACHELOR).documentHash).not.toBe(doc.documentHash);
  });
  it('rejects a random source that returns the wrong number of bytes', () => {
    expect(() => createDocument(BACHELOR, { randomBytes: () => new Uint8Array(8) })).toThrow(/expected 16/);
  });
  it('come from a pool that is refilled, never handing out the same bytes twice', () => {
    // 2,000 salts of 16 bytes run through the 4 KB pool about eight times.
    const salts = Array.from({ length: 2000 }, () => generateSalt());
    expect(new Set(salts).size).toBe(2000);
    const big = defaultRandomBytes(10_000); // larger than the pool: drawn directly
    expect(big).toHaveLength(10_000);
    expect(new Set(big).size).toBeGreaterThan(200); // not a zero-filled or constant buffer
    const a = defaultRandomBytes(16);
    const b = defaultRandomBytes(16);
    a.fill(0); // what a caller does with its copy cannot change what the pool hands out next
    expect(Buffer.from(b).equals(Buffer.alloc(16))).toBe(false);
  });
});

describe('SHA-256', () => {
  it('the native SHA-256 used on Node gives exactly the portable (@noble/hashes) digest', () => {
    const texts = ['', 'abc', 'Nguyễn Văn An', 'Nguye\u0302\u0303n', '{"name":"fullName","salt":"00","value":"Trần Thị Hoa"}', 'x'.repeat(100_000), '😀 \u0000 \uffff'];
    for (const t of texts) expect(sha256Hex(t)).toBe(portableSha256Hex(t));
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('agrees with the portable digest on any string (fast-check)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (t) => sha256Hex(t) === portableSha256Hex(t)), { numRuns: 500 });
  });
});

describe('hash properties (fast-check)', () => {
  it('any key order of the document gives the same hash', () => {
    fc.assert(fc.property(docArb, fc.array(fc.nat(), { minLength: 25, maxLength: 25 }), (doc, order) => {
      const entries = Object.entries(doc.fields).map((e, i) => ({ e, k: order[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.e);
      const shuffled = JSON.parse(JSON.stringify({
        documentHash: doc.documentHash,
        hiddenFields: doc.hiddenFields,
        fields: Object.fromEntries(entries.map(([n, f]) => [n, { value: f?.value, salt: f?.salt }])),
        schemaVersion: doc.schemaVersion,
      })) as DiplomaDocument;
      expect(computeDocumentHash(shuffled)).toBe(doc.documentHash);
    }), { numRuns: 50 });
  });

  it('NFC and NFD spellings of the same values give the same hash', () => {
    fc.assert(fc.property(docArb, vietnameseText, vietnameseText, (doc, name, place) => {
      const nfc = { ...doc, fields: { ...doc.fields, fullName: { salt: doc.fields.fullName?.salt ?? '', value: name }, placeOfBirth: { salt: doc.fields.placeOfBirth?.salt ?? '', value: place } } };
      const nfd = JSON.parse(JSON.stringify(nfc).normalize('NFD')) as DiplomaDocument;
      expect(computeDocumentHash(nfd)).toBe(computeDocumentHash(nfc));
    }), { numRuns: 100 });
    expect('Nguyễn'.normalize('NFD')).not.toBe('Nguyễn'.normalize('NFC'));
  });

  it('changing any single value changes the hash', () => {
    fc.assert(fc.property(docArb, fc.nat(), fc.oneof(vietnameseText, fc.string({ minLength: 1 }), fc.integer()), (doc, pick, newValue) => {
      const names = presentFields(doc);
      const name = names[pick % names.length] as FieldName;
      const field = doc.fields[name];
      if (field === undefined) throw new Error('unreachable');
      fc.pre(typeof newValue !== typeof field.value || String(newValue).normalize('NFC') !== String(field.value).normalize('NFC'));
      const changed = { ...doc, fields: { ...doc.fields, [name]: { ...field, value: newValue } } };
      expect(computeDocumentHash(changed)).not.toBe(doc.documentHash);
    }), { numRuns: 200 });
  });

  it('changing any single salt changes the hash', () => {
    fc.assert(fc.property(docArb, fc.nat(), saltArb, (doc, pick, bytes) => {
      const names = presentFields(doc);
      const name = names[pick % names.length] as FieldName;
      const field = doc.fields[name];
      const salt = Buffer.from(bytes).toString('hex');
      fc.pre(field !== undefined && salt !== field.salt);
      const changed = { ...doc, fields: { ...doc.fields, [name]: { ...field, salt } } };
      expect(computeDocumentHash(changed)).not.toBe(doc.documentHash);
    }), { numRuns: 200 });
  });

  it('moving a value to another field (same salt) changes the hash: the name is hashed', () => {
    const doc = createDocument(BACHELOR, { randomBytes: counterRandomBytes() });
    const { placeOfBirth, placeOfSigning } = doc.fields;
    if (placeOfBirth === undefined || placeOfSigning === undefined) throw new Error('fixture');
    expect(placeOfBirth.value).toBe(placeOfSigning.value);
    const swapped = { ...doc, fields: { ...doc.fields, placeOfBirth: placeOfSigning, placeOfSigning: placeOfBirth } };
    expect(computeDocumentHash(swapped)).not.toBe(doc.documentHash);
  });

  it('hiding any subset of fields keeps the hash and lists the hidden fields', () => {
    fc.assert(fc.property(docArb, fc.subarray([...FIELD_NAMES]), (doc, subset) => {
      const toHide = subset.filter((n) => doc.fields[n] !== undefined);
      const hidden = hideFields(doc, toHide);
      expect(computeDocumentHash(hidden)).toBe(doc.documentHash);
      const integrity = verifyIntegrity(hidden);
      expect(integrity.ok).toBe(true);
      expect(integrity.documentHash).toBe(doc.documentHash);
      expect([...integrity.hiddenFields].sort()).toEqual([...toHide].sort());
      for (const name of toHide) expect(hidden.fields[name]).toBeUndefined();
    }), { numRuns: 100 });
  });
});
