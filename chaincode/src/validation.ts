/**
 * Argument parsing. Requests arrive as one JSON string; everything is checked here before any
 * state is read: exact key sets (unknown fields are refused, so personal data cannot slip in
 * under a new name), formats, lengths and enums.
 */
import { fail } from './errors';
import { Decision, DOCUMENT_FIELD_NAMES } from './model';

export type Json = Record<string, unknown>;

export const ISSUER_CODE_RE = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;
export const SERIAL_RE = /^[A-Z0-9/.-]{1,32}$/;
export const REGISTER_NUMBER_RE = /^[A-Z0-9/.-]{1,32}$/;
export const HASH_RE = /^[0-9a-f]{64}$/;
export const MSP_RE = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECISION_NUMBER_RE = /^[\p{L}\p{N}][\p{L}\p{N}\p{M} /._-]{0,63}$/u;
const BOOKMARK_MAX = 1024;

/**
 * Field names that would carry personal data (Law 91/2025 on personal data protection). Compared
 * after lower-casing and removing '_' and '-', so "full_name" and "FullName" are caught too.
 */
const PERSONAL_DATA_KEYS = new Set(
  [
    'fullName', 'firstName', 'lastName', 'middleName', 'holderName', 'studentName', 'dateOfBirth',
    'birthDate', 'birthday', 'dob', 'placeOfBirth', 'birthPlace', 'sex', 'gender', 'ethnicity',
    'nationality', 'personalIdNumber', 'citizenId', 'citizenIdNumber', 'cccd', 'cmnd', 'idNumber',
    'nationalId', 'lifelongLearningCode', 'email', 'phone', 'phoneNumber', 'address',
  ].map(normaliseKey),
);

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

export function isPersonalDataKey(key: string): boolean {
  return PERSONAL_DATA_KEYS.has(normaliseKey(key));
}

/** Recursively refuses personal-data keys anywhere in a request. */
function rejectPersonalData(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => rejectPersonalData(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (isPersonalDataKey(k)) {
        fail('PERSONAL_DATA_FORBIDDEN', `${path ? `${path}.` : ''}${k}: personal data never goes on the ledger`);
      }
      rejectPersonalData(v, path ? `${path}.${k}` : k);
    }
  }
}

/** Parses the single JSON-object argument of a transaction. */
export function parseRequest(raw: string, maxBytes: number, tooLarge: 'INVALID_ARGUMENT' | 'BATCH_TOO_LARGE' = 'INVALID_ARGUMENT'): Json {
  if (typeof raw !== 'string') fail('INVALID_ARGUMENT', 'the argument must be a JSON string');
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) fail(tooLarge, `request larger than ${maxBytes} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    fail('INVALID_ARGUMENT', 'the argument is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    fail('INVALID_ARGUMENT', 'the argument must be a JSON object');
  }
  rejectPersonalData(parsed, '');
  return parsed as Json;
}

function label(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Checks an object's key set: every required key present, nothing outside required ∪ optional. */
export function expectObject(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail('INVALID_ARGUMENT', `${path || 'request'}: must be an object`);
  }
  const obj = value as Json;
  for (const key of Object.keys(obj)) {
    if (!required.includes(key) && !optional.includes(key)) {
      fail('INVALID_ARGUMENT', `${label(path, key)}: unknown field`);
    }
  }
  for (const key of required) {
    if (obj[key] === undefined) fail('INVALID_ARGUMENT', `${label(path, key)}: required`);
  }
  return obj;
}

export function matchString(value: unknown, name: string, re: RegExp, what: string): string {
  if (typeof value !== 'string' || !re.test(value)) fail('INVALID_ARGUMENT', `${name}: must be ${what}`);
  return value;
}

export const issuerCode = (v: unknown, name: string): string =>
  matchString(v, name, ISSUER_CODE_RE, 'an issuer code (^[A-Z0-9][A-Z0-9_-]{1,31}$)');
export const serialNumber = (v: unknown, name: string): string =>
  matchString(v, name, SERIAL_RE, 'a serial number (1-32 of [A-Z0-9/.-])');
export const registerNumber = (v: unknown, name: string): string =>
  matchString(v, name, REGISTER_NUMBER_RE, 'a register entry number (1-32 of [A-Z0-9/.-])');
export const documentHash = (v: unknown, name: string): string =>
  matchString(v, name, HASH_RE, 'a SHA-256 hash as 64 lowercase hex characters');
export const mspId = (v: unknown, name: string): string =>
  matchString(v, name, MSP_RE, 'an MSP ID');

/** A diploma id "<issuerCode>:<serialNumber>", split into its parts. */
export function diplomaId(v: unknown, name: string): { issuerCode: string; serialNumber: string; id: string } {
  if (typeof v !== 'string') fail('INVALID_ARGUMENT', `${name}: must be a diploma id <issuerCode>:<serialNumber>`);
  const sep = v.indexOf(':');
  if (sep < 0) fail('INVALID_ARGUMENT', `${name}: must be a diploma id <issuerCode>:<serialNumber>`);
  return { issuerCode: issuerCode(v.slice(0, sep), name), serialNumber: serialNumber(v.slice(sep + 1), name), id: v };
}

export function oneOf<T extends string>(v: unknown, name: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    fail('INVALID_ARGUMENT', `${name}: must be one of ${values.join(', ')}`);
  }
  return v as T;
}

export function integer(v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail('INVALID_ARGUMENT', `${name}: must be an integer in ${min}..${max}`);
  }
  return v;
}

/**
 * A calendar date "YYYY-MM-DD". `latest` (the transaction date) bounds it: a decision or a
 * signature cannot be dated after the transaction that records it. One day of slack absorbs the
 * difference between Vietnam's local date (UTC+7) and the UTC transaction date.
 */
export function date(v: unknown, name: string, latest?: string): string {
  const m = typeof v === 'string' ? DATE_RE.exec(v) : null;
  if (!m) fail('INVALID_ARGUMENT', `${name}: must be a date YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (y < 1900 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    fail('INVALID_ARGUMENT', `${name}: ${String(v)} is not a calendar date`);
  }
  if (latest !== undefined && t > Date.parse(`${latest}T00:00:00Z`) + 86_400_000) {
    fail('INVALID_ARGUMENT', `${name}: ${String(v)} is in the future`);
  }
  return v as string;
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant "YYYY-MM-DDThh:mm[:ss[.fff]]" with Z or an offset, returned as ISO-8601 UTC with
 * milliseconds (the form of every timestamp on the ledger). `latest` (the transaction time)
 * bounds it: an instant reported by a person cannot lie after the transaction that records it.
 */
export function timestamp(v: unknown, name: string, latest: string): string {
  const m = typeof v === 'string' ? TIMESTAMP_RE.exec(v) : null;
  if (!m) fail('INVALID_ARGUMENT', `${name}: must be a time YYYY-MM-DDThh:mm:ss.sssZ`);
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  // Date.parse rolls 30 February over into March: check the calendar and the clock as written.
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) {
    fail('INVALID_ARGUMENT', `${name}: ${String(v)} is not a calendar date and time`);
  }
  if (y < 1900) fail('INVALID_ARGUMENT', `${name}: ${String(v)} is before 1900`);
  const millis = Date.parse(v as string);
  const iso = new Date(millis).toISOString();
  if (iso > latest) fail('INVALID_ARGUMENT', `${name}: ${String(v)} is in the future (transaction time ${latest})`);
  return iso;
}

