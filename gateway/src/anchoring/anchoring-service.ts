// Turns anchoring on for a gateway: where it anchors (anchoring-config.ts), the identity that
// signs its Fabric records, the worker and the proofs verify answers carry. Off — and verify
// answers without `anchor` — when no chain is configured or the gateway holds no Ministry
// administrator identity (only the Ministry anchors).
import path from 'node:path';
import type { GatewayContext } from '../services/context';
import { anchoringSettings, type ChainTarget } from './anchoring-config';
import { AnchorViews } from './anchor-view';
import { AnchoringWorker } from './anchoring-worker';
import { EvmRegistry } from './evm-registry';
import { ProofIndex } from './proof-index';

export interface AnchoringService {
  target: ChainTarget;
  worker: AnchoringWorker;
  views: AnchorViews;
  proofIndex: ProofIndex;
  close(): Promise<void>;
}

/** Where the proof index lives: beside the status index, under the gateway's home. */
export function proofIndexDir(home: string): string {
  return path.join(home, 'gateway', 'anchor-index');
}

export function createAnchoring(ctx: GatewayContext): AnchoringService | null {
  const settings = anchoringSettings(ctx.config.home, ctx.config.anchoringEnv);
  if (!settings.enabled) {
    ctx.log.info({ reason: settings.reason }, 'anchoring off');
    return null;
  }
  const signer = ctx.vault.list().find((i) => i.role === 'ministry-admin');
  if (!signer) {
    ctx.log.info('anchoring off: this gateway holds no ministry-admin identity (only the Ministry anchors)');
    return null;
  }
  const registry = new EvmRegistry(settings.chain);
  const proofIndex = new ProofIndex(proofIndexDir(ctx.config.home));
  const worker = new AnchoringWorker(ctx, registry, settings.schedule, signer.name, proofIndex);
  const views = new AnchorViews(proofIndex);
  ctx.log.info({ rpcUrl: settings.chain.rpcUrl, contract: settings.chain.contract, anchorer: registry.address, source: settings.chain.source, ...settings.schedule }, 'anchoring on');
  return {
    target: settings.chain, worker, views, proofIndex,
    close: async () => {
      worker.stop();
      await proofIndex.close();
    },
  };
}
