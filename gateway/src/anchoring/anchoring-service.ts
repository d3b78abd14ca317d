// Turns anchoring on for a gateway: where it anchors (anchoring-config.ts), the identity that
// signs its Fabric records, the worker and the proofs verify answers carry. Off — and verify
// answers without `anchor` — when no chain is configured or the gateway holds no Ministry
// administrator identity (only the Ministry anchors).
import type { GatewayContext } from '../services/context';
import { anchoringSettings, type ChainTarget } from './anchoring-config';
import { AnchorViews } from './anchor-view';
import { AnchoringWorker } from './anchoring-worker';
import { EvmRegistry } from './evm-registry';

export interface AnchoringService {
  target: ChainTarget;
  worker: AnchoringWorker;
  views: AnchorViews;
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
  const worker = new AnchoringWorker(ctx, registry, settings.schedule, signer.name);
  const views = new AnchorViews();
  worker.onPeriodStored = (_period, tree) => views.forget(tree.leaves.map((l) => l.documentHash));
  ctx.log.info({ rpcUrl: settings.chain.rpcUrl, contract: settings.chain.contract, anchorer: registry.address, source: settings.chain.source, ...settings.schedule }, 'anchoring on');
  return { target: settings.chain, worker, views };
}
