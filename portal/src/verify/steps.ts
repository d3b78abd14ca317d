/** The four checks shown to the user, each with its outcome and the words that explain it. */
import type { MessageKey } from '../i18n/vi';

export type StepName = 'integrity' | 'signature' | 'issuer' | 'ledger';
export type StepResult = 'pass' | 'fail' | 'unknown' | 'skipped';

export interface Step {
  readonly name: StepName;
  readonly result: StepResult;
  /** The explanation's dictionary key and its parameters (rendered in the current language). */
  readonly explain: MessageKey;
  readonly params?: Readonly<Record<string, string | number>>;
  /** Technical problems reported by the document module (English, shown as details). */
  readonly problems?: readonly string[];
}

export const STEP_ORDER: readonly StepName[] = ['integrity', 'signature', 'issuer', 'ledger'];
