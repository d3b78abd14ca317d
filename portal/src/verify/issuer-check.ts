/** Whether the registry's issuer could issue this diploma type on the signing date (pure). */
import type { Outcome } from '../api/outcome';
import type { PublicIssuer } from '../api/types';
import type { Step } from './steps';

export interface IssuerCheckInput {
  readonly issuerCode: string | undefined;
  readonly diplomaType: string | undefined;
  /** "YYYY-MM-DD", or undefined for a hash-only check (no signing date known). */
  readonly signingDate: string | undefined;
  readonly issuer: Outcome<PublicIssuer> | undefined;
}

/** "2026-07-05T10:00:00.000Z" or "2026-07-05" → "2026-07-05". */
export function calendarDate(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match?.[1];
}

export function accreditedOn(issuer: PublicIssuer, date: string): boolean {
  const from = calendarDate(issuer.validFrom);
  const to = issuer.validTo === null ? undefined : calendarDate(issuer.validTo);
  return (from === undefined || from <= date) && (to === undefined || date <= to);
}

export function issuerStep(input: IssuerCheckInput): Step {
  const { issuer, issuerCode } = input;
  if (issuerCode === undefined || issuer === undefined) return { name: 'issuer', result: 'skipped', explain: 'explain.issuer.skipped' };
  if (issuer.kind === 'unavailable') return { name: 'issuer', result: 'unknown', explain: 'explain.issuer.unknown' };
  if (issuer.kind === 'not-found') return { name: 'issuer', result: 'fail', explain: 'explain.issuer.notFound', params: { code: issuerCode } };
  if (issuer.kind === 'refused') return { name: 'issuer', result: 'unknown', explain: 'explain.issuer.unknown' };
  const record = issuer.value;
  const params = { name: record.name, code: record.code };
  if (input.diplomaType !== undefined && !record.diplomaTypes.includes(input.diplomaType)) {
    return { name: 'issuer', result: 'fail', explain: 'explain.issuer.notAccredited', params };
  }
  const date = calendarDate(input.signingDate);
  if (date === undefined) return { name: 'issuer', result: 'pass', explain: 'explain.issuer.passHashOnly', params };
  if (!accreditedOn(record, date)) return { name: 'issuer', result: 'fail', explain: 'explain.issuer.notOnDate', params: { ...params, date } };
  return { name: 'issuer', result: 'pass', explain: 'explain.issuer.pass', params: { ...params, date } };
}
