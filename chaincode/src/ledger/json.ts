/**
 * Canonical JSON: object keys sorted, no whitespace. Every endorser must produce the same bytes
 * for the same state, or the endorsements will not match; JSON.stringify keeps insertion order,
 * which depends on code paths, so all state, events and results go through here.
 */
export function stableStringify(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('stableStringify: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
      }
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(obj).sort()) {
        const v = obj[key];
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${stableStringify(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new Error(`stableStringify: unsupported type ${typeof value}`);
  }
}

export function toBytes(value: unknown): Uint8Array {
  return Buffer.from(stableStringify(value), 'utf8');
}

export function fromBytes<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}
