// The Express application: routes under /api/v1.
import express, { type Express } from 'express';
import type { PeerConnections } from './ledger/peers';
import { healthRouter } from './routes/health';

export function createApp(deps: { peers: PeerConnections }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/api/v1', healthRouter(deps.peers));
  return app;
}
