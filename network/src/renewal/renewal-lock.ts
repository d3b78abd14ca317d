// One renewal at a time per home: the background renewer and `npm run network:renew` must not
// re-enroll the same identity or restart nodes concurrently. The lock is a file created
// exclusively in <home>/run, holding its owner's PID; a lock whose owner is gone is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Home } from '../paths';

export class RenewalBusyError extends Error {}

function lockFile(home: Home): string {
  return path.join(home.run, 'renewal.lock');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws RenewalBusyError naming the process that holds it. */
export function acquireRenewalLock(home: Home): () => void {
  mkdirSync(home.run, { recursive: true });
  const file = lockFile(home);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: { pid?: number; since?: string } = {};
      try {
        owner = JSON.parse(readFileSync(file, 'utf8')) as typeof owner;
      } catch {
        /* half-written by a process that died: stale */
      }
      if (owner.pid && owner.pid !== process.pid && alive(owner.pid)) {
        throw new RenewalBusyError(`Another certificate renewal is running (PID ${owner.pid}, since ${owner.since ?? '?'}); try again when it is done.`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new RenewalBusyError(`Could not take the renewal lock ${file}`);
}
