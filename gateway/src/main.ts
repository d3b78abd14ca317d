// Starts the gateway process: builds the runtime, then listens.
import { createRuntime, type GatewayRuntime } from './runtime';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  // SIGHUP is sent by the certificate renewal (npm run network:renew, the renewer) once it has
  // renewed: reload the identities. Handled from the first moment, since by default it would end
  // the process; a gateway still starting reads the renewed files anyway.
  const running: { runtime?: GatewayRuntime } = {};
  process.on('SIGHUP', () => {
    const r = running.runtime;
    if (r) void r.reloadIdentities().then((names) => r.ctx.log.info({ identities: names }, 'SIGHUP: identities reloaded'));
  });
  const started = await createRuntime(config);
  running.runtime = started;
  const server = started.app.listen(config.port, config.host, () => {
    started.ctx.log.info(`vanbang gateway listening on http://${config.host}:${config.port}`);
  });
  server.keepAliveTimeout = 65_000;
  const shutdown = () => {
    server.close();
    void started.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: Error) => {
  console.error(`gateway failed to start: ${err.message}`);
  process.exit(1);
});
