// The background certificate renewer's process (started by `npm start`, stopped by `npm stop`
// through its PID file): runs network/src/renewer.ts for one network until SIGTERM or SIGINT.
//   renewer.ts --home <VANBANG_HOME> --port-shift <N> --topology <topology.yaml>
import { networkContext, runRenewer } from '../network/src';

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const shift = option(argv, '--port-shift');
  const context = () => networkContext({ home: option(argv, '--home'), portShift: shift === undefined ? undefined : Number(shift), topologyFile: option(argv, '--topology') });
  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop.abort());
  // Read again each round: a Department added (or removed) since the start is renewed (or left alone).
  await runRenewer(context(), { signal: stop.signal, refresh: context });
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`renewer failed to start: ${err.message}`);
    process.exit(1);
  },
);
