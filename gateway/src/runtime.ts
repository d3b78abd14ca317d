// Builds a running gateway: database, encrypted identity vault, ledger connections, demo
// callers, issuer mirror, event listener, batch and recovery workers, and the Express app.
// Used by main.ts (the process) and by the integration tests (in-process).
import { readConnectionProfile } from '@vanbang/network';
import type { Express } from 'express';
import mongoose from 'mongoose';
import pino, { type Logger } from 'pino';
import { startAlertTimer } from './alerts/alert-book';
import { mongoNoteStore } from './alerts/alert-note-store';
import { useNoteStore } from './alerts/refusal-log';
import { createApp } from './app';
import { ensureDemoCallers } from './auth/demo-callers';
import { IdentityReloader } from './auth/identity-reload';
import { ProfileReloader } from './ledger/profile-reload';
import { IdentityVault } from './auth/identity-vault';
import { loadMasterKey } from './auth/master-key';
import type { GatewayConfig } from './config';
import { EventListener } from './ledger/event-listener';
import { LedgerClient } from './ledger/ledger-client';
import { PeerConnections } from './ledger/peers';
import { VerifyCache } from './ledger/verify-cache';
import { IndexSampler } from './status-index/index-sampler';
import { StatusIndex } from './status-index/status-index';
import { ensureIndexes } from './models/collections';
import { detectConditionSupport } from './models/guarded-writes';
import { migrateChunkCommits } from './services/batch-rows';
import { BatchWorker } from './services/batch-worker';
import type { GatewayContext } from './services/context';
import { syncAllIssuers } from './services/issuers';
import { backfillLookupKeys } from './services/lookup-keys';
import { RecoveryWorker } from './services/recovery-worker';
import { createAnchoring } from './anchoring/anchoring-service';

export interface GatewayRuntime {
  app: Express;
  ctx: GatewayContext;
  batches: BatchWorker;
  recovery: RecoveryWorker;
  events: EventListener;
  statusIndex: StatusIndex | null;
  sampler: IndexSampler | null;
  /** Re-reads the connection profile (organizations joined or left) and the identities' certificate files now (on SIGHUP); the names of the identities replaced. */
  reloadIdentities(): Promise<string[]>;
  close(): Promise<void>;
}

export async function createRuntime(config: GatewayConfig, opts: { log?: Logger; startWorkers?: boolean } = {}): Promise<GatewayRuntime> {
  const log = opts.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const profile = readConnectionProfile(config.connectionProfile);
  // No command buffering: while the database is down, calls fail fast (→ 503) instead of queueing.
  await mongoose.connect(config.mongodbUri, { serverSelectionTimeoutMS: 3_000, bufferCommands: false });
  const conditionalWrites = await detectConditionSupport(mongoose.connection.db!);
  // 'by-id' means FerretDB, whose query planner only ever uses the _id index.
  await ensureIndexes({ queryIndexesUsable: conditionalWrites === 'filter' });
  log.info({ conditionalWrites }, 'database connected');
  // Before any worker reads a chunk's commit: manifests of earlier versions carried it themselves.
  const migratedCommits = await migrateChunkCommits();
  if (migratedCommits > 0) log.info({ chunks: migratedCommits }, 'batch chunk commits moved out of their manifests');
  const vault = new IdentityVault(loadMasterKey(config.home));
  await vault.importFromProfile(profile);
  const readIdentity = vault.list().find((i) => i.role === 'auditor')?.name ?? vault.list()[0]?.name;
  if (!readIdentity) throw new Error('no application identity in the connection profile');
  const ledger = new LedgerClient(profile, vault, readIdentity);
  const peers = new PeerConnections(profile);
  const ctx: GatewayContext = { config, profile, vault, ledger, peers, verifyCache: new VerifyCache(), statusIndex: null, log };
  if (config.statusIndexDir) ctx.statusIndex = new StatusIndex(ctx, config.statusIndexDir);
  const sampler = ctx.statusIndex ? new IndexSampler(ctx, ctx.statusIndex, config.statusIndexSampleMs, config.statusIndexSampleSize) : null;
  // Renewed certificates come in without a restart: the ledger client then drops the identity's session.
  const reloader = new IdentityReloader(config.connectionProfile, vault, (identity) => ledger.forgetIdentity(identity.name), log);
  // Organizations added to or removed from the channel come in the same way (npm run org:add).
  const profileReloader = new ProfileReloader(config.connectionProfile, profile, vault, { demoCallersHome: config.createDemoCallers ? config.home : undefined, log });
  const reloadAll = async (): Promise<string[]> => {
    await profileReloader.check();
    return reloader.check();
  };
  // Certificates renewed while the gateway was down are taken up before it serves anything.
  await reloader.check();
  reloader.start(config.identityReloadMs);
  const profileTimer = config.identityReloadMs > 0 ? setInterval(() => void profileReloader.check(), config.identityReloadMs) : undefined;
  profileTimer?.unref();
  if (config.createDemoCallers) await ensureDemoCallers(profile, config.home);
  // The issuer mirror is refreshed from the ledger; if the ledger is unreachable right now the
  // gateway still starts (health and ledger-backed calls answer 503) and retries in the background.
  let issuerSync: NodeJS.Timeout | undefined;
  const syncIssuers = async (): Promise<void> => {
    try {
      await syncAllIssuers(ledger);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'issuer registry sync failed; retrying in 10 s');
      issuerSync = setTimeout(() => void syncIssuers(), 10_000);
      issuerSync.unref();
    }
  };
  await syncIssuers();
  // Records stored before lookup keys existed get theirs once, in the background.
  void backfillLookupKeys().then((n) => n > 0 && log.info({ records: n }, 'lookup keys filed for earlier records'))
    .catch((err: Error) => log.warn({ err: err.message }, 'lookup key backfill failed; it runs again at the next start'));
  const batches = new BatchWorker(ctx);
  const recovery = new RecoveryWorker(ctx, batches);
  const events = new EventListener(ctx);
  ctx.anchoring = createAnchoring(ctx);
  let stopAlerts: (() => void) | undefined;
  // The alert rules' notes of refusals and rejected batches survive a restart.
  await useNoteStore(mongoNoteStore(log), config.alerts.holdMs)
    .catch((err: Error) => log.warn({ err: err.message }, 'alert notes not read back; earlier refusals are not listed until they happen again'));
  if (opts.startWorkers !== false) {
    stopAlerts = startAlertTimer(ctx);
    void events.run();
    void ctx.statusIndex?.run();
    sampler?.start();
    recovery.start();
    void ctx.anchoring?.worker.run();
  }
  const app = createApp(ctx, batches);
  return {
    app, ctx, batches, recovery, events, statusIndex: ctx.statusIndex, sampler,
    reloadIdentities: reloadAll,
    close: async () => {
      reloader.stop();
      if (profileTimer) clearInterval(profileTimer);
      stopAlerts?.();
      if (issuerSync) clearTimeout(issuerSync);
      events.stop();
      await ctx.anchoring?.close();
      sampler?.stop();
      ctx.statusIndex?.stop();
      recovery.stop();
      batches.stop();
      ledger.close();
      peers.close();
      await mongoose.disconnect();
    },
  };
}
