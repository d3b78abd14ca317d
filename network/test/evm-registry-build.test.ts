// A fresh clone has no anchoring/artifacts: the chain's start compiles the registry with
// Hardhat before deploying, and only then.
import path from 'node:path';

const load = jest.fn();
const run = jest.fn(async () => '');
jest.mock('@vanbang/anchoring', () => ({
  loadRegistryArtifact: () => load(),
  withCompileLock: jest.requireActual('../../anchoring/src/chain/compile-lock').withCompileLock,
}));
jest.mock('../src/exec', () => ({ run: (...args: unknown[]) => run(...(args as [])) }));

import { ensureRegistryArtifact } from '../src/evm/registry-build';
import { REPO_ROOT } from '../src/paths';

const artifact = { contractName: 'DiplomaAnchorRegistry', abi: [], bytecode: '0x00' };

beforeEach(() => {
  load.mockReset();
  run.mockClear();
});

test('an artifact in place: nothing is compiled', async () => {
  load.mockReturnValue(artifact);
  await expect(ensureRegistryArtifact(() => {})).resolves.toBe(artifact);
  expect(run).not.toHaveBeenCalled();
});

test('no artifact: `hardhat compile` in anchoring/ with its own config, then the artifact is read', async () => {
  load.mockImplementationOnce(() => { throw new Error('DiplomaAnchorRegistry artifact not found'); }).mockReturnValue(artifact);
  const lines: string[] = [];
  await expect(ensureRegistryArtifact((l) => lines.push(l))).resolves.toBe(artifact);
  expect(run).toHaveBeenCalledTimes(1);
  const [file, args, opts] = run.mock.calls[0] as unknown as [string, string[], { cwd: string; env: Record<string, string> }];
  expect(file).toBe(process.execPath);
  expect(args).toEqual([path.join(REPO_ROOT, 'node_modules', 'hardhat', 'internal', 'cli', 'cli.js'), 'compile', '--quiet']);
  expect(opts.cwd).toBe(path.join(REPO_ROOT, 'anchoring'));
  expect(opts.env.HARDHAT_CONFIG).toBe(path.join(REPO_ROOT, 'anchoring', 'hardhat.config.js'));
  expect(lines.join('\n')).toMatch(/compiling the anchor registry contract/);
});

test('still no artifact after compiling: the loader\'s error, saying how to build it', async () => {
  load.mockImplementation(() => { throw new Error('artifact not found: run npm run build -w anchoring'); });
  await expect(ensureRegistryArtifact(() => {})).rejects.toThrow(/npm run build -w anchoring/);
});
