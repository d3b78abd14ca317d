// Starts the gateway: connects to the database and the Fabric network, then listens.
import { readConnectionProfile } from '@vanbang/network';
import mongoose from 'mongoose';
import { createApp } from './app';
import { loadConfig } from './config';
import { PeerConnections } from './ledger/peers';

async function main(): Promise<void> {
  const config = loadConfig();
  const profile = readConnectionProfile(config.connectionProfile);
  await mongoose.connect(config.mongodbUri, { serverSelectionTimeoutMS: 10_000 });
  const peers = new PeerConnections(profile);
  const app = createApp({ peers });
  const server = app.listen(config.port, config.host, () => {
    console.log(`vanbang gateway listening on http://${config.host}:${config.port}`);
  });
  const shutdown = () => {
    server.close();
    peers.close();
    void mongoose.disconnect().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: Error) => {
  console.error(`gateway failed to start: ${err.message}`);
  process.exit(1);
});
