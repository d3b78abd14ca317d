// Shared helpers of the gateway integration tests: an in-process gateway (real Fabric network,
// real FerretDB, its own database) listening on an ephemeral port, and small HTTP helpers.
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { loadConfig, type GatewayConfig } from '../../gateway/src/config';
import type { LedgerVerifyResult } from '../../gateway/src/ledger/verify-cache';
import { createRuntime, type GatewayRuntime } from '../../gateway/src/runtime';
import { knownLedgerAnswer } from '../../gateway/src/services/verification';
import { connectionProfilePath } from '../../network/src';
import type { Caller } from '../support/gateway-fixtures';
import { testContext, testDatabaseUri } from '../support/network';

export interface TestGateway {
  url: string;
  runtime: GatewayRuntime;
  callers: Record<string, Caller>;
  home: string;
  close(): Promise<void>;
}

export function gatewayHome(name: string): string {
  const home = path.join(testContext().home.root, 'gateway-tests', name);
  mkdirSync(home, { recursive: true });
  return home;
}

export function testConfig(dbName: string, env: Record<string, string> = {}): GatewayConfig {
  return loadConfig({
    PORT: '13999', VANBANG_HOME: gatewayHome(dbName), VANBANG_CONNECTION_PROFILE: connectionProfilePath(testContext().home),
    MONGODB_URI: testDatabaseUri(dbName), LOG_LEVEL: 'warn', ...env,
  });
}

export function readCallers(home: string): Record<string, Caller> {
  const file = JSON.parse(readFileSync(path.join(home, 'demo-credentials.json'), 'utf8')) as { callers: Caller[] };
  return Object.fromEntries(file.callers.map((c) => [c.name, c]));
}

export async function startTestGateway(dbName: string, env: Record<string, string> = {}, log = pino({ level: 'warn' })): Promise<TestGateway> {
  const config = testConfig(dbName, env);
  const runtime = await createRuntime(config, { log });
  const server = runtime.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, runtime, home: config.home, callers: readCallers(config.home),
    close: async () => {
      await new Promise((r) => server.close(r));
      await runtime.close();
    },
  };
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export async function call(url: string, method: string, pathname: string, opts: { key?: string; json?: unknown; body?: RequestInit['body']; contentType?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  if (opts.contentType) headers['content-type'] = opts.contentType;
  const res = await fetch(url + pathname, { method, headers, body, ...(body && typeof body !== 'string' && !(body instanceof Uint8Array) ? { duplex: 'half' } : {}) } as RequestInit);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export const enc = encodeURIComponent;

/** The answer the gateway has for a hash without a chaincode query (status index or verify cache): what the fast path serves. */
export function knownAnswer(gw: TestGateway, hash: string): LedgerVerifyResult | undefined {
  return knownLedgerAnswer(gw.runtime.ctx, hash)?.answer;
}
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}
