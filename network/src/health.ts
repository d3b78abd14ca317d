// Waiting on real health signals (HTTP health endpoints, open ports) instead of fixed sleeps.
import http from 'node:http';
import net from 'node:net';

export function httpGet(url: string, timeoutMs = 2_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export function tcpOpen(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function httpHealthy(url: string): Promise<boolean> {
  try {
    const res = await httpGet(url);
    return res.status === 200;
  } catch {
    return false;
  }
}

export class HealthTimeout extends Error {}

/**
 * Polls `check` until it returns true. `alive` lets the wait stop early, with the reason, when
 * the process being waited on has died.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  opts: { timeoutMs?: number; intervalMs?: number; alive?: () => boolean; onDead?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let interval = opts.intervalMs ?? 100;
  for (;;) {
    if (await check()) return;
    // Looked at twice, half a second apart, before giving up on a start: a node seen as gone once
    // during start-up while it was in fact running has been observed (the cause is not known).
    if (opts.alive && !opts.alive() && !(await new Promise((r) => setTimeout(r, 500)).then(() => opts.alive!()))) {
      throw new HealthTimeout(`${what}: the process exited.${opts.onDead ? `\n${opts.onDead()}` : ''}`);
    }
    if (Date.now() > deadline) {
      throw new HealthTimeout(`${what}: not healthy after ${Math.round((opts.timeoutMs ?? 60_000) / 1000)} s.${opts.onDead ? `\n${opts.onDead()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
    interval = Math.min(interval * 1.5, 1_000);
  }
}
