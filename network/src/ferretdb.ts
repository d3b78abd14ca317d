// The embedded MongoDB-compatible database: FerretDB with its SQLite handler, data under
// <home>/ferretdb. Set MONGODB_URI to use a real MongoDB instead (then FerretDB is not started).
import { mkdirSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { waitFor } from './health';
import type { Home } from './paths';
import { logTail, notRunningReason, runningPid, startProcess, type ProcessSpec } from './processes';
import { binary } from './tools';
import type { Topology } from './topology';

export const FERRETDB_PROCESS = 'ferretdb';

export function databaseUri(t: Topology): string {
  return process.env.MONGODB_URI ?? `mongodb://${t.services.host ?? '127.0.0.1'}:${t.services.database.port}/vanbang`;
}

export function usesEmbeddedDatabase(): boolean {
  return !process.env.MONGODB_URI;
}

export function ferretdbProcess(home: Home, t: Topology): ProcessSpec {
  mkdirSync(home.ferretdb, { recursive: true });
  const host = t.services.host ?? '127.0.0.1';
  return {
    name: FERRETDB_PROCESS,
    command: binary('ferretdb'),
    args: [`--listen-addr=${host}:${t.services.database.port}`, `--sqlite-url=file:${home.ferretdb}/`, '--log-level=warn',
      // Diagnostics only: Go's profiler for measuring FerretDB under load (docs/gateway.md, "Benchmark").
      ...(process.env.VANBANG_FERRETDB_DEBUG_ADDR ? [`--debug-addr=${process.env.VANBANG_FERRETDB_DEBUG_ADDR}`] : [])],
    ports: [{ host, port: t.services.database.port, what: 'FerretDB' }],
    // Go collects when the heap has grown by GOGC % since the last collection (default 100).
    // FerretDB allocates freely while turning each record into JSON: at 400 it spent a fifth less
    // CPU receiving a 20,000-row batch (0.83 → 0.67 ms a row) for 55 MB more at its peak (76 →
    // 131 MB). The peers gained nothing from it (and grew by 800 MB), so only FerretDB gets it.
    // A GOGC set by the operator wins.
    env: { GOGC: process.env.GOGC ?? '400' },
  };
}

export async function pingDatabase(uri: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db().command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

export async function startDatabase(home: Home, t: Topology): Promise<void> {
  if (!usesEmbeddedDatabase()) {
    await waitFor(`MongoDB at MONGODB_URI`, () => pingDatabase(databaseUri(t)), { timeoutMs: 20_000 });
    return;
  }
  const spec = ferretdbProcess(home, t);
  await startProcess(home, spec);
  await waitFor('FerretDB', () => pingDatabase(databaseUri(t), 1_000), {
    timeoutMs: 60_000,
    alive: () => runningPid(home, spec.name) !== undefined,
    onDead: () => `${notRunningReason(home, spec.name) ?? 'running again'}\n${logTail(home, spec.name)}`,
  });
}
