// Starts the gateway process: builds the runtime, then listens.
import { createRuntime } from './runtime';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  const server = runtime.app.listen(config.port, config.host, () => {
    runtime.ctx.log.info(`vanbang gateway listening on http://${config.host}:${config.port}`);
  });
  server.keepAliveTimeout = 65_000;
  const shutdown = () => {
    server.close();
    void runtime.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: Error) => {
  console.error(`gateway failed to start: ${err.message}`);
  process.exit(1);
});
