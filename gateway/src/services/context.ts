// The long-lived objects services share, built once in main.ts (or by a test).
import type { ConnectionProfile } from '@vanbang/network';
import type { Logger } from 'pino';
import type { IdentityVault } from '../auth/identity-vault';
import type { GatewayConfig } from '../config';
import type { LedgerClient } from '../ledger/ledger-client';
import type { PeerConnections } from '../ledger/peers';
import type { VerifyCache } from '../ledger/verify-cache';
import type { StatusIndex } from '../status-index/status-index';
import type { AnchoringService } from '../anchoring/anchoring-service';

export interface GatewayContext {
  config: GatewayConfig;
  profile: ConnectionProfile;
  vault: IdentityVault;
  ledger: LedgerClient;
  peers: PeerConnections;
  verifyCache: VerifyCache;
  /** The ledger-derived answers of public verification; null when turned off (VANBANG_STATUS_INDEX_DIR=off). */
  statusIndex: StatusIndex | null;
  /** Public anchoring on an EVM chain (anchoring/); null when off. Set once the runtime starts it. */
  anchoring?: AnchoringService | null;
  log: Logger;
}
