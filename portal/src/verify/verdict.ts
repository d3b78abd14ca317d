/**
 * The verdict rules (shared plan, issue 11): a failed integrity or signature check → invalid,
 * naming the step; the ledger saying NOT_FOUND, REVOKED or SUPERSEDED → invalid; VALID and
 * CORRECTED → valid (CORRECTED with a notice); anything unreachable → undetermined, never invalid.
 */
import type { LedgerStatus } from '../api/types';
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
}

const INVALID_STATUSES: readonly LedgerStatus[] = ['NOT_FOUND', 'REVOKED', 'SUPERSEDED'];

export function decideVerdict(steps: readonly Step[], ledgerStatus: LedgerStatus | undefined): Verdict {
  const failed = (name: StepName) => steps.some((s) => s.name === name && s.result === 'fail');
  for (const name of ['integrity', 'signature'] as const) {
    if (failed(name)) return { kind: 'invalid', failedStep: name };
  }
  if (ledgerStatus === undefined) return { kind: 'undetermined' };
  if (INVALID_STATUSES.includes(ledgerStatus)) return { kind: 'invalid', status: ledgerStatus };
  // The issuer was not accredited for this diploma on the signing date.
  if (failed('issuer')) return { kind: 'invalid', failedStep: 'issuer' };
  if (steps.some((s) => s.result === 'unknown')) return { kind: 'undetermined' };
  return { kind: 'valid', status: ledgerStatus, ...(ledgerStatus === 'CORRECTED' ? { corrected: true } : {}) };
}
