/**
 * A real JSON-RPC chain for the standalone-check tests: `hardhat node` (Hardhat 2, installed in
 * anchoring/) as a child process on a free port, the anchor registry compiled first when its
 * artifact is missing. The child is Hardhat's own CLI run by this Node (no npx or shell in
 * between), so its PID is the node's, and stop() ends exactly that process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { withCompileLock } from '../../anchoring/src/chain/compile-lock';

export const ANCHORING_DIR = path.resolve(__dirname, '..', '..', 'anchoring');
const ARTIFACT = path.join(ANCHORING_DIR, 'artifacts', 'contracts', 'DiplomaAnchorRegistry.sol', 'DiplomaAnchorRegistry.json');
const HARDHAT_CLI = require.resolve('hardhat/internal/cli/cli.js', { paths: [ANCHORING_DIR] });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HARDHAT_CLI, ...args], { cwd: ANCHORING_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`hardhat ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

/**
 * Compiles the registry when anchoring/artifacts lacks it. The anchoring tests compile in parallel
 * Jest workers too: the anchoring workspace's compile lock keeps two compilations from writing
 * the artifact at once.
 */
export async function ensureRegistryArtifact(): Promise<void> {
  if (existsSync(ARTIFACT)) return;
  await withCompileLock(async () => {
    if (!existsSync(ARTIFACT)) await run(['compile', '--quiet']);
  });
}

export interface HardhatNode {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

async function chainIdAnswered(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }), signal: AbortSignal.timeout(1000),
    });
    const body = (await response.json()) as { result?: unknown };
    return typeof body.result === 'string';
  } catch {
    return false;
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => { if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL'); }, 5000);
    await exited;
    clearTimeout(timer);
  };
}

/** Starts `hardhat node` and resolves once it answers eth_chainId; the node is stopped again if it does not. */
export async function startHardhatNode(timeoutMs = 40_000): Promise<HardhatNode> {
  await ensureRegistryArtifact();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // stdout is Hardhat's log of every call: not needed. stderr explains a failed start.
  const child = spawn(process.execPath, [HARDHAT_CLI, 'node', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: ANCHORING_DIR, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const stop = stopper(child);
  try {
    const deadline = Date.now() + timeoutMs;
    while (!(await chainIdAnswered(url))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`hardhat node exited (${child.exitCode ?? child.signalCode}): ${stderr.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`hardhat node did not answer eth_chainId on ${url} within ${timeoutMs} ms: ${stderr.slice(-2000)}`);
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid!, stop };
}
