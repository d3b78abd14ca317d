// What renewals did, one JSON line per event in <home>/network/renewal-journal.jsonl: every
// certificate renewed (serials and validity before and after) and every node restarted (when it
// was stopped, when it was healthy again). Read by operators and by the renewal test, which
// checks from it that no two nodes were ever down at once.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Home } from '../paths';

export interface RenewedEntry {
  type: 'renewed';
  at: string;
  org: string;
  role: string;
  label: string;
  commonName: string;
  method: 'reenroll' | 'enroll' | 'regenerate';
  sameKey: boolean;
  oldSerial: string;
  newSerial: string;
  oldNotAfter: string;
  newNotAfter: string;
}

export interface RestartEntry {
  type: 'restart';
  org: string;
  kind: 'peer' | 'orderer';
  stoppedAt: string;
  healthyAt: string;
}

export type JournalEntry = RenewedEntry | RestartEntry;

export function journalFile(home: Home): string {
  return path.join(home.network, 'renewal-journal.jsonl');
}

export function appendJournal(home: Home, entry: JournalEntry): void {
  mkdirSync(home.network, { recursive: true });
  // One short line per append (O_APPEND): concurrent readers see whole lines.
  appendFileSync(journalFile(home), `${JSON.stringify(entry)}\n`);
}

export function readJournal(home: Home): JournalEntry[] {
  if (!existsSync(journalFile(home))) return [];
  return readFileSync(journalFile(home), 'utf8').split('\n').filter((l) => l.trim() !== '').flatMap((l) => {
    try {
      return [JSON.parse(l) as JournalEntry];
    } catch {
      return []; // a line cut by a crash
    }
  });
}
