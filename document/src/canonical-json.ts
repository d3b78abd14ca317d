/**
 * RFC 8785 (JSON Canonicalization Scheme) for the value domain of a diploma: strings, safe
 * integers, booleans, null, arrays and plain objects. Other values are rejected rather than
 * canonicalized, so every implementation of docs/hashing.md agrees.
 */
import { canonicalize } from 'json-canonicalize';
import type { JsonValue } from './normalize';

/** Throws if `value` is outside the diploma JSON domain (floats, undefined, functions, cycles...). */
export function assertCanonicalDomain(value: unknown, path = '$', seen: Set<object> = new Set()): asserts value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`${path}: only integers in ±(2^53-1) are allowed, got ${value}`);
    return;
  }
  if (typeof value !== 'object') throw new Error(`${path}: a ${typeof value} is not a JSON value`);
  if (seen.has(value)) throw new Error(`${path}: circular reference`);
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertCanonicalDomain(item, `${path}[${index}]`, seen));
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new Error(`${path}: only plain objects are allowed`);
    for (const [key, inner] of Object.entries(value)) assertCanonicalDomain(inner, `${path}.${key}`, seen);
  }
  seen.delete(value);
}

/** RFC 8785 canonical JSON text of `value`. */
export function canonicalJson(value: JsonValue): string {
  assertCanonicalDomain(value);
  return canonicalize(value);
}
