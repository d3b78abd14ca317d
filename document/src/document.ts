/**
 * The salted diploma document (the JSON a holder keeps and presents): its types, creation from
 * plain fields, parsing of untrusted input, and integrity verification.
 */
import { computeDocumentHash, hashFieldHashes, listFieldHashes } from './document-hash';
import { computeFieldHash } from './field-hash';
import {
  FIELD_NAMES, isFieldName, requiredFieldsFor, type DiplomaFields, type DiplomaType, type FieldName,
  type FieldValue,
} from './field-definitions';
import { normalizeNfc } from './normalize';
import { defaultRandomBytes, generateSalt, type RandomBytes } from './salt';
import {
  SCHEMA_VERSION, SIGNATURE_ALGORITHM, checkFieldConsistency, describeAjvErrors, validateDiplomaFields,
  validateDocumentEnvelope, validateFieldValues, type FieldError, type ValidationResult,
} from './schema';

export interface SaltedField {
  readonly salt: string;
  readonly value: FieldValue;
}

/** The issuer's signature over the document hash (see signature.ts and docs/hashing.md). */
export interface DocumentSignature {
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  /** Fabric MSP ID of the issuing organization, e.g. "HustMSP". */
  readonly mspId: string;
  /** PEM X.509 certificate of the signing identity (the Fabric CA enrollment certificate). */
  readonly certificatePem: string;
  /** ISO 8601 UTC time of signing, e.g. "2026-06-30T08:00:00.000Z". */
  readonly signedAt: string;
  /** Base64 of the DER-encoded ECDSA P-256 signature. */
  readonly value: string;
}

export interface DiplomaDocument {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  /** Disclosed fields: name → salt and value. */
  readonly fields: Readonly<Partial<Record<FieldName, SaltedField>>>;
  /** Hidden fields: name → field hash. */
  readonly hiddenFields: Readonly<Partial<Record<FieldName, string>>>;
  /** 64 lowercase hex digits; see docs/hashing.md. */
  readonly documentHash: string;
  readonly signature?: DocumentSignature;
}

export interface SignedDiplomaDocument extends DiplomaDocument {
  readonly signature: DocumentSignature;
}

export interface IntegrityResult {
  /** True when the document is well formed and its documentHash equals the recomputed hash. */
  readonly ok: boolean;
  /** The recomputed document hash ("" when the document is too malformed to hash). */
  readonly documentHash: string;
  readonly hiddenFields: string[];
  readonly problems: string[];
}

/** Thrown by functions that need valid input (createDocument, hideFields...). */
export class DocumentValidationError extends Error {
  constructor(message: string, readonly errors: readonly FieldError[]) {
    super(`${message}: ${errors.map((e) => `${e.field || '/'}: ${e.message}`).join('; ')}`);
    this.name = 'DocumentValidationError';
  }
}

/** Salts every present field, computes the document hash. Throws DocumentValidationError on invalid fields. */
export function createDocument(fields: DiplomaFields, opts: { randomBytes?: RandomBytes } = {}): DiplomaDocument {
  const normalized = normalizeNfc(fields as unknown as Record<string, FieldValue>);
  const validated = validateDiplomaFields(normalized);
  if (!validated.ok) throw new DocumentValidationError('invalid diploma fields', validated.errors);
  const randomBytes = opts.randomBytes ?? defaultRandomBytes;
  const salted: Partial<Record<FieldName, SaltedField>> = {};
  for (const name of FIELD_NAMES) {
    const value = validated.value[name];
    if (value !== undefined) salted[name] = { salt: generateSalt(randomBytes), value };
  }
  const unsigned = { schemaVersion: SCHEMA_VERSION, fields: salted, hiddenFields: {} } as const;
  return { ...unsigned, documentHash: computeDocumentHash(unsigned) };
}

/** The disclosed values of a document, as plain fields (hidden fields are absent). */
export function disclosedFields(doc: DiplomaDocument): Partial<DiplomaFields> {
  const out: Record<string, FieldValue> = {};
  for (const name of FIELD_NAMES) {
    const field = doc.fields[name];
    if (field !== undefined) out[name] = field.value;
  }
  return out as Partial<DiplomaFields>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks untrusted input (e.g. JSON.parse of a presented file) and returns it as a DiplomaDocument,
 * or readable errors: not an object, unknown schemaVersion, bad shape, missing salt, invalid values
 * (including the personal ID number), missing required fields, a field both disclosed and hidden.
 * It does not check documentHash (see verifyIntegrity) nor the signature (see verifySignature).
 */
export function parseDocument(input: unknown): ValidationResult<DiplomaDocument> {
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ field: '', message: 'a diploma document must be a JSON object' }] };
  }
  if (input['schemaVersion'] === undefined) {
    return { ok: false, errors: [{ field: '/schemaVersion', message: `schemaVersion is missing (expected "${SCHEMA_VERSION}")` }] };
  }
  if (input['schemaVersion'] !== SCHEMA_VERSION) {
    return {
      ok: false,
      errors: [{
        field: '/schemaVersion',
        message: `unknown schemaVersion ${JSON.stringify(input['schemaVersion'])}; this software understands "${SCHEMA_VERSION}"`,
      }],
    };
  }
  if (!validateDocumentEnvelope(input)) {
    return { ok: false, errors: describeAjvErrors(validateDocumentEnvelope.errors) };
  }
  const doc = input as unknown as DiplomaDocument;
  const errors: FieldError[] = [
    ...checkDisclosedValues(doc),
    ...checkFieldPresence(doc),
    ...checkDistinctSalts(doc),
  ];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: doc };
}

