import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { homeAt, isPortFree, pidFile, runningPid, startProcess, StartError, stopProcess } from '../src';

/** Running (not exited, not a zombie waiting for this test process to reap it). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

const home = homeAt(mkdtempSync(path.join(os.tmpdir(), 'vanbang-proc-')));
const sleeper = (name: string, port = 0) => ({
  name,
  command: process.execPath,
  args: ['-e', 'setInterval(() => {}, 1000); console.log("up")'],
  ports: port ? [{ host: '127.0.0.1', port, what: 'test' }] : [],
});

test('starts a process in the background with a PID file and log, and stops it by that PID', async () => {
  const pid = await startProcess(home, sleeper('sleeper'));
  expect(runningPid(home, 'sleeper')).toBe(pid);
  expect(JSON.parse(readFileSync(pidFile(home, 'sleeper'), 'utf8')).pid).toBe(pid);
  // Starting it again reuses the running one.
  expect(await startProcess(home, sleeper('sleeper'))).toBe(pid);
  expect(await stopProcess(home, 'sleeper')).toBe(true);
  expect(runningPid(home, 'sleeper')).toBeUndefined();
  expect(alive(pid)).toBe(false);
  expect(existsSync(pidFile(home, 'sleeper'))).toBe(false);
  expect(await stopProcess(home, 'sleeper')).toBe(false);
});

test('a port already in use is refused with a message naming the port', async () => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    expect(await isPortFree('127.0.0.1', port)).toBe(false);
    await expect(startProcess(home, sleeper('blocked', port))).rejects.toThrow(StartError);
    await expect(startProcess(home, sleeper('blocked', port))).rejects.toThrow(new RegExp(`port ${port} on 127.0.0.1 \\(test\\) is already in use`));
    expect(runningPid(home, 'blocked')).toBeUndefined();
  } finally {
    server.close();
  }
}, 20_000); // each refusal first waits 5 s for the port to be released

test('a missing binary is named', async () => {
  await expect(startProcess(home, { ...sleeper('missing'), command: '/nonexistent/peer' })).rejects.toThrow(/\/nonexistent\/peer is missing/);
});
