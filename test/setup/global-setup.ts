// Starts a fresh, isolated network (CAs, Raft orderers, peers, chaincode, FerretDB) before the
// integration tests, and registers the demo issuers. If anything fails it tears down what it
// started, so no process is left behind.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { networkDown, networkReset, networkUp } from '../../network/src';
import { seedDemoData } from '../../scripts/lib/seed';
import { testContext } from '../support/network';

export default async function globalSetup(): Promise<void> {
  const ctx = testContext();
  const logFile = path.join(ctx.home.root, 'setup.log');
  const log = (line: string) => appendFileSync(logFile, `${line}\n`);
  const started = Date.now();
  await networkReset(ctx, () => {});
  mkdirSync(ctx.home.root, { recursive: true });
  process.stdout.write(`\nStarting the isolated test network under ${ctx.home.root} (log: ${logFile}) ...\n`);
  try {
    await networkUp(ctx, log);
    await seedDemoData(ctx, log);
  } catch (err) {
    await networkDown(ctx, log);
    throw err;
  }
  process.stdout.write(`Test network up in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
