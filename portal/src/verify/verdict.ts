/**
 * The verdict rules (shared plan, issue 11): a failed integrity or signature check → invalid,
 * naming the step; the ledger saying NOT_FOUND, REVOKED or SUPERSEDED → invalid; a hash the ledger
 * recorded with a signing key that was compromised by then → invalid (issue 14), whatever the
 * diploma's status; VALID and CORRECTED → valid (CORRECTED with a notice, and a notice when the
 * signer's certificate was revoked after it signed); anything unreachable → undetermined, never
 * invalid.
 */
import type { LedgerSigner, LedgerStatus } from '../api/types';
import type { Step, StepName } from './steps';

export type VerdictKind = 'valid' | 'invalid' | 'undetermined';

export interface Verdict {
  readonly kind: VerdictKind;
  /** The first failed step, when the verdict is invalid because of a check. */
  readonly failedStep?: StepName;
  /** The ledger status when it decided the verdict (invalid by status, or valid). */
  readonly status?: LedgerStatus;
  /** CORRECTED: valid together with the correction decision. */
  readonly corrected?: boolean;
  /**
   * The signer's certificate was revoked: COMPROMISED (invalid: recorded at or after the
   * compromise) or REVOKED_AFTER_SIGNING (valid: recorded before it), with both times.
   */
  readonly signer?: { readonly status: 'COMPROMISED' | 'REVOKED_AFTER_SIGNING'; readonly compromisedAt: string; readonly committedAt: string };
}

const INVALID_STATUSES: readonly LedgerStatus[] = ['NOT_FOUND', 'REVOKED', 'SUPERSEDED'];

export function decideVerdict(steps: readonly Step[], ledgerStatus: LedgerStatus | undefined, signer?: LedgerSigner): Verdict {
  const failed = (name: StepName) => steps.some((s) => s.name === name && s.result === 'fail');
  for (const name of ['integrity', 'signature'] as const) {
    if (failed(name)) return { kind: 'invalid', failedStep: name };
  }
  if (ledgerStatus === undefined) return { kind: 'undetermined' };
  if (INVALID_STATUSES.includes(ledgerStatus)) return { kind: 'invalid', status: ledgerStatus };
  const revoked = signer && signer.status !== 'TRUSTED'
    ? { signer: { status: signer.status, compromisedAt: signer.compromisedAt ?? '', committedAt: signer.committedAt } }
    : {};
  if (signer?.status === 'COMPROMISED') return { kind: 'invalid', failedStep: 'ledger', ...revoked };
  // The issuer was not accredited for this diploma on the signing date.
  if (failed('issuer')) return { kind: 'invalid', failedStep: 'issuer' };
  if (steps.some((s) => s.result === 'unknown')) return { kind: 'undetermined' };
  return { kind: 'valid', status: ledgerStatus, ...(ledgerStatus === 'CORRECTED' ? { corrected: true } : {}), ...revoked };
}
