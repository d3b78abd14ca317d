// Checks the status index against the chaincode: every few seconds it takes random hashes of the
// index and compares the index's answer with a VerifyHash query, as the public would see them.
// A disagreement is logged, counted (vanbang_gateway_status_index_samples_total{outcome="mismatch"})
// and the hash is from then on answered by VerifyHash. Before calling two answers different it
// waits for the index to apply the blocks the peer had when it answered, so a change still in
// flight is not reported as a mismatch.
import { canonicalJson } from '@vanbang/document';
import { statusIndexSamples } from '../http/metrics';
import type { LedgerVerifyResult } from '../ledger/verify-cache';
import type { GatewayContext } from '../services/context';
import { publicVerifyView } from '../services/verification';
import type { StatusIndex } from './status-index';

const CATCH_UP_MS = 5_000;

export interface SampleReport {
  checked: number;
  mismatches: { hash: string; index: Record<string, unknown>; ledger: Record<string, unknown> }[];
}

/** Equal as JSON, whatever the order of their keys (the ledger's JSON sorts them; the index's does not). */
function sameAnswer(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  // Through JSON first: a field left undefined is absent, as it is on the wire.
  const canonical = (v: Record<string, unknown>) => canonicalJson(JSON.parse(JSON.stringify(v)) as never);
  return canonical(a) === canonical(b);
}

export class IndexSampler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly ctx: GatewayContext, private readonly index: StatusIndex, private readonly everyMs: number, private readonly size: number) {}

  start(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sampleOnce().catch((err: Error) => this.ctx.log.warn({ err: err.message }, 'status index sampling failed'))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Compares the index's answers for `hashes` (default: random ones) with VerifyHash. */
  async sampleOnce(hashes?: readonly string[]): Promise<SampleReport> {
    const report: SampleReport = { checked: 0, mismatches: [] };
    const wanted = hashes ?? Array.from({ length: this.size }, () => this.index.randomHash()).filter((h): h is string => h !== undefined);
    for (const hash of new Set(wanted)) {
      const mismatch = await this.compare(hash);
      if (mismatch === undefined) continue;
      report.checked++;
      statusIndexSamples.inc({ outcome: mismatch ? 'mismatch' : 'match' });
      if (!mismatch) continue;
      report.mismatches.push(mismatch);
      this.index.markSuspect(hash);
      this.ctx.log.error({ documentHash: hash, index: mismatch.index, ledger: mismatch.ledger },
        'status index disagrees with VerifyHash; this hash is answered by VerifyHash from now on');
    }
    return report;
  }

  /** undefined: not comparable now (index not live); null: the answers agree. */
  private async compare(hash: string): Promise<SampleReport['mismatches'][number] | null | undefined> {
    for (let attempt = 0; ; attempt++) {
      const mine = this.index.answer(hash);
      if (!mine) return undefined;
      const height = await this.ctx.ledger.height();
      const ledger = await this.ctx.ledger.evaluate<LedgerVerifyResult>('VerifyHash', { documentHash: hash });
      const a = publicVerifyView(this.index.answer(hash) ?? mine);
      const b = publicVerifyView(ledger);
      if (sameAnswer(a, b)) return null;
      // The peer may be ahead of the index by the blocks it committed meanwhile: once the index
      // has those too, ask again before calling it a mismatch.
      if (attempt === 0 && this.index.indexedThrough < height - 1 && (await this.index.waitForBlock(height - 1, CATCH_UP_MS))) continue;
      return { hash, index: a, ledger: b };
    }
  }
}
