// Riding out a node restart. With one peer and one orderer per organization, a certificate
// renewal restarts each in turn: for a few seconds a peer answers nothing, or the Raft cluster is
// electing a leader. Calls that failed for that reason only — no chaincode ran, nothing was
// ordered — are tried again for a bounded time instead of failing the HTTP request.
import { status } from '@grpc/grpc-js';
import { chaincodeCode, describeFabricError, signerRefusal } from '../errors/ledger-errors';

/**
 * Longer than a peer restart (about 5-15 s here, gossip included) plus a Raft election after an
 * orderer restart (5-10 s), short enough for an HTTP client still waiting.
 */
export const TRANSIENT_RETRY_BUDGET_MS = 45_000;

/** Fabric's words for a node that is down or not ready, inside an ABORTED endorsement or submit. */
const NODE_DOWN = /\bUnavailable\b|UNAVAILABLE|SERVICE_UNAVAILABLE|no Raft leader|connection refused|ECONNREFUSED|failed to connect|no peers available|failed to create new connection|connection error|transport is closing|error reading from server: EOF/i;

/**
 * The peer's gateway choosing endorsers by discovery while a restarted peer is not back in gossip
 * yet: FAILED_PRECONDITION, though it passes once gossip has it again (seconds).
 */
const NO_ENDORSERS_YET = /no combination of peers can be derived|no peers available|failed to find any endorsing peers/i;

/**
 * A failure that ends by itself when the node is back: gRPC UNAVAILABLE (our peer is down, or the
 * peer's gateway found no orderer or endorser), or ABORTED because an endorser or orderer it used
 * is down. Never a chaincode answer ([CODE]) or a refused identity.
 */
export function isTransientLedgerFailure(err: unknown): boolean {
  const text = describeFabricError(err);
  if (chaincodeCode(text) || signerRefusal(text)) return false;
  const code = (err as { code?: unknown }).code;
  if (code === status.UNAVAILABLE) return true;
  if (code === status.FAILED_PRECONDITION) return NO_ENDORSERS_YET.test(text);
  return code === status.ABORTED && NODE_DOWN.test(text);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RetryOptions {
  budgetMs?: number;
  /** Checked before each retry: true ends the retries (e.g. no peer of the network answers at all). */
  giveUp?: () => Promise<boolean>;
  /** Pause before attempt n + 1 (default: 250 ms doubling to 2 s). */
  delayMs?: (n: number) => number;
  /** Which failures are tried again (default: isTransientLedgerFailure). */
  retryable?: (err: unknown) => boolean;
}

const backoff = (n: number) => Math.min(250 * 2 ** Math.min(n, 3), 2_000);

/**
 * Runs `attempt` (given the attempt number, from 0) until it succeeds, fails for another reason,
 * `budgetMs` is spent or `giveUp` says so; then the last failure is thrown.
 */
export async function retryTransient<T>(attempt: (n: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.budgetMs ?? TRANSIENT_RETRY_BUDGET_MS);
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!(opts.retryable ?? isTransientLedgerFailure)(err) || Date.now() >= deadline || (opts.giveUp && (await opts.giveUp()))) throw err;
      await sleep(Math.min((opts.delayMs ?? backoff)(n), Math.max(0, deadline - Date.now())));
    }
  }
}
