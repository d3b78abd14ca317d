/**
 * Document schema v1 as JSON Schema (draft-07), with each field's Vietnamese label as its `title`:
 * pure data, published as docs/document-schema.v1.json. Its validators are compiled ahead of time
 * (validators.generated.ts, see validators-codegen.ts) so that no code is generated at run time: a
 * browser page under a Content-Security-Policy without 'unsafe-eval' can validate too.
 */
import {
  CLASSIFICATIONS, DIPLOMA_TYPES, FIELD_LABELS_VI, FIELD_NAMES, MODES_OF_STUDY, SEXES,
  HIGHER_EDUCATION_REQUIRED_FIELDS, UPPER_SECONDARY_REQUIRED_FIELDS, requiredFieldsFor,
  type FieldName,
} from './field-definitions';

export const SCHEMA_VERSION = 'vanbang-diploma-v1';
export const SCHEMA_ID = 'https://vanbang.moet.gov.vn/schemas/document-schema.v1.json';
export const SIGNATURE_ALGORITHM = 'ECDSA-P256-SHA256';
export const SALT_PATTERN = '^[0-9a-f]{32}$';
export const HASH_PATTERN = '^[0-9a-f]{64}$';

export type JsonSchema = { readonly [key: string]: unknown };

const text = (maxLength: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength, pattern: '\\S' });
const calendarDate: JsonSchema = { type: 'string', format: 'calendar-date' };
const registerCode: JsonSchema = { type: 'string', pattern: '^[A-Z0-9/.-]{1,32}$' };

/** JSON Schema of each field's value (without its label). */
const FIELD_VALUE_SCHEMAS: Readonly<Record<FieldName, JsonSchema>> = {
  fullName: text(100),
  dateOfBirth: calendarDate,
  placeOfBirth: text(200),
  sex: { type: 'string', enum: SEXES },
  ethnicity: text(50),
  nationality: text(100),
  personalIdNumber: { type: 'string', pattern: '^[0-9]{12}$' },
  lifelongLearningCode: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9-]{0,39}$' },
  diplomaType: { type: 'string', enum: DIPLOMA_TYPES },
  discipline: text(200),
  classification: { type: 'string', enum: CLASSIFICATIONS },
  modeOfStudy: { type: 'string', enum: MODES_OF_STUDY },
  graduationYear: { type: 'integer', minimum: 1900, maximum: 2199 },
  graduationDecisionNumber: text(64),
  graduationDecisionDate: calendarDate,
  issuerCode: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9_-]{1,31}$' },
  issuerName: text(200),
  signerName: text(100),
  signerTitle: text(100),
  placeOfSigning: text(100),
  dateOfSigning: calendarDate,
  serialNumber: registerCode,
  registerEntryNumber: registerCode,
  school: text(200),
  examSession: text(100),
};

const FIELD_DESCRIPTIONS_EN: Readonly<Record<FieldName, string>> = {
  fullName: 'Full name of the holder',
  dateOfBirth: 'Date of birth (YYYY-MM-DD)',
  placeOfBirth: 'Place of birth',
  sex: 'Sex: MALE (Nam) or FEMALE (Nữ)',
  ethnicity: 'Ethnicity (sensitive personal data)',
  nationality: 'Nationality',
  personalIdNumber: 'Personal ID number (CCCD), 12 digits: province code, century/sex digit, birth year, 6 random digits',
  lifelongLearningCode: 'Lifelong learning record code (Decree 88/2026), optional',
  diplomaType: 'Diploma type code',
  discipline: 'Discipline (required for higher-education diplomas)',
  classification: 'Graduation classification code',
  modeOfStudy: 'Mode of study code',
  graduationYear: 'Graduation year',
  graduationDecisionNumber: 'Number of the graduation decision',
  graduationDecisionDate: 'Date of the graduation decision (YYYY-MM-DD)',
  issuerCode: 'Code of the issuing institution',
  issuerName: 'Name of the issuing institution',
  signerName: 'Name of the person who signs the diploma',
  signerTitle: 'Title of the person who signs the diploma',
  placeOfSigning: 'Place of signing',
  dateOfSigning: 'Date of signing (YYYY-MM-DD)',
  serialNumber: 'Serial number (số hiệu), up to 32 of A-Z 0-9 / . -',
  registerEntryNumber: 'Register entry number (số vào sổ), up to 32 of A-Z 0-9 / . -',
  school: 'Upper-secondary school (THPT diplomas only)',
  examSession: 'Exam session (THPT diplomas only)',
};

