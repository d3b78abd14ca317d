import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repairManagedDir, replaceDirectory, stagingDirFor, writeFileAtomic } from '../src/certificates/atomic-files';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vanbang-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function folder(p: string, cert: string): string {
  mkdirSync(path.join(p, 'signcerts'), { recursive: true });
  mkdirSync(path.join(p, 'keystore'), { recursive: true });
  writeFileSync(path.join(p, 'signcerts', 'cert.pem'), cert);
  writeFileSync(path.join(p, 'keystore', `${cert}_sk`), `key of ${cert}`);
  return p;
}

const read = (managed: string) => readFileSync(path.join(managed, 'signcerts', 'cert.pem'), 'utf8');

test('a file is replaced through a temporary file: nothing else is left', () => {
  const f = path.join(dir, 'connection.json');
  writeFileAtomic(f, '{"a":1}');
  writeFileAtomic(f, '{"a":2}');
  expect(readFileSync(f, 'utf8')).toBe('{"a":2}');
  expect(readdirSync(dir)).toEqual(['connection.json']);
});

test('the enrolled folder becomes a link to the renewed version; later renewals switch the link; old versions go', () => {
  const msp = folder(path.join(dir, 'msp'), 'one');
  replaceDirectory(msp, folder(stagingDirFor(msp), 'two'));
  expect(lstatSync(msp).isSymbolicLink()).toBe(true);
  expect(read(msp)).toBe('two');
  expect(readdirSync(path.join(msp, 'keystore'))).toEqual(['two_sk']);
  replaceDirectory(msp, folder(stagingDirFor(msp), 'three'), new Date(Date.now() + 1000));
  expect(read(msp)).toBe('three');
  expect(readdirSync(dir).sort()).toEqual(['msp', expect.stringMatching(/^msp\.v\d{8}T\d{9}Z$/)]);
});

test('a crash between the two renames of the first switch: repair links the new version', () => {
  const msp = folder(path.join(dir, 'msp'), 'one');
  // What replaceDirectory has done when it dies there: new version complete, old folder set aside, no link yet.
  folder(path.join(dir, 'msp.v20270101T000000000Z'), 'two');
  renameSync(msp, path.join(dir, 'msp.retired-20270101T000000000Z'));
  expect(existsSync(msp)).toBe(false);
  repairManagedDir(msp);
  expect(read(msp)).toBe('two');
  expect(readdirSync(dir).sort()).toEqual(['msp', 'msp.v20270101T000000000Z']);
});

test('a crash before the switch: the old folder stays in force, the unfinished new one is removed', () => {
  const msp = folder(path.join(dir, 'msp'), 'one');
  folder(stagingDirFor(msp), 'half');
  folder(path.join(dir, 'msp.v20270101T000000000Z'), 'two'); // complete but never linked
  symlinkSync('msp.v20270101T000000000Z', path.join(dir, 'msp.link-abcd'));
  repairManagedDir(msp);
  expect(read(msp)).toBe('one');
  expect(readdirSync(dir)).toEqual(['msp']);
});
