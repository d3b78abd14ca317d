// A gateway process of a benchmark's own, on the benchmark network: its own home, database and
// port, the public rate limit lifted, following only new chaincode events (the benchmark
// measures issuance and verification, not the one-time mirroring of earlier benchmarks' diplomas).
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { connectionProfilePath, databaseUri, REPO_ROOT, runningPid, startProcess, stopProcess, type NetworkContext } from '../../network/src';

export interface BenchGateway {
  url: string;
  pid: number;
  /** The API key of a demo caller (var/…/demo-credentials.json of this gateway's home). */
  apiKey(name: string): string;
  stop(): Promise<void>;
}

export async function startBenchGateway(ctx: NetworkContext, opts: { name: string; port: number; database: string; nodeArgs?: string[]; env?: Record<string, string> }): Promise<BenchGateway> {
  const home = path.join(ctx.home.root, 'bench', `${opts.name}-home`);
  mkdirSync(home, { recursive: true });
  const url = `http://127.0.0.1:${opts.port}`;
  const dbUrl = new URL(databaseUri(ctx.topology));
  dbUrl.pathname = `/${opts.database}`;
  const stop = async (): Promise<void> => { await stopProcess(ctx.home, opts.name); };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));
  await startProcess(ctx.home, {
    name: opts.name, command: process.execPath, args: [...(opts.nodeArgs ?? []), path.join(REPO_ROOT, 'gateway', 'dist', 'main.js')], cwd: REPO_ROOT,
    env: { PORT: String(opts.port), VANBANG_HOME: home, VANBANG_CONNECTION_PROFILE: connectionProfilePath(ctx.home), MONGODB_URI: dbUrl.toString(),
      VANBANG_PUBLIC_RATE_LIMIT: '100000000', LOG_LEVEL: 'warn', VANBANG_EVENTS_START: 'latest', ...opts.env },
    ports: [{ host: '127.0.0.1', port: opts.port, what: opts.name }],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/api/v1/health`)).status === 200) break;
      } catch { /* starting */ }
      if (i > 180) throw new Error(`${opts.name} did not start`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const callers = (JSON.parse(readFileSync(path.join(home, 'demo-credentials.json'), 'utf8')) as { callers: { name: string; apiKey: string }[] }).callers;
  return {
    url, pid: runningPid(ctx.home, opts.name)!, stop,
    apiKey: (name) => {
      const caller = callers.find((c) => c.name === name);
      if (!caller) throw new Error(`no demo caller ${name} in ${home}`);
      return caller.apiKey;
    },
  };
}
