// Gateway configuration from the environment, checked once at start-up.
import path from 'node:path';
import { loadAlertConfig, type AlertConfig } from './alerts/alert-config';

export interface GatewayConfig {
  port: number;
  host: string;
  /** VANBANG_HOME: where demo-credentials.json and gateway/master.key live. */
  home: string;
  connectionProfile: string;
  mongodbUri: string;
  /** Base of the verification URL printed in the PDF's QR code: the portal's page `/v/{hash}`. */
  verifyUrlBase: string;
  /** The built verification portal (index.html + assets/) served at `/`. */
  portalDir: string;
  /** Proof-of-work difficulty of the public lookup's challenge (altcha `maxnumber`). */
  lookupPowMaxNumber: number;
  /** Requests per client address per minute on the public endpoints (verify, lookup). */
  publicRateLimitPerMinute: number;
  /** How many IssueDiplomas transactions a batch keeps in flight at once (pipelining). */
  batchConcurrency: number;
  /** Create the demo callers (one per identity of the profile) and write their keys. */
  createDemoCallers: boolean;
  /**
   * Where a gateway with no stored checkpoint starts following chaincode events: `genesis` (mirror
   * the whole ledger history into this database) or `latest` (only what happens from now on).
   */
  eventsStart: 'genesis' | 'latest';
  /**
   * How often the gateway re-reads its identities' certificate and key files (the connection
   * profile's) to pick up renewed ones, in milliseconds; 0 = only on SIGHUP.
   */
  identityReloadMs: number;
  /**
   * The ledger-derived status index that answers public verification (status-index/): its LMDB
   * folder (VANBANG_STATUS_INDEX_DIR; `off` answers every verify with a VerifyHash query).
   */
  statusIndexDir: string | null;
  /** How often the index's sampler compares a few of its answers with VerifyHash, in ms; 0 = never. */
  statusIndexSampleMs: number;
  /** How many hashes each sampling round checks. */
  statusIndexSampleSize: number;
  /** Hashes each authenticated caller may verify through POST /verify/bulk per minute. */
  bulkVerifyPerMinute: number;
  /**
   * The network whose Fabric CAs enroll the issuer identities the gateway creates
   * (POST /issuers/{code}/callers): its home (VANBANG_NETWORK_HOME, default VANBANG_HOME, where
   * `npm start` puts the network) and port shift (VANBANG_PORT_SHIFT). The CA registrar's files
   * under that home must be readable by the gateway.
   */
  /** The network whose CAs the gateway enrolls issuer identities at (VANBANG_TOPOLOGY_FILE: its topology, if not network/topology.yaml). */
  caNetwork: { home: string; portShift: number; topologyFile?: string };
  /** Thresholds of the alert rules (alerts/alert-config.ts: VANBANG_ALERT_*). */
  alerts: AlertConfig;
  /**
   * The anchoring settings as given (VANBANG_ANCHOR*, VANBANG_EVM_*), read by anchoring/anchoring-config.ts
   * when the worker starts: the embedded chain's chain.json may only appear after this configuration is loaded.
   */
  anchoringEnv: Record<string, string | undefined>;
}

function eventsStart(value: string | undefined): 'genesis' | 'latest' {
  if (value === undefined || value === 'genesis') return 'genesis';
  if (value === 'latest') return 'latest';
  throw new Error(`VANBANG_EVENTS_START must be genesis or latest (got ${value})`);
}

function identityReloadMs(value: string | undefined): number {
  if (value === undefined || value === '') return 60_000;
  if (!/^[0-9]+$/.test(value)) throw new Error(`VANBANG_IDENTITY_RELOAD_SECONDS must be a whole number of seconds, 0 to reload only on SIGHUP (got ${value})`);
  return Number(value) * 1_000;
}

function wholeSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * 1_000;
  if (!/^[0-9]+$/.test(raw)) throw new Error(`${name} must be a whole number of seconds, 0 to turn it off (got ${raw})`);
  return Number(raw) * 1_000;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer (got ${raw})`);
  return value;
}

function portShift(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^-?[0-9]+$/.test(value)) throw new Error(`VANBANG_PORT_SHIFT must be a whole number (got ${value})`);
  return Number(value);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a port number (got ${env.PORT})`);
  const home = path.resolve(env.VANBANG_HOME ?? path.join(__dirname, '..', '..', 'var'));
  const host = env.HOST ?? '127.0.0.1';
  return {
    port,
    host,
    home,
    connectionProfile: env.VANBANG_CONNECTION_PROFILE ?? path.join(home, 'network', 'connection.json'),
    mongodbUri: env.MONGODB_URI ?? 'mongodb://127.0.0.1:7017/vanbang',
    verifyUrlBase: env.VANBANG_VERIFY_URL_BASE ?? `http://${host}:${port}/v`,
    portalDir: path.resolve(env.VANBANG_PORTAL_DIR ?? path.join(__dirname, '..', '..', 'portal', 'dist')),
    lookupPowMaxNumber: positiveInt(env, 'VANBANG_LOOKUP_POW_MAXNUMBER', 100_000),
    publicRateLimitPerMinute: positiveInt(env, 'VANBANG_PUBLIC_RATE_LIMIT', 600),
    batchConcurrency: positiveInt(env, 'VANBANG_BATCH_CONCURRENCY', 6),
    createDemoCallers: env.VANBANG_DEMO_CALLERS !== '0',
    eventsStart: eventsStart(env.VANBANG_EVENTS_START),
    identityReloadMs: identityReloadMs(env.VANBANG_IDENTITY_RELOAD_SECONDS),
    statusIndexDir: env.VANBANG_STATUS_INDEX_DIR === 'off' ? null : path.resolve(env.VANBANG_STATUS_INDEX_DIR ?? path.join(home, 'gateway', 'status-index')),
    statusIndexSampleMs: wholeSeconds(env, 'VANBANG_STATUS_INDEX_SAMPLE_SECONDS', 30),
    statusIndexSampleSize: positiveInt(env, 'VANBANG_STATUS_INDEX_SAMPLE_SIZE', 5),
    bulkVerifyPerMinute: positiveInt(env, 'VANBANG_BULK_VERIFY_PER_MINUTE', 120_000),
    caNetwork: {
      home: path.resolve(env.VANBANG_NETWORK_HOME ?? home), portShift: portShift(env.VANBANG_PORT_SHIFT),
      ...(env.VANBANG_TOPOLOGY_FILE ? { topologyFile: path.resolve(env.VANBANG_TOPOLOGY_FILE) } : {}),
    },
    alerts: loadAlertConfig(env),
    anchoringEnv: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('VANBANG_ANCHOR') || k.startsWith('VANBANG_EVM_'))),
  };
}
