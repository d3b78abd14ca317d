/** Unicode normalization of JSON values: every string (values and object keys) to NFC. */

/** The JSON values a diploma may contain: no floats, no undefined. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Returns a copy of `value` with every string and every object key in Unicode NFC. */
export function normalizeNfc(value: JsonValue): JsonValue {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(normalizeNfc);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, inner] of Object.entries(value)) {
      const nfcKey = key.normalize('NFC');
      if (Object.prototype.hasOwnProperty.call(out, nfcKey)) {
        throw new Error(`two object keys have the same NFC form "${nfcKey}"`);
      }
      out[nfcKey] = normalizeNfc(inner);
    }
    return out;
  }
  return value;
}
