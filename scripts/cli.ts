// The project's commands (npm start, npm stop, npm run network:*, chaincode:upgrade, tools, test,
// bench, demo). Each prints what it does and ends with a readable message — never a stack trace — when
// something is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  addOrganization,
  buildTools,
  certificateStatus,
  humanDuration,
  renewCertificates,
  deployChaincode,
  EVM_CHAIN_PROCESS,
  networkContext,
  networkDown,
  networkReset,
  networkStatus,
  networkUp,
  orgPaths,
  peerCliEnv,
  peerTls,
  removeOrganization,
  REPO_ROOT,
  startEvmChain,
  TOOLS_BIN,
  type NetworkContext,
} from '../network/src';
import { backupCommand, restoreCommand, startReplicator } from './lib/backup-commands';
import { ensureChromium } from './lib/chromium';
import { DemoError, runDemo } from './lib/demo';
import { gatewayUrl, startGateway, printWelcome, type ChainSummary } from './lib/gateway-process';
import { identityRevokeCommand, issuerRotateKeyCommand } from './lib/identity-commands';
import { buildPortal } from './lib/portal-build';
import { startRenewer } from './lib/renewer-process';
import { seedDemoData } from './lib/seed';

function sh(cmd: string, args: string[], what: string, env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}).`);
}

/** Compiles the TypeScript workspaces if their output is missing or older than the sources. */
function buildTypeScript(): void {
  // tsc -b is incremental: nearly free when nothing changed.
  console.log('• Compiling TypeScript');
  sh(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'document', 'chaincode', 'network', 'backup', 'anchoring', 'gateway'], 'TypeScript build');
}

/** Compiles, brings the network up (or finishes a half-started one) and registers the demo issuers. */
async function bringUpNetwork(ctx: NetworkContext): Promise<void> {
  buildTypeScript();
  await networkUp(ctx);
  await seedDemoData(ctx);
}

/**
 * The EVM chain the gateway anchors into: the embedded one (geth --dev, the registry deployed
 * once, <home>/anchoring/chain.json), or none when VANBANG_EVM_RPC_URL names a real chain.
 */
async function startChain(ctx: NetworkContext): Promise<ChainSummary> {
  const external = process.env.VANBANG_EVM_RPC_URL;
  if (external) {
    console.log(`• EVM chain: ${external} (VANBANG_EVM_RPC_URL), a real chain — nothing started here`);
    return { external };
  }
  console.log('• EVM chain (geth --dev) and the anchor registry');
  return { info: await startEvmChain(ctx) };
}

async function start(ctx: NetworkContext): Promise<void> {
  const started = Date.now();
  await bringUpNetwork(ctx);
  buildPortal();
  // Before the gateway: it reads chain.json when it starts.
  const chain = await startChain(ctx);
  await startGateway(ctx);
  const replica = await startReplicator(ctx);
  await startRenewer(ctx);
  await printWelcome(ctx, Date.now() - started, replica, chain);
}

async function printStatus(ctx: NetworkContext, opts: { withGateway?: boolean } = { withGateway: true }): Promise<boolean> {
  const s = await networkStatus(ctx);
  const pad = (v: string, n: number) => v.padEnd(n);
  console.log(`${pad('PROCESS', 28)}${pad('PID', 9)}${pad('PORTS', 20)}HEALTH`);
  for (const p of s.processes) {
    console.log(`${pad(p.name, 28)}${pad(p.pid ? String(p.pid) : '-', 9)}${pad(p.ports.join(','), 20)}${p.healthy ? 'healthy' : p.pid ? 'UNHEALTHY' : 'stopped'}${p.detail ? `  (${p.detail})` : ''}`);
  }
  console.log(`\nChannel ${ctx.topology.channel} height seen by each peer:`);
  for (const [org, h] of Object.entries(s.heights)) console.log(`  ${pad(org, 12)} ${h ?? 'unreachable'}`);
  console.log(s.chaincode ? `Chaincode ${ctx.topology.chaincode.name}: version ${s.chaincode.version}, sequence ${s.chaincode.sequence}` : 'Chaincode: not committed');
  console.log(`Database: ${s.databaseUri}`);
  for (const org of ctx.pending ?? []) console.log(`Not on the channel yet: ${org.name} (declared in the topology file; npm run org:add -- ${org.name})`);
  printCertificates(ctx);
  // `network:up` starts neither the gateway nor the EVM chain: they only count once started.
  return s.processes.every((p) => p.healthy || ((p.name === 'gateway' || p.name === EVM_CHAIN_PROCESS) && !opts.withGateway && !p.pid));
}

/** Each certificate's expiry; RENEW marks those within the renewal margin. */
function printCertificates(ctx: NetworkContext): void {
  const rows = certificateStatus(ctx);
  if (rows.length === 0) return;
  const margin = humanDuration(ctx.topology.certificates.renewBeforeMs);
  const width = (title: string, values: string[]) => Math.max(title.length, ...values.map((v) => v.length)) + 2;
  const w = { org: width('ORG', rows.map((r) => r.org)), what: width('CERTIFICATE', rows.map((r) => r.what)), cn: width('CN', rows.map((r) => r.commonName)) };
  console.log(`\nCertificates (lifetime ${humanDuration(ctx.topology.certificates.lifetimeMs)}, renewed within ${margin} of expiry):`);
  console.log(`  ${'ORG'.padEnd(w.org)}${'CERTIFICATE'.padEnd(w.what)}${'CN'.padEnd(w.cn)}${'NOT AFTER (UTC)'.padEnd(22)}LEFT`);
  for (const r of rows) {
    const flag = r.state === 'expired' ? '  EXPIRED' : r.state === 'due' ? '  RENEW (within the margin)' : '';
    const notAfter = r.notAfter.toISOString().replace('T', ' ').slice(0, 19);
    console.log(`  ${r.org.padEnd(w.org)}${r.what.padEnd(w.what)}${r.commonName.padEnd(w.cn)}${notAfter.padEnd(22)}${r.leftMs > 0 ? humanDuration(r.leftMs) : '-'}${flag}`);
  }
}

/** npm run network:renew [-- --force] [-- --org <Org>]: renews what is due now, restarting nodes one at a time. */
async function renew(ctx: NetworkContext, args: string[]): Promise<number> {
  const force = args.includes('--force');
  const orgIndex = args.indexOf('--org');
  const org = orgIndex >= 0 ? args[orgIndex + 1] : undefined;
  if (orgIndex >= 0 && (!org || org.startsWith('--'))) throw new Error('Usage: npm run network:renew -- [--force] [--org <Org>]');
  const unknown = args.filter((a, i) => a !== '--force' && a !== '--org' && (orgIndex < 0 || i !== orgIndex + 1));
  if (unknown.length > 0) throw new Error(`Unknown option ${unknown[0]}: use --force and --org <Org>`);
  console.log(`• Renewing ${force ? 'every certificate' : 'the certificates within the renewal margin'}${org ? ` of ${org}` : ''}`);
  const summary = await renewCertificates(ctx, { force, org });
  console.log(summary.renewed === 0 ? '✔ nothing to renew' : `✔ renewed ${summary.renewed} certificate(s); restarted ${summary.restarted.map((n) => `${n.org} ${n.kind}`).join(', ') || 'no node'}`);
  return 0;
}

/** scripts/fabric-cli <Org> <identity> -- <command...>: Fabric's CLI as an enrolled identity. */
function fabricCli(ctx: NetworkContext, args: string[]): number {
  const sep = args.indexOf('--');
  const [orgName, identity] = args;
  if (sep !== 2 || args.length < 4) {
    throw new Error('Usage: scripts/fabric-cli <Org> <identity> -- <command> [args...]   e.g. scripts/fabric-cli HanoiDoET admin -- peer channel list');
  }
  const org = ctx.topology.organizations.find((o) => o.name === orgName);
  if (!org) throw new Error(`Unknown organization "${orgName}" (known: ${ctx.topology.organizations.map((o) => o.name).join(', ')})`);
  const mspDir = path.join(orgPaths(ctx.home, org.name).user(identity), 'msp');
  if (!existsSync(mspDir)) {
    const known = org.identities.map((i) => i.name);
    throw new Error(`No enrolled identity "${identity}" in ${org.name} (known: admin, ${known.join(', ')}). Is the network up?`);
  }
  const env: NodeJS.ProcessEnv = {
    ...peerCliEnv(ctx.home, org, identity),
    PATH: `${TOOLS_BIN}:${process.env.PATH ?? ''}`,
    CHANNEL: ctx.topology.channel,
    CHAINCODE: ctx.topology.chaincode.name,
    ORDERER_ADDRESS: `${org.host}:${org.ports.orderer}`,
    ORDERER_CA: path.join(orgPaths(ctx.home, org.name).orderer, 'tls', 'ca.crt'),
  };
  for (const o of ctx.topology.organizations) {
    const key = o.name.toUpperCase();
    env[`PEER_${key}_ADDRESS`] = `${o.host}:${o.ports.peer}`;
    env[`PEER_${key}_TLS_CA`] = peerTls(ctx.home, o).ca;
  }
  const [command, ...rest] = args.slice(3);
  const r = spawnSync(command, rest, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.error) throw new Error(`Cannot run ${command}: ${r.error.message}`);
  return r.status ?? 1;
}

/** npm run org:add -- <Department> | npm run org:remove -- <Department> (docs/departments.md). */
async function orgCommand(ctx: NetworkContext, sub: string | undefined, args: string[]): Promise<number> {
  const name = args[0];
  if ((sub !== 'add' && sub !== 'remove') || !name || args.length > 1) {
    throw new Error('Usage: npm run org:add -- <Department>   (after adding its entry to network/topology.yaml)\n       npm run org:remove -- <Department>');
  }
  buildTypeScript();
  const change = sub === 'add' ? await addOrganization(ctx, name) : await removeOrganization(ctx, name);
  const verb = sub === 'add' ? 'joined' : 'left';
  console.log(`\n✔ ${change.organization} (${change.mspId}) ${verb} channel ${ctx.topology.channel} in ${humanDuration(change.totalMs)}`);
  for (const s of change.steps) console.log(`  ${humanDuration(s.ms).padStart(8)}  ${s.step}`);
  console.log(`  configuration sequence ${change.configSequence}, signed by the admins of ${change.signers.join(', ')}`);
  console.log(`  chaincode sequence ${change.chaincodeSequence}, endorsement ${change.endorsementPolicy}`);
  if (change.recordDir) console.log(`  the update's record: ${change.recordDir}`);
  return 0;
}

