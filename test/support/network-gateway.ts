// An in-process gateway on a network of a test's own (isolated-network.ts): its connection
// profile, a database of its own on that network's FerretDB (or MONGODB_URI), listening on a free
// port of 127.0.0.1. Tests call `runtime` directly where a real process would get a signal
// (reloadIdentities for SIGHUP).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { loadConfig } from '../../gateway/src/config';
import { createRuntime, type GatewayRuntime } from '../../gateway/src/runtime';
import { connectionProfilePath, type NetworkContext } from '../../network/src';

export interface NetworkGateway {
  runtime: GatewayRuntime;
  url: string;
  close(): Promise<void>;
}

export async function startNetworkGateway(ctx: NetworkContext, opts: { home: string; dbName: string; env?: Record<string, string> }): Promise<NetworkGateway> {
  const db = new URL(process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${ctx.topology.services.database.port}/`);
  db.pathname = `/${opts.dbName}`;
  const runtime = await createRuntime(loadConfig({
    // PORT is only checked here: the server below listens on a free port.
    PORT: String(ctx.topology.services.gateway.port), VANBANG_HOME: opts.home, VANBANG_CONNECTION_PROFILE: connectionProfilePath(ctx.home),
    MONGODB_URI: db.toString(), LOG_LEVEL: 'warn', VANBANG_PUBLIC_RATE_LIMIT: '100000', ...opts.env,
  }), { log: pino({ level: 'warn' }) });
  const server: Server = runtime.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    runtime,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((r) => server.close(r));
      await runtime.close();
    },
  };
}
