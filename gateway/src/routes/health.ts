// GET /api/v1/health: each peer's reachability and block height, the database status, and how far
// the status index has got. 200 when every peer answers and the database is up, 503 otherwise (an
// index still catching up is not unhealthy: verification then falls back to VerifyHash).
import { Router } from 'express';
import mongoose from 'mongoose';
import type { PeerConnections } from '../ledger/peers';
import type { StatusIndex } from '../status-index/status-index';

export function healthRouter(peers: PeerConnections, statusIndex: StatusIndex | null): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const peerHealth = await peers.health();
    let database: { status: 'up' | 'down'; error?: string };
    try {
      if (mongoose.connection.readyState !== 1 || !mongoose.connection.db) throw new Error('not connected');
      await mongoose.connection.db.admin().command({ ping: 1 });
      database = { status: 'up' };
    } catch (err) {
      database = { status: 'down', error: (err as Error).message };
    }
    const heights = peerHealth.map((p) => p.height).filter((h): h is number => h !== undefined);
    const healthy = peerHealth.every((p) => p.reachable) && database.status === 'up';
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'ok' : 'degraded',
      ledger: { peers: peerHealth, inSync: heights.length > 0 && heights.every((h) => h === heights[0]) },
      database,
      statusIndex: statusIndex?.stats() ?? null,
    });
  });
  return router;
}