function checkDisclosedValues(doc: DiplomaDocument): FieldError[] {
  const values = disclosedFields(doc);
  const nfcValues = normalizeNfc(values as Record<string, FieldValue>) as Partial<DiplomaFields>;
  const toValuePointer = (e: FieldError): FieldError => {
    const name = e.field.split('/')[1] ?? '';
    return { field: isFieldName(name) ? `/fields/${name}/value` : e.field, message: e.message };
  };
  const schemaErrors = validateFieldValues(nfcValues, '').map(toValuePointer);
  if (schemaErrors.length > 0) return schemaErrors;
  return checkFieldConsistency(nfcValues).map(toValuePointer);
}

function checkFieldPresence(doc: DiplomaDocument): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of Object.keys(doc.hiddenFields)) {
    if (Object.prototype.hasOwnProperty.call(doc.fields, name)) {
      errors.push({ field: `/hiddenFields/${name}`, message: `${name} is both disclosed and hidden` });
    }
  }
  const diplomaType = doc.fields.diplomaType?.value as DiplomaType | undefined;
  for (const name of requiredFieldsFor(diplomaType)) {
    if (doc.fields[name] === undefined && doc.hiddenFields[name] === undefined) {
      errors.push({ field: `/fields/${name}`, message: `${name} is required (disclosed in fields or hidden in hiddenFields)` });
    }
  }
  return errors;
}

function checkDistinctSalts(doc: DiplomaDocument): FieldError[] {
  const seen = new Map<string, string>();
  const errors: FieldError[] = [];
  for (const [name, field] of Object.entries(doc.fields)) {
    if (field === undefined) continue;
    const other = seen.get(field.salt);
    if (other !== undefined) {
      errors.push({ field: `/fields/${name}/salt`, message: `${name} reuses the salt of ${other}; every field needs its own fresh salt` });
    }
    seen.set(field.salt, name);
  }
  return errors;
}

/** Names of the hidden fields, in schema order. */
export function hiddenFieldNames(doc: Pick<DiplomaDocument, 'hiddenFields'>): string[] {
  return FIELD_NAMES.filter((name) => doc.hiddenFields[name] !== undefined);
}

/**
 * Recomputes the document hash and compares it with the documentHash the document carries.
 * Accepts untrusted input: malformed documents are reported in `problems`, never thrown.
 */
export function verifyIntegrity(doc: unknown): IntegrityResult {
  const parsed = parseDocument(doc);
  const hashable = parsed.ok ? parsed.value : hashableOrUndefined(doc);
  const problems = parsed.ok ? [] : parsed.errors.map((e) => `${e.field || '/'}: ${e.message}`);
  if (hashable === undefined) return { ok: false, documentHash: '', hiddenFields: [], problems };
  const fieldHashes = listFieldHashes(hashable);
  const documentHash = hashFieldHashes(hashable.schemaVersion, fieldHashes);
  if (documentHash !== hashable.documentHash) {
    problems.push(`documentHash does not match the content: the document says ${hashable.documentHash}, the content hashes to ${documentHash}`);
  }
  if (new Set(fieldHashes).size !== fieldHashes.length) problems.push('two fields have the same field hash');
  return { ok: problems.length === 0, documentHash, hiddenFields: hiddenFieldNames(hashable), problems };
}

/** A document whose envelope is well formed enough to hash even though some values are invalid. */
function hashableOrUndefined(doc: unknown): DiplomaDocument | undefined {
  if (!isPlainObject(doc) || doc['schemaVersion'] !== SCHEMA_VERSION) return undefined;
  return validateDocumentEnvelope(doc) ? (doc as unknown as DiplomaDocument) : undefined;
}

/** Field hashes of a document by name (disclosed: computed; hidden: carried). */
export function fieldHashesByName(doc: DiplomaDocument): Partial<Record<FieldName, string>> {
  const out: Partial<Record<FieldName, string>> = {};
  for (const name of FIELD_NAMES) {
    const field = doc.fields[name];
    const hidden = doc.hiddenFields[name];
    if (field !== undefined) out[name] = computeFieldHash(name, field.salt, field.value);
    else if (hidden !== undefined) out[name] = hidden;
  }
  return out;
}
