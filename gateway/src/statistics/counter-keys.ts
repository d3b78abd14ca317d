// How the national statistics' counters are keyed in the status index's `statistics` database:
// one string key per combination of values, '|'-separated (no value contains '|': MSP ids,
// issuer codes, enum values, years, dates), with a one-letter table prefix. Keys sort by their
// leading values, so a Department's rows (host first) are one contiguous range.
//   D|host|issuer|type|year|status   diplomas in each combination (the full cube: its size is
//                                    bounded by issuers × types × years × 3, not by diplomas)
//   E|host|issuer|event|month|ground events of each kind per month (ground only for revocations)
//   I|day|host|issuer                issuances per issuer per UTC day (the issuance-spike rule)
//   R|minute|host|issuer             revocations per issuer per UTC minute (the revocation-burst rule)

export const SEP = '|';
/** The character after SEP: `prefix + END` bounds a range scan of every key starting with `prefix|`. */
const END = '}';

/** The dimensions in the order of their keys: host and issuer first in both tables. */
export const DIPLOMA_DIMENSIONS = ['host', 'issuer', 'type', 'graduationYear', 'status'] as const;
export type DiplomaDimension = (typeof DIPLOMA_DIMENSIONS)[number];
export const EVENT_DIMENSIONS = ['host', 'issuer', 'type', 'month', 'ground'] as const;
export type EventDimension = (typeof EVENT_DIMENSIONS)[number];
export const EVENT_TYPES = ['ISSUED', 'CORRECTED', 'REISSUED', 'REVOKED'] as const;
export type StatisticsEvent = (typeof EVENT_TYPES)[number];

export const TABLES = { diplomas: 'D', events: 'E', issuancesPerDay: 'I', revocationsPerMinute: 'R' } as const;

export function counterKey(table: string, values: readonly (string | number)[]): string {
  return [table, ...values].join(SEP);
}

/** The values of a key after its table letter. */
export function keyValues(key: string): string[] {
  return key.split(SEP).slice(1);
}

/** start/end of a range scan over the keys that begin with these values. */
export function prefixRange(table: string, values: readonly (string | number)[]): { start: string; end: string } {
  const prefix = counterKey(table, values);
  return { start: `${prefix}${SEP}`, end: `${prefix}${END}` };
}

/** YYYY-MM-DD, YYYY-MM and YYYY-MM-DDTHH:MM of a ledger timestamp, in UTC. */
export function utcDay(timestamp: string): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}
export function utcMonth(timestamp: string): string {
  return new Date(timestamp).toISOString().slice(0, 7);
}
export function utcMinute(timestamp: string | number): string {
  return new Date(timestamp).toISOString().slice(0, 16);
}
