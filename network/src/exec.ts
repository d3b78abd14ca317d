// Runs one of the Fabric / CA command-line tools and turns a failure into a readable error that
// says what was being done and shows the tool's own last lines of output.
import { execFile } from 'node:child_process';

export class CommandError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** What the command is for, used in the error message. */
  purpose: string;
  timeoutMs?: number;
  /** Resolve with standard output alone (a command whose stdout is data and whose stderr is its log). */
  stdoutOnly?: boolean;
}

export function run(file: string, args: string[], opts: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        env: { ...process.env, ...opts.env },
        cwd: opts.cwd,
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (err) {
          // Fabric's CLI prints its error, then the whole usage: keep the error line in view.
          const lines = output.trim().split('\n');
          const errorLine = lines.find((l) => l.startsWith('Error:'));
          const tail = [...(errorLine && !lines.slice(-12).includes(errorLine) ? [errorLine, '…'] : []), ...lines.slice(-12)].join('\n');
          const how = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `${file} was not found` : `exit ${err.code ?? err.signal}`;
          reject(new CommandError(`Failed to ${opts.purpose} (${how}):\n${tail}`, output));
          return;
        }
        resolve(opts.stdoutOnly ? stdout : output);
      },
    );
  });
}
