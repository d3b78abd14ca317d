// Who sees which numbers: the Ministry the whole country; a Department only the diplomas and
// events of the issuers it hosts (its own MSP id as host), so its host filter is forced, and
// naming another host is refused rather than silently answered with the Department's own rows.
import type { Caller } from '../auth/api-keys';
import { ApiError } from '../errors/problem';
import type { Role } from '../models/records';

export const STATISTICS_READERS: Role[] = ['ministry-admin', 'department-admin'];

/** The host filter to apply for this caller: theirs for a Department, as asked for the Ministry. */
export function hostsFor(caller: Caller, requested: readonly string[] | undefined): readonly string[] | undefined {
  if (caller.role === 'ministry-admin') return requested;
  const other = requested?.find((h) => h !== caller.mspId);
  if (other) throw new ApiError(403, 'FORBIDDEN', `A Department sees only its own schools: host ${other} is not ${caller.mspId}`);
  return [caller.mspId];
}