export function fieldPropertySchemas(): Record<FieldName, JsonSchema> {
  const entries = FIELD_NAMES.map((name) => [
    name,
    { title: FIELD_LABELS_VI[name], description: FIELD_DESCRIPTIONS_EN[name], ...FIELD_VALUE_SCHEMAS[name] },
  ]);
  return Object.fromEntries(entries) as Record<FieldName, JsonSchema>;
}

/** The v1 plain-fields schema: what an issuer submits before salting. */
export const DIPLOMA_FIELDS_SCHEMA: JsonSchema = {
  title: 'Nội dung văn bằng (v1)',
  description: 'The fields of a v1 diploma, before salting',
  type: 'object',
  additionalProperties: false,
  required: [...requiredFieldsFor(undefined)],
  properties: fieldPropertySchemas(),
  if: { properties: { diplomaType: { const: 'THPT' } }, required: ['diplomaType'] },
  then: { required: [...UPPER_SECONDARY_REQUIRED_FIELDS] },
  else: { required: [...HIGHER_EDUCATION_REQUIRED_FIELDS] },
};

/** The complete published JSON Schema: the salted document, with the plain fields in $defs. */
export const DOCUMENT_JSON_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: SCHEMA_ID,
  title: 'Văn bằng số (vanbang-diploma-v1)',
  description:
    'A salted, hashable, optionally signed digital diploma. See docs/hashing.md for how documentHash is computed.',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'fields', 'hiddenFields', 'documentHash'],
  properties: {
    schemaVersion: { title: 'Phiên bản lược đồ', const: SCHEMA_VERSION },
    fields: {
      title: 'Các trường được công bố',
      description: 'Disclosed fields: field name -> { salt, value }',
      type: 'object',
      propertyNames: { enum: FIELD_NAMES },
      additionalProperties: { $ref: '#/definitions/SaltedField' },
    },
    hiddenFields: {
      title: 'Các trường bị ẩn',
      description: 'Hidden fields: field name -> field hash',
      type: 'object',
      propertyNames: { enum: FIELD_NAMES },
      additionalProperties: { $ref: '#/definitions/Hash' },
    },
    documentHash: { title: 'Mã băm văn bằng', $ref: '#/definitions/Hash' },
    signature: { $ref: '#/definitions/Signature' },
  },
  definitions: {
    Hash: { type: 'string', pattern: HASH_PATTERN },
    SaltedField: {
      type: 'object',
      additionalProperties: false,
      required: ['salt', 'value'],
      properties: {
        salt: { title: 'Muối', description: '128-bit random salt, 32 lowercase hex digits', type: 'string', pattern: SALT_PATTERN },
        value: { title: 'Giá trị', type: ['string', 'integer'] },
      },
    },
    Signature: {
      title: 'Chữ ký số của cơ sở cấp văn bằng',
      type: 'object',
      additionalProperties: false,
      required: ['algorithm', 'mspId', 'certificatePem', 'signedAt', 'value'],
      properties: {
        algorithm: { const: SIGNATURE_ALGORITHM },
        mspId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
        certificatePem: { type: 'string', minLength: 1, maxLength: 20000 },
        signedAt: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$' },
        value: { description: 'base64 of the DER-encoded ECDSA signature', type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 400 },
      },
    },
    DiplomaFields: DIPLOMA_FIELDS_SCHEMA,
  },
};

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The disclosed field values of a document: every field optional, no conditionals. */
export const FIELD_VALUES_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: fieldPropertySchemas(),
};