export function decision(v: unknown, name: string, latest: string): Decision {
  const obj = expectObject(v, name, ['number', 'date']);
  return {
    number: matchString(obj.number, `${name}.number`, DECISION_NUMBER_RE, 'a decision number (1-64 letters, digits, space, / . - _)'),
    date: date(obj.date, `${name}.date`, latest),
  };
}

/** A non-empty list of distinct enum values, returned sorted (canonical). */
export function enumList<T extends string>(v: unknown, name: string, values: readonly T[], maxLen: number): T[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > maxLen) {
    fail('INVALID_ARGUMENT', `${name}: must be a list of 1..${maxLen} values`);
  }
  const out = v.map((x, i) => oneOf(x, `${name}[${i}]`, values));
  if (new Set(out).size !== out.length) fail('INVALID_ARGUMENT', `${name}: values must be distinct`);
  return [...out].sort();
}

export function changedFields(v: unknown, name: string): string[] {
  return enumList(v, name, DOCUMENT_FIELD_NAMES, DOCUMENT_FIELD_NAMES.length);
}

/** A human-readable institution name; NFC so that NFD input stores the same bytes. */
export function text(v: unknown, name: string, maxLen: number): string {
  if (typeof v !== 'string') fail('INVALID_ARGUMENT', `${name}: must be a string`);
  const s = v.normalize('NFC').trim();
  if (s.length === 0 || s.length > maxLen) fail('INVALID_ARGUMENT', `${name}: must be 1..${maxLen} characters`);
  if (/[\p{Cc}]/u.test(s)) fail('INVALID_ARGUMENT', `${name}: control characters are not allowed`);
  return s;
}

export interface Page {
  pageSize: number;
  bookmark: string;
}

export function page(obj: Json): Page {
  const pageSize = obj.pageSize === undefined ? 50 : integer(obj.pageSize, 'pageSize', 1, 200);
  let bookmark = '';
  if (obj.bookmark !== undefined) {
    if (typeof obj.bookmark !== 'string' || obj.bookmark.length > BOOKMARK_MAX) {
      fail('INVALID_ARGUMENT', `bookmark: must be a string of at most ${BOOKMARK_MAX} characters`);
    }
    bookmark = obj.bookmark;
  }
  return { pageSize, bookmark };
}
