// Starts the HTTP gateway in the background (PID file, log file) and waits until its health
// endpoint answers.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  connectionProfilePath,
  databaseUri,
  evmPaths,
  GATEWAY_PROCESS,
  httpGet,
  logTail,
  networkStatus,
  REPO_ROOT,
  runningPid,
  startProcess,
  waitFor,
  type ChainInfo,
  type NetworkContext,
} from '../../network/src';

export function gatewayUrl(ctx: NetworkContext): string {
  return `http://${ctx.topology.services.host ?? '127.0.0.1'}:${ctx.topology.services.gateway.port}`;
}

/**
 * Node flags of the gateway process. The old-generation heap is capped (default 192 MB, about
 * three times what the gateway keeps live) so that V8 collects instead of growing: without the
 * cap its RSS climbed past 300 MB under verify load alone.
 */
export function gatewayNodeArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.VANBANG_GATEWAY_HEAP_MB ?? '192';
  if (!/^[1-9][0-9]*$/.test(raw) || Number(raw) < 96) throw new Error(`VANBANG_GATEWAY_HEAP_MB must be a whole number of megabytes, at least 96 (got ${raw})`);
  return [`--max-old-space-size=${raw}`];
}

export async function startGateway(ctx: NetworkContext): Promise<void> {
  const main = path.join(REPO_ROOT, 'gateway', 'dist', 'main.js');
  if (!existsSync(main)) throw new Error('The gateway is not built (gateway/dist/main.js is missing): run `npm run build`.');
  const port = ctx.topology.services.gateway.port;
  await startProcess(ctx.home, {
    name: GATEWAY_PROCESS,
    command: process.execPath,
    args: [...gatewayNodeArgs(), main],
    cwd: REPO_ROOT,
    env: {
      PORT: String(port),
      // In multi-host mode the services' own address, in their namespace (network/src/hosts).
      HOST: ctx.topology.services.host ?? '127.0.0.1',
      VANBANG_HOME: ctx.home.root,
      VANBANG_CONNECTION_PROFILE: connectionProfilePath(ctx.home),
      MONGODB_URI: databaseUri(ctx.topology),
      // The CAs it enrolls issuer identities at, Departments added later included.
      ...(ctx.source ? { VANBANG_TOPOLOGY_FILE: ctx.source.topologyFile, VANBANG_PORT_SHIFT: String(ctx.source.portShift) } : {}),
    },
    ports: [{ host: ctx.topology.services.host ?? '127.0.0.1', port, what: 'gateway' }],
  });
  await waitFor('gateway', async () => {
    try {
      const res = await httpGet(`${gatewayUrl(ctx)}/api/v1/health`);
      return res.status === 200;
    } catch {
      return false;
    }
  }, { timeoutMs: 90_000, alive: () => runningPid(ctx.home, GATEWAY_PROCESS) !== undefined, onDead: () => logTail(ctx.home, GATEWAY_PROCESS) });
}

/** The EVM chain npm start set up: the embedded one, or a real one named by VANBANG_EVM_RPC_URL. */
export type ChainSummary = { info: ChainInfo } | { external: string };

function chainLines(ctx: NetworkContext, chain: ChainSummary | undefined): string {
  if (!chain) return '';
  if ('external' in chain) {
    return `\n  EVM chain        ${chain.external}   (VANBANG_EVM_RPC_URL; registry ${process.env.VANBANG_EVM_CONTRACT ?? '(VANBANG_EVM_CONTRACT not set)'})`;
  }
  const { info } = chain;
  return `\n  EVM chain        ${info.rpcUrl}   (chain id ${info.chainId}, geth --dev, a block every ${ctx.topology.services.evmChain.blockPeriod} s)` +
    `\n  Anchor registry  ${info.contract}   (deployed in block ${info.deployedAtBlock}; ${evmPaths(ctx.home).chainInfoFile})`;
}

export async function printWelcome(ctx: NetworkContext, elapsedMs: number, replica: string | null = null, chain?: ChainSummary): Promise<void> {
  const s = await networkStatus(ctx);
  const url = gatewayUrl(ctx);
  const creds = path.join(ctx.home.root, 'demo-credentials.json');
  const heights = Object.entries(s.heights).map(([org, h]) => `${org} ${h ?? '?'}`).join(', ');
  console.log(`
✔ vanbang is running (${Math.round(elapsedMs / 1000)} s)

  Portal           ${url}/            (Cổng tra cứu văn bằng: verify a file or QR, public lookup)
  Gateway API      ${url}/api/v1
  API docs         ${url}/api/docs
  Health           ${url}/api/v1/health
  Ledger height    ${heights}   (channel ${ctx.topology.channel})
  Chaincode        ${ctx.topology.chaincode.name} ${s.chaincode ? `version ${s.chaincode.version}, sequence ${s.chaincode.sequence}` : '(not committed)'}
  Database         ${s.databaseUri}${replica ? `\n  Database replica ${replica}   (continuous, Litestream: VANBANG_REPLICA_DIR)` : ''}${chainLines(ctx, chain)}
  Demo credentials ${existsSync(creds) ? creds : '(not created)'}
  Logs             ${ctx.home.logs}/<process>.log

  npm run demo             walk through issuing, verifying, correcting, revoking and a CSV cohort
  npm run network:status   every process with PID, port and health; each certificate's expiry
  npm stop                 stop everything (data is kept)
`);
  if (existsSync(creds)) {
    try {
      const list = JSON.parse(readFileSync(creds, 'utf8')) as { callers?: { name: string; role: string; apiKey: string }[] };
      for (const c of list.callers ?? []) console.log(`  ${c.role.padEnd(17)} ${c.name.padEnd(22)} Authorization: Bearer ${c.apiKey}`);
    } catch {
      /* printed the path already */
    }
  }
}
