// Starts long-running processes in the background and stops them again, always by the PID
// recorded in <home>/run/<name>.pid — never by process name. Output goes to <home>/logs/<name>.log.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tcpOpen } from './health';
import { namespaceOfAddress, readSlotFile } from './hosts/host-plan';
import type { Home } from './paths';

export interface ProcessSpec {
  /** Unique, file-name-safe name, e.g. `peer-HanoiDoET`. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** host:port pairs the process will listen on; checked free before it starts. */
  ports: { host: string; port: number; what: string }[];
  /**
   * The network namespace to run it in (`ip netns exec`, which execs the command: the PID file has
   * the real process). Default: in multi-host mode, the namespace of the address it listens on
   * (hosts/host-plan.ts); otherwise none.
   */
  netns?: string;
}

/** The namespace `spec` runs in: its own setting, or the one the home's multi-host plan gives its listen address. */
export function namespaceOf(home: Home, spec: ProcessSpec): string | undefined {
  if (spec.netns) return spec.netns;
  const plan = readSlotFile(home)?.plan;
  if (!plan) return undefined;
  for (const { host } of spec.ports) {
    const ns = namespaceOfAddress(plan, host);
    if (ns) return ns;
  }
  return undefined;
}

interface PidRecord {
  pid: number;
  command: string;
  startedAt: string;
}

export function pidFile(home: Home, name: string): string {
  return path.join(home.run, `${name}.pid`);
}

export function logFile(home: Home, name: string): string {
  return path.join(home.logs, `${name}.log`);
}

function readPidRecord(home: Home, name: string): PidRecord | undefined {
  const file = pidFile(home, name);
  if (!existsSync(file)) return undefined;
  try {
    const rec = JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
    return Number.isInteger(rec.pid) && rec.pid > 0 ? rec : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when the PID is alive and is still the program we started (the PID file records its
 * command; a reused PID belonging to another program does not count).
 */
function isOurs(rec: PidRecord): boolean {
  try {
    process.kill(rec.pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8');
    if (cmdline.length === 0) return false; // zombie
    return cmdline.split('\0')[0] === rec.command || cmdline.includes(rec.command);
  } catch {
    return false;
  }
}

/**
 * Why `name` does not count as running, in words (for the error when a start fails): no PID file,
 * the PID gone, or a PID now running another program. undefined when it runs.
 */
export function notRunningReason(home: Home, name: string): string | undefined {
  const rec = readPidRecord(home, name);
  if (!rec) return `no PID file ${pidFile(home, name)}`;
  if (isOurs(rec)) return undefined;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return `PID ${rec.pid} (started ${rec.startedAt}) is gone`;
  }
  return cmdline ? `PID ${rec.pid} now runs "${cmdline.slice(0, 200)}", not ${rec.command}` : `PID ${rec.pid} has exited (a zombie)`;
}

export function runningPid(home: Home, name: string): number | undefined {
  const rec = readPidRecord(home, name);
  return rec && isOurs(rec) ? rec.pid : undefined;
}

/** When the running process of that name was started (undefined when it does not run). */
export function processStartedAt(home: Home, name: string): Date | undefined {
  const rec = readPidRecord(home, name);
  return rec && isOurs(rec) ? new Date(rec.startedAt) : undefined;
}

export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export class StartError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the process unless it already runs; returns its PID. */
export async function startProcess(home: Home, spec: ProcessSpec): Promise<number> {
  const existing = runningPid(home, spec.name);
  if (existing) return existing;
  const netns = namespaceOf(home, spec);
  // An address of another namespace cannot be bound from here: there, a port is free when nothing answers on it.
  const portFree = netns ? async (host: string, port: number) => !(await tcpOpen(host, port, 500)) : isPortFree;
  for (const { host, port, what } of spec.ports) {
    // A process we just stopped may take a moment to release its sockets.
    let free = await portFree(host, port);
    for (let i = 0; !free && i < 25; i++) {
      await sleep(200);
      free = await portFree(host, port);
    }
    if (!free) {
      throw new StartError(
        `Cannot start ${spec.name}: port ${port} on ${host} (${what}) is already in use by another program. ` +
          `Stop that program, or move the network with VANBANG_PORT_SHIFT / network/topology.yaml.`,
      );
    }
  }
  if (!existsSync(spec.command)) {
    throw new StartError(`Cannot start ${spec.name}: ${spec.command} is missing. Run \`npm run tools\` to build the binaries.`);
  }
  mkdirSync(home.run, { recursive: true });
  mkdirSync(home.logs, { recursive: true });
  const log = openSync(logFile(home, spec.name), 'a');
  const [command, args]: [string, string[]] = netns ? ['ip', ['netns', 'exec', netns, spec.command, ...spec.args]] : [spec.command, spec.args];
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const pid = child.pid;
  if (!pid) throw new StartError(`Cannot start ${spec.name}: spawn failed`);
  child.unref();
  const rec: PidRecord = { pid, command: spec.command, startedAt: new Date().toISOString() };
  writeFileSync(pidFile(home, spec.name), JSON.stringify(rec));
  return pid;
}

/** Stops a process by its PID file: SIGTERM, then SIGKILL after `graceMs`. Returns true if it was running. */
export async function stopProcess(home: Home, name: string, graceMs = 10_000): Promise<boolean> {
  const rec = readPidRecord(home, name);
  const file = pidFile(home, name);
  if (!rec || !isOurs(rec)) {
    rmSync(file, { force: true });
    return false;
  }
  // The process leads its own group (detached), so signal the group: helpers it spawned go too.
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-rec.pid, sig);
    } catch {
      try {
        process.kill(rec.pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isOurs(rec)) await sleep(100);
  if (isOurs(rec)) {
    signal('SIGKILL');
    while (isOurs(rec)) await sleep(50);
  }
  rmSync(file, { force: true });
  return true;
}

/** Kills a process abruptly (SIGKILL) by its PID file: used by crash tests. */
export async function killProcess(home: Home, name: string): Promise<void> {
  const rec = readPidRecord(home, name);
  if (!rec || !isOurs(rec)) return;
  process.kill(rec.pid, 'SIGKILL');
  while (isOurs(rec)) await sleep(20);
  rmSync(pidFile(home, name), { force: true });
}

/** Last lines of a process's log, for error messages. */
export function logTail(home: Home, name: string, lines = 15): string {
  try {
    return readFileSync(logFile(home, name), 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
