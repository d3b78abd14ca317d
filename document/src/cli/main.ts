/**
 * Entry point of the `vanbang` command line (scripts/vanbang). Prints readable messages, never a
 * stack trace; exit codes: 0 valid, 1 not valid, 2 bad input or usage (also a refused EVM check:
 * another chain or contract than the proof's), 3 status unknown (no gateway or chain, unreachable).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs, USAGE } from './args';
import { formatReport } from './format';
import { InputError, verifyFile } from './verify';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const EXIT = { VALID: 0, INVALID: 1, USAGE: 2, UNKNOWN: 3 } as const;

async function readCaFiles(files: readonly string[]): Promise<string[]> {
  return Promise.all(files.map(async (file) => {
    const text = await readFile(file, 'utf8').catch(() => { throw new InputError(`cannot read CA file ${file}`); });
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(`${file} holds no PEM certificate`);
    return text;
  }));
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, io.env);
  if (args.command === 'help') { io.out(`${USAGE}\n`); return EXIT.VALID; }
  if (args.command === 'error') { io.err(`vanbang: ${args.message}\n\n${USAGE}\n`); return EXIT.USAGE; }
  try {
    const trustedCaPems = await readCaFiles(args.caFiles);
    const report = await verifyFile(args.file, {
      gatewayUrl: args.gatewayUrl,
      trustedCaPems,
      ...(args.evm === undefined ? {} : { evm: args.evm }),
      ...(args.anchorProofFile === undefined ? {} : { anchorProofFile: args.anchorProofFile }),
    });
    io.out(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return report.verdict === 'VALID' ? EXIT.VALID : report.verdict === 'INVALID' ? EXIT.INVALID : EXIT.UNKNOWN;
  } catch (error) {
    const message = error instanceof InputError ? error.message : `unexpected error: ${(error as Error).message ?? String(error)}`;
    if (args.json) io.out(`${JSON.stringify({ file: args.file, verdict: 'ERROR', error: message }, null, 2)}\n`);
    io.err(`vanbang: ${message}\n`);
    return EXIT.USAGE;
  }
}

if (require.main === module) {
  const io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env };
  process.on('uncaughtException', (error) => { io.err(`vanbang: unexpected error: ${error.message}\n`); process.exit(EXIT.USAGE); });
  runCli(process.argv.slice(2), io).then((code) => { process.exitCode = code; }, (error: unknown) => {
    io.err(`vanbang: unexpected error: ${(error as Error).message}\n`);
    process.exitCode = EXIT.USAGE;
  });
}