/** npm run demo [-- --rows=N]: the new user's walkthrough against the gateway npm start runs. */
async function demo(ctx: NetworkContext, args: string[]): Promise<number> {
  const rowsArg = args.find((a) => a.startsWith('--rows='))?.slice('--rows='.length) ?? '10000';
  if (!/^[0-9]{1,6}$/.test(rowsArg) || Number(rowsArg) > 100_000) throw new Error(`--rows must be a whole number from 0 to 100000 (got ${rowsArg})`);
  const file = path.join(ctx.home.root, 'demo-credentials.json');
  if (!existsSync(file)) throw new Error(`No demo credentials at ${file}: start the system first (npm start).`);
  const callers = (JSON.parse(readFileSync(file, 'utf8')) as { callers: { name: string; apiKey: string }[] }).callers;
  const url = gatewayUrl(ctx);
  console.log(`Walkthrough against ${url} with the demo credentials of ${file}\n`);
  try {
    await runDemo({ url, apiKeys: Object.fromEntries(callers.map((c) => [c.name, c.apiKey])), rows: Number(rowsArg), log: console.log, outDir: path.join(ctx.home.root, 'demo') });
  } catch (err) {
    if (err instanceof DemoError) throw new Error(`The walkthrough stopped: ${err.message}`);
    throw err;
  }
  console.log('\n✔ every step answered as it should');
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, sub] = argv;
  const ctx = networkContext();
  switch (cmd) {
    case 'start':
      await start(ctx);
      return 0;
    case 'stop':
      await networkDown(ctx);
      return 0;
    case 'tools':
      await buildTools();
      return 0;
    case 'network':
      switch (sub) {
        case 'up':
          await bringUpNetwork(ctx);
          return (await printStatus(ctx, { withGateway: false })) ? 0 : 1;
        case 'down':
          await networkDown(ctx);
          return 0;
        case 'reset':
          await networkReset(ctx);
          return 0;
        case 'status':
          return (await printStatus(ctx)) ? 0 : 1;
        case 'renew':
          return renew(ctx, argv.slice(2));
        default:
          throw new Error(`Unknown network command "${sub ?? ''}": use up, down, reset, status or renew.`);
      }
    case 'identity':
      if (sub !== 'revoke') throw new Error('Usage: npm run identity:revoke -- <Org> <identity> --compromised-at <time>');
      return identityRevokeCommand(ctx, argv.slice(2));
    case 'issuer':
      if (sub !== 'rotate-key') throw new Error('Usage: npm run issuer:rotate-key -- <Org> <identity>');
      return issuerRotateKeyCommand(ctx, argv.slice(2));
    case 'chaincode':
      if (sub !== 'upgrade') throw new Error('Usage: npm run chaincode:upgrade');
      buildTypeScript();
      await deployChaincode(ctx.home, ctx.topology, { upgrade: true, log: console.log });
      return 0;
    case 'org':
      return orgCommand(ctx, sub, argv.slice(2));
    case 'test':
      buildTypeScript();
      buildPortal();
      ensureChromium();
      await buildTools();
      sh(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', ...argv.slice(1)], 'Tests');
      return 0;
    case 'bench':
      buildTypeScript();
      buildPortal();
      ensureChromium();
      sh(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(REPO_ROOT, 'scripts', 'bench.ts'), ...argv.slice(1)], 'Benchmarks');
      return 0;
    case 'backup':
      buildTypeScript();
      await buildTools(); // sqlite-snapshot (nearly free when built)
      return backupCommand(ctx, argv.slice(1));
    case 'restore':
      buildTypeScript(); // a fresh machine: the code and the binaries first
      await buildTools();
      return restoreCommand(ctx, argv.slice(1));
    case 'fabric-cli':
      return fabricCli(ctx, argv.slice(1));
    case 'demo':
      return demo(ctx, argv.slice(1));
    default:
      throw new Error(`Unknown command "${cmd ?? ''}".`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`\n✖ ${err.message}`);
    if (process.env.VANBANG_DEBUG) console.error(err.stack);
    process.exit(1);
  },
);
