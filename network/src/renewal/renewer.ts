// The background renewer: every `certificates.checkEvery` it renews what is within the margin
// (renewal.ts). A failed round is logged and tried again at the next check; a stop request is
// honoured between two steps of a round, never in the middle of replacing a certificate.
import { humanDuration } from '../certificates/certificate-policy';
import type { NetworkContext } from '../network';
import { renewCertificates, RenewalStopped } from './renewal';
import { RenewalBusyError } from './renewal-lock';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

export async function runRenewer(ctx: NetworkContext, opts: {
  signal: AbortSignal;
  log?: (line: string) => void;
  /** The network as it is now, read before each round (the channel's members change with org:add and org:remove). */
  refresh?: () => NetworkContext;
}): Promise<void> {
  const log = opts.log ?? ((line: string) => console.log(`${new Date().toISOString()} ${line}`));
  const policy = ctx.topology.certificates;
  log(`renewer: certificates live ${humanDuration(policy.lifetimeMs)}, renewed within ${humanDuration(policy.renewBeforeMs)} of expiry, checked every ${humanDuration(policy.checkEveryMs)}`);
  while (!opts.signal.aborted) {
    try {
      const summary = await renewCertificates(opts.refresh?.() ?? ctx, { log, signal: opts.signal });
      if (summary.renewed > 0) log(`renewer: renewed ${summary.renewed} certificate(s), restarted ${summary.restarted.map((n) => `${n.org} ${n.kind}`).join(', ') || 'no node'}`);
    } catch (err) {
      if (err instanceof RenewalStopped) break;
      // Another renewal (npm run network:renew) holds the lock: this check is simply skipped.
      if (!(err instanceof RenewalBusyError)) log(`renewer: renewal failed, retrying at the next check: ${(err as Error).message}`);
    }
    await sleep(policy.checkEveryMs, opts.signal);
  }
  log('renewer: stopped');
}
