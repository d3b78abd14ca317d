// Replacing files and whole credential folders so that a reader, or a crash, only ever sees the
// old or the new version. A certificate and its key live in one folder (an MSP, or a TLS folder
// with server.crt/server.key) and must change together, which two file renames cannot do: a
// renewed folder is written completely next to the old one, and the path the processes read
// (e.g. peer/msp) becomes a symbolic link that is switched to it with one rename(2).
import { closeSync, existsSync, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

function fsyncPath(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `file` through a temporary file in the same folder and a rename: never half-written. */
export function writeFileAtomic(file: string, content: string | Buffer, mode = 0o644): void {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncPath(path.dirname(file));
}

/** Flushes every file under `dir` and the folders themselves to disk. */
export function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(p);
    else if (entry.isFile()) fsyncPath(p);
  }
  fsyncPath(dir);
}

const STAGING = '.staging-';
const LINK = '.link-';
const RETIRED = '.retired-';
/** Versions are `<name>.v<UTC time to the millisecond>`: sorting the names sorts them in time. */
const VERSION = /^\.v\d{8}T\d{9}Z$/;

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:.]/g, '');
}

/** A fresh folder next to `managed` (e.g. peer/msp.staging-…) to write a renewed version into. */
export function stagingDirFor(managed: string): string {
  return `${managed}${STAGING}${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The siblings of `managed` that are complete versions, oldest first. */
function versionsOf(managed: string): string[] {
  const dir = path.dirname(managed);
  const base = path.basename(managed);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.startsWith(base) && VERSION.test(f.slice(base.length))).sort().map((f) => path.join(dir, f));
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Makes the completely written folder `staging` the content of `managed`, atomically for every
 * reader of `managed` once it is a symbolic link. The first time, `managed` is still the folder
 * enrollment made: it is renamed aside and the link put in its place (a window of two renames,
 * which repairManagedDir closes after a crash). The previous version is deleted afterwards.
 */
export function replaceDirectory(managed: string, staging: string, now = new Date()): void {
  fsyncTree(staging);
  let version = `${managed}.v${stamp(now)}`;
  while (existsSync(version)) version = `${managed}.v${stamp(new Date(now.getTime() + 1))}`;
  renameSync(staging, version);
  const link = `${managed}${LINK}${randomBytes(4).toString('hex')}`;
  symlinkSync(path.basename(version), link);
  let previous: string | undefined;
  if (isSymlink(managed)) {
    previous = realpathSync(managed);
    renameSync(link, managed); // atomic: readers resolve the old or the new version
  } else {
    previous = `${managed}${RETIRED}${stamp(now)}`;
    if (existsSync(managed)) renameSync(managed, previous);
    renameSync(link, managed);
  }
  fsyncPath(path.dirname(managed));
  if (previous && previous !== realpathSync(managed)) rmSync(previous, { recursive: true, force: true });
}

/**
 * After a crash in the middle of replaceDirectory: points `managed` at its newest complete version
 * if it is missing, and removes staging folders, stray links and versions nothing points at.
 * Run (under the renewal lock) before renewing or starting processes.
 */
export function repairManagedDir(managed: string): void {
  const dir = path.dirname(managed);
  const base = path.basename(managed);
  if (!existsSync(dir)) return;
  if (!existsSync(managed)) {
    // A dangling link (its version deleted) or nothing: fall back to the newest complete version.
    const newest = versionsOf(managed).at(-1) ?? readdirSync(dir).filter((f) => f.startsWith(`${base}${RETIRED}`)).sort().map((f) => path.join(dir, f)).at(-1);
    if (newest) {
      rmSync(managed, { force: true });
      symlinkSync(path.basename(newest), managed);
      fsyncPath(dir);
    }
  }
  const current = existsSync(managed) ? realpathSync(managed) : undefined;
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(base)) continue;
    const rest = f.slice(base.length);
    const p = path.join(dir, f);
    const stale = rest.startsWith(STAGING) || rest.startsWith(LINK) || ((VERSION.test(rest) || rest.startsWith(RETIRED)) && realpathSync(p) !== current);
    if (stale) rmSync(p, { recursive: true, force: true });
  }
}
