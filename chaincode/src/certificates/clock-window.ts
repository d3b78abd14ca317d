/**
 * The transaction time recorded with a document hash is the ledger's signing time: a verifier
 * compares it with the signer certificate's compromise date. The client writes that time into the
 * proposal and Fabric does not check it, so whoever holds a stolen key could backdate a diploma
 * to before the compromise. The endorsers check it instead: a write that commits a hash is endorsed
 * only if its time is within a window of the endorsing peer's clock. The clock decides only whether
 * to endorse, never what is written, so endorsers still agree byte for byte.
 */
import { fail } from '../errors';
import { TxInfo } from '../tx';

const DEFAULT_WINDOW_SECONDS = 600;

/** VANBANG_TX_CLOCK_WINDOW_SECONDS of the chaincode server; 0 turns the check off (unit tests replaying fixed times). */
export function clockWindowSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.VANBANG_TX_CLOCK_WINDOW_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_WINDOW_SECONDS;
  const seconds = Number(raw);
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : DEFAULT_WINDOW_SECONDS;
}

export function requireTimestampNearClock(tx: TxInfo, now: number = Date.now(), windowSeconds: number = clockWindowSeconds()): void {
  if (windowSeconds === 0) return;
  const skew = Math.abs(Date.parse(tx.timestamp) - now);
  if (skew > windowSeconds * 1000) {
    fail('TIMESTAMP_OUT_OF_RANGE', `the transaction time ${tx.timestamp} is ${Math.round(skew / 1000)} s away from the endorsing peer's clock ${new Date(now).toISOString()} (at most ${windowSeconds} s): check the client's clock`);
  }
}
