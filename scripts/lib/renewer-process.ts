// Starts the background certificate renewer (scripts/renewer.ts) as a detached process with a
// PID file and a log under the home, as gateway-process.ts does for the gateway; `npm stop` and
// `network:down` stop it through its PID file like every other process.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { logFile, logTail, REPO_ROOT, RENEWER_PROCESS, runningPid, startProcess, waitFor, type NetworkContext } from '../../network/src';

export async function startRenewer(ctx: NetworkContext): Promise<void> {
  if (!ctx.source) throw new Error('The renewer needs to know the network\'s topology file and port shift (a context from networkContext())');
  if (runningPid(ctx.home, RENEWER_PROCESS)) return; // npm start again on a running system
  const log = logFile(ctx.home, RENEWER_PROCESS);
  const from = existsSync(log) ? statSync(log).size : 0;
  await startProcess(ctx.home, {
    name: RENEWER_PROCESS,
    command: process.execPath,
    // tsx as a loader, not its CLI: one process (the CLI would run the script in a child).
    args: [
      '--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'renewer.ts'),
      '--home', ctx.home.root, '--port-shift', String(ctx.source.portShift), '--topology', ctx.source.topologyFile,
    ],
    cwd: REPO_ROOT,
    ports: [],
  });
  // It listens on nothing: started = it has read the topology and said so in its log.
  await waitFor('certificate renewer', async () => existsSync(log) && readFileSync(log).subarray(from).includes('renewer: certificates live'), {
    timeoutMs: 30_000, intervalMs: 200, alive: () => runningPid(ctx.home, RENEWER_PROCESS) !== undefined, onDead: () => logTail(ctx.home, RENEWER_PROCESS),
  });
}
