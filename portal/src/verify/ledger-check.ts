/** The ledger step from the answer of GET /verify/{hash} (pure). */
import type { Outcome } from '../api/outcome';
import type { LedgerSigner, LedgerStatus, LedgerView } from '../api/types';
import type { Step } from './steps';

/** The ledger's status, or undefined when the ledger could not be asked. */
export function ledgerStatusOf(ledger: Outcome<LedgerView>): LedgerStatus | undefined {
  if (ledger.kind === 'ok') return ledger.value.result;
  // A 404 problem for a well-formed hash means the same as result NOT_FOUND.
  if (ledger.kind === 'not-found') return 'NOT_FOUND';
  return undefined;
}

/** The signer the ledger recorded for the hash, when it recorded one. */
export function ledgerSignerOf(ledger: Outcome<LedgerView>): LedgerSigner | undefined {
  return ledger.kind === 'ok' ? ledger.value.signer ?? undefined : undefined;
}

export function ledgerStep(ledger: Outcome<LedgerView>): Step {
  const status = ledgerStatusOf(ledger);
  if (status === undefined) return { name: 'ledger', result: 'unknown', explain: 'explain.ledger.unknown' };
  const pass = status === 'VALID' || status === 'CORRECTED';
  const signer = ledgerSignerOf(ledger);
  // In force, but recorded with a key that was already compromised: not trustworthy.
  if (pass && signer?.status === 'COMPROMISED') {
    return { name: 'ledger', result: 'fail', explain: 'explain.ledger.signerCompromised', params: { compromisedAt: signer.compromisedAt ?? '?', committedAt: signer.committedAt } };
  }
  if (pass && signer?.status === 'REVOKED_AFTER_SIGNING') {
    return { name: 'ledger', result: 'pass', explain: 'explain.ledger.signerRevokedLater', params: { compromisedAt: signer.compromisedAt ?? '?', committedAt: signer.committedAt } };
  }
  return { name: 'ledger', result: pass ? 'pass' : 'fail', explain: `explain.ledger.${status}` };
}
