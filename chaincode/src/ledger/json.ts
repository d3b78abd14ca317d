/**
 * Canonical JSON: object keys sorted, no whitespace. Every endorser must produce the same bytes
 * for the same state, or the endorsements will not match; JSON.stringify keeps insertion order,
 * which depends on code paths, so all state, events and results go through here.
 */
export function stableStringify(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error('stableStringify: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      // String concatenation (no intermediate arrays) and cached quoted keys: a cohort serialises
      // thousands of records with the same few dozen keys.
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (i > 0) out += ',';
          out += v === undefined ? 'null' : stableStringify(v);
        }
        return out + ']';
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const v = obj[key];
        if (v === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += quotedKey(key) + ':' + stableStringify(v);
      }
      return out + '}';
    }
    default:
      throw new Error(`stableStringify: unsupported type ${typeof value}`);
  }
}

const QUOTED_KEYS_MAX = 4096;
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, q);
  }
  return q;
}

export function toBytes(value: unknown): Uint8Array {
  return Buffer.from(stableStringify(value), 'utf8');
}

export function fromBytes<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}
