/**
 * Validation against document schema v1 (schema-definition.ts): a diploma's plain fields
 * (`validateDiplomaFields`), disclosed field values and the document envelope, with readable
 * messages. The validators are Ajv's, compiled ahead of time (validators.generated.ts).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validateCccd } from './cccd';
import { FIELD_LABELS_VI, type DiplomaFields, type FieldName } from './field-definitions';
import * as compiled from './validators.generated';

export {
  SCHEMA_VERSION, SCHEMA_ID, SIGNATURE_ALGORITHM, SALT_PATTERN, HASH_PATTERN, DIPLOMA_FIELDS_SCHEMA, DOCUMENT_JSON_SCHEMA,
  FIELD_VALUES_SCHEMA, isCalendarDate, fieldPropertySchemas, type JsonSchema,
} from './schema-definition';

export interface FieldError {
  /** JSON pointer of the offending value, e.g. "/personalIdNumber" or "/fields/sex/salt". */
  readonly field: string;
  readonly message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const validateFieldsSchema = compiled.validateDiplomaFields as ValidateFunction<DiplomaFields>;
const validateFieldValuesSchema = compiled.validateFieldValues as ValidateFunction;
export const validateDocumentEnvelope = compiled.validateDocumentEnvelope as ValidateFunction;

/** Turns Ajv errors into readable English messages with a JSON pointer each. */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined, pointerPrefix = ''): FieldError[] {
  const described: FieldError[] = [];
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue; // the failing then/else branch is reported by its "required"
    if (error.propertyName !== undefined) continue; // reported by the "propertyNames" error that follows
    const base = pointerPrefix + error.instancePath;
    const label = labelOf(base);
    switch (error.keyword) {
      case 'required': {
        const missing = String((error.params as { missingProperty: string }).missingProperty);
        described.push({ field: `${base}/${missing}`, message: `${missing}${labelOfName(missing)} is required` });
        break;
      }
      case 'additionalProperties': {
        const extra = String((error.params as { additionalProperty: string }).additionalProperty);
        described.push({ field: `${base}/${extra}`, message: `"${extra}" is not a known property here` });
        break;
      }
      case 'propertyNames': {
        const name = String((error.params as { propertyName: string }).propertyName);
        described.push({ field: `${base}/${name}`, message: `"${name}" is not a field of the v1 diploma schema` });
        break;
      }
      case 'format':
        described.push({ field: base, message: `${describePointer(base)}${label} must be a real date written YYYY-MM-DD` });
        break;
      case 'const':
      case 'enum': {
        const allowed = error.keyword === 'const'
          ? [(error.params as { allowedValue: unknown }).allowedValue]
          : (error.params as { allowedValues: unknown[] }).allowedValues;
        described.push({ field: base, message: `${describePointer(base)}${label} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` });
        break;
      }
      default:
        described.push({ field: base, message: `${describePointer(base)}${label} ${error.message ?? 'is invalid'}` });
    }
  }
  return dedupe(described);
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describePointer(pointer: string): string {
  return pointer === '' ? 'the document' : pointer.slice(1).split('/').join('.');
}

function labelOf(pointer: string): string {
  const last = pointer.split('/').pop() ?? '';
  return labelOfName(last);
}

function labelOfName(name: string): string {
  return Object.prototype.hasOwnProperty.call(FIELD_LABELS_VI, name)
    ? ` (${FIELD_LABELS_VI[name as FieldName]})`
    : '';
}

/**
 * Cross-field rules JSON Schema cannot express: the personal ID number agrees with sex and year of
 * birth, and dates are in a plausible order. Only checks fields that are present.
 */
export function checkFieldConsistency(fields: Partial<DiplomaFields>, pointerPrefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (fields.personalIdNumber !== undefined) {
    for (const message of validateCccd(fields.personalIdNumber, { sex: fields.sex, dateOfBirth: fields.dateOfBirth })) {
      errors.push({ field: `${pointerPrefix}/personalIdNumber`, message });
    }
  }
  if (fields.dateOfBirth !== undefined && fields.graduationDecisionDate !== undefined
    && fields.graduationDecisionDate <= fields.dateOfBirth) {
    errors.push({ field: `${pointerPrefix}/graduationDecisionDate`, message: 'graduation decision date must be after the date of birth' });
  }
  if (fields.graduationDecisionDate !== undefined && fields.dateOfSigning !== undefined
    && fields.dateOfSigning < fields.graduationDecisionDate) {
    errors.push({ field: `${pointerPrefix}/dateOfSigning`, message: 'date of signing must not be before the graduation decision date' });
  }
  return errors;
}

/** Validates a complete set of plain diploma fields (what an issuer submits). */
export function validateDiplomaFields(input: unknown): ValidationResult<DiplomaFields> {
  if (!validateFieldsSchema(input)) {
    return { ok: false, errors: describeAjvErrors(validateFieldsSchema.errors) };
  }
  const errors = checkFieldConsistency(input);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: input };
}

/** Validates a partial set of field values (e.g. those a document discloses). */
export function validateFieldValues(values: Record<string, unknown>, pointerPrefix: string): FieldError[] {
  if (validateFieldValuesSchema(values)) return [];
  return describeAjvErrors(validateFieldValuesSchema.errors, pointerPrefix);
}
