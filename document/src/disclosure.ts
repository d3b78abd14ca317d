/**
 * Selective disclosure: a holder hides fields (e.g. ethnicity, personalIdNumber) by replacing each
 * salted value with its field hash. The document hash — and so the issuer's signature and the
 * ledger record — stay valid; a verifier sees which fields are hidden.
 */
import { computeFieldHash } from './field-hash';
import { DocumentValidationError, type DiplomaDocument, type SaltedField } from './document';
import { isFieldName, type FieldName } from './field-definitions';

/** Returns a copy of `doc` with the named fields hidden. Hiding an already hidden field is a no-op. */
export function hideFields<T extends DiplomaDocument>(doc: T, fieldNames: readonly string[]): T {
  const unknown = fieldNames.filter((name) => !isFieldName(name));
  if (unknown.length > 0) {
    throw new DocumentValidationError('cannot hide fields', unknown.map((name) => ({
      field: `/fields/${name}`, message: `"${name}" is not a field of the v1 diploma schema`,
    })));
  }
  const absent = (fieldNames as FieldName[]).filter((n) => doc.fields[n] === undefined && doc.hiddenFields[n] === undefined);
  if (absent.length > 0) {
    throw new DocumentValidationError('cannot hide fields', absent.map((name) => ({
      field: `/fields/${name}`, message: `${name} is not in this document`,
    })));
  }
  const fields: Partial<Record<FieldName, SaltedField>> = { ...doc.fields };
  const hiddenFields: Partial<Record<FieldName, string>> = { ...doc.hiddenFields };
  for (const name of fieldNames as FieldName[]) {
    const field = fields[name];
    if (field === undefined) continue;
    hiddenFields[name] = computeFieldHash(name, field.salt, field.value);
    delete fields[name];
  }
  return { ...doc, fields, hiddenFields };
}
