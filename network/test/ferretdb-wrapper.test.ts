// The FerretDB wrapper (network/tools/ferretdb) is Go: its own tests run with `go test`, here so
// that `npm test` covers them. The first run compiles FerretDB's packages for the test binary
// (about a minute); later runs come from Go's build cache.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const WRAPPER = path.resolve(__dirname, '..', 'tools', 'ferretdb');

test('the FerretDB wrapper passes its Go tests', () => {
  const r = spawnSync('go', ['test', '-count=1', './...'], { cwd: WRAPPER, encoding: 'utf8', timeout: 600_000 });
  if (r.error) throw r.error;
  expect(`${r.stdout}${r.stderr}`).toMatch(/^ok\s+\S+/m);
  expect(r.status).toBe(0);
}, 620_000);
