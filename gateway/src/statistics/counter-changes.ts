// What one write of a diploma record changes in the counters: the record leaves its old cell of
// the cube and enters its new one (a status change moves one count from one status to another),
// and the transition is counted as the event it is. The event is read from the chaincode's own
// stamp on the record (lastEvent, chaincode/src/diplomas/lifecycle.ts): a new record is an
// issuance, or a reissue when it names the diploma it supersedes; a new transaction on an
// existing record is a correction (DiplomaCorrected) or a revocation (DiplomaRevoked). The old
// diploma rewritten by a reissue (→ SUPERSEDED) and a recorded copy are no event here: the reissue
// is counted once, on the new record.
import type { IndexedDiploma } from '../status-index/state-records';
import { counterKey, TABLES, utcDay, utcMinute, utcMonth, type StatisticsEvent } from './counter-keys';

export interface CounterChange {
  key: string;
  delta: number;
}

function cubeKey(d: IndexedDiploma): string {
  return counterKey(TABLES.diplomas, [d.hostMsp, d.issuerCode, d.diplomaType, d.graduationYear, d.status]);
}

/** The event a write is, with its time and (for a revocation) its ground; null for none. */
export function eventOf(previous: IndexedDiploma | null, next: IndexedDiploma | null): { type: StatisticsEvent; timestamp: string; ground: string } | null {
  if (!next) return null;
  if (!previous) {
    const type = next.supersedes !== null || next.lastEvent.type === 'DiplomaReissued' ? 'REISSUED' : 'ISSUED';
    return { type, timestamp: next.lastEvent.timestamp, ground: '' };
  }
  // The same transaction written again (or nothing new about the diploma): no event.
  if (previous.lastEvent.txId === next.lastEvent.txId) return null;
  if (next.lastEvent.type === 'DiplomaRevoked' && next.status === 'REVOKED' && previous.status !== 'REVOKED') {
    return { type: 'REVOKED', timestamp: next.revocation?.timestamp ?? next.lastEvent.timestamp, ground: next.revocation?.ground ?? '' };
  }
  if (next.lastEvent.type === 'DiplomaCorrected' && next.version > previous.version) {
    return { type: 'CORRECTED', timestamp: next.lastEvent.timestamp, ground: '' };
  }
  return null;
}

export function counterChanges(previous: IndexedDiploma | null, next: IndexedDiploma | null): CounterChange[] {
  const changes: CounterChange[] = [];
  const before = previous && cubeKey(previous);
  const after = next && cubeKey(next);
  if (before !== after) {
    if (before) changes.push({ key: before, delta: -1 });
    if (after) changes.push({ key: after, delta: 1 });
  }
  const event = eventOf(previous, next);
  if (next && event) {
    changes.push({ key: counterKey(TABLES.events, [next.hostMsp, next.issuerCode, event.type, utcMonth(event.timestamp), event.ground]), delta: 1 });
    if (event.type === 'ISSUED') changes.push({ key: counterKey(TABLES.issuancesPerDay, [utcDay(event.timestamp), next.hostMsp, next.issuerCode]), delta: 1 });
    if (event.type === 'REVOKED') changes.push({ key: counterKey(TABLES.revocationsPerMinute, [utcMinute(event.timestamp), next.hostMsp, next.issuerCode]), delta: 1 });
  }
  return changes;
}
