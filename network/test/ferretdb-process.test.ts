import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ferretdbProcess, loadTopology, TOPOLOGY_FILE } from '../src';
import { homeAt } from '../src/paths';

const home = homeAt(mkdtempSync(path.join(tmpdir(), 'vanbang-ferretdb-')));
const topology = loadTopology(TOPOLOGY_FILE);

describe('the FerretDB process', () => {
  const saved = process.env.GOGC;
  afterEach(() => {
    if (saved === undefined) delete process.env.GOGC;
    else process.env.GOGC = saved;
  });

  it('runs with GOGC=400 (less CPU per record; see ferretdb.ts) and its data under the home folder', () => {
    delete process.env.GOGC;
    const spec = ferretdbProcess(home, topology);
    expect(spec.env).toEqual({ GOGC: '400' });
    expect(spec.args).toContain(`--sqlite-url=file:${home.ferretdb}/`);
    expect(spec.args).toContain(`--listen-addr=127.0.0.1:${topology.services.database.port}`);
  });

  it('keeps a GOGC the operator set', () => {
    process.env.GOGC = '150';
    expect(ferretdbProcess(home, topology).env).toEqual({ GOGC: '150' });
  });
});
