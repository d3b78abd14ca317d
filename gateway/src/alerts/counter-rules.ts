// The alert rules read from the statistics counters (exact as of the last block applied):
//  (a) issuance spike: an issuer's issuances today (UTC) > max(floor, factor × its mean per day
//      over the 30 days before today, days without issuance counting as 0);
//  (b) revocation burst: more revocations in the last 60 minutes (whole UTC minutes, the current
//      one included) than the national or the per-issuer limit.
import { counterKey, keyValues, prefixRange, TABLES, utcDay, utcMinute } from '../statistics/counter-keys';
import type { CounterReader } from '../statistics/statistics-queries';
import type { AlertConfig } from './alert-config';
import type { AlertFinding } from './alert-types';

const DAY_MS = 86_400_000;
const BASELINE_DAYS = 30;

export function issuanceSpikes(reader: CounterReader, config: AlertConfig, now: number): AlertFinding[] {
  const today = utcDay(new Date(now).toISOString());
  const out: AlertFinding[] = [];
  const range = prefixRange(TABLES.issuancesPerDay, [today]);
  for (const { key, count } of reader.counters(range.start, range.end)) {
    const [, hostMsp = '', issuerCode = ''] = keyValues(key);
    let previous = 0;
    for (let d = 1; d <= BASELINE_DAYS; d++) {
      previous += reader.counter(counterKey(TABLES.issuancesPerDay, [utcDay(new Date(now - d * DAY_MS).toISOString()), hostMsp, issuerCode]));
    }
    const mean = previous / BASELINE_DAYS;
    const threshold = Math.max(config.issuanceMinPerDay, config.issuanceFactor * mean);
    if (count <= threshold) continue;
    out.push({
      rule: 'issuance_spike', subject: { kind: 'issuer', issuerCode, hostMsp, batchId: null },
      window: { from: `${today}T00:00:00.000Z`, to: new Date(now).toISOString() }, observed: count, threshold,
      detail: `${count} diplomas issued today; mean ${mean.toFixed(1)} per day over the previous ${BASELINE_DAYS} days`,
    });
  }
  return out;
}

export function revocationBursts(reader: CounterReader, config: AlertConfig, now: number): AlertFinding[] {
  const fromMinute = utcMinute(now - 59 * 60_000);
  const toMinute = utcMinute(now);
  const window = { from: `${fromMinute}:00.000Z`, to: new Date(now).toISOString() };
  const byIssuer = new Map<string, { hostMsp: string; issuerCode: string; count: number }>();
  let national = 0;
  const start = prefixRange(TABLES.revocationsPerMinute, [fromMinute]).start;
  const end = prefixRange(TABLES.revocationsPerMinute, [toMinute]).end;
  for (const { key, count } of reader.counters(start, end)) {
    const [, hostMsp = '', issuerCode = ''] = keyValues(key);
    national += count;
    const id = `${hostMsp}|${issuerCode}`;
    const entry = byIssuer.get(id) ?? { hostMsp, issuerCode, count: 0 };
    entry.count += count;
    byIssuer.set(id, entry);
  }
  const out: AlertFinding[] = [];
  if (national > config.revocationsPerHour) {
    out.push({
      rule: 'revocation_burst', subject: { kind: 'national', issuerCode: null, hostMsp: null, batchId: null }, window,
      observed: national, threshold: config.revocationsPerHour, detail: `${national} revocations in the last hour, nationally`,
    });
  }
  for (const e of byIssuer.values()) {
    if (e.count <= config.issuerRevocationsPerHour) continue;
    out.push({
      rule: 'revocation_burst', subject: { kind: 'issuer', issuerCode: e.issuerCode, hostMsp: e.hostMsp, batchId: null }, window,
      observed: e.count, threshold: config.issuerRevocationsPerHour, detail: `${e.count} revocations of ${e.issuerCode}'s diplomas in the last hour`,
    });
  }
  return out;
}
