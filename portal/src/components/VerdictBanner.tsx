/** The verdict in three words that are never confused, and why. */
import { t, tCode, type MessageKey } from '../i18n';
import type { Verdict } from '../verify/verdict';
import { formatInstant } from './display';

const TITLE: Record<Verdict['kind'], MessageKey> = { valid: 'verdict.valid', invalid: 'verdict.invalid', undetermined: 'verdict.undetermined' };

export function VerdictBanner({ verdict, hashOnly }: { verdict: Verdict; hashOnly: boolean }) {
  return (
    <div class={`verdict verdict--${verdict.kind}`} data-testid="verdict" data-verdict={verdict.kind}>
      <p class="verdict__title"><span class="verdict__icon" aria-hidden="true">{verdict.kind === 'valid' ? '✓' : verdict.kind === 'invalid' ? '✗' : '?'}</span>{t(TITLE[verdict.kind])}</p>
      {verdict.kind === 'valid' && <p>{t('verdict.validText')}</p>}
      {verdict.kind === 'valid' && verdict.corrected && <p class="verdict__notice" data-testid="corrected-notice">{t('verdict.correctedNotice')}</p>}
      {verdict.kind === 'invalid' && verdict.failedStep && <p data-testid="failed-step">{t('verdict.invalidStep', { step: tCode('step', verdict.failedStep) })}</p>}
      {verdict.kind === 'invalid' && verdict.status && <p>{t('verdict.invalidStatus', { status: tCode('status', verdict.status) })}</p>}
      {verdict.signer && (
        <p class={verdict.signer.status === 'COMPROMISED' ? undefined : 'verdict__notice'}
          data-testid={verdict.signer.status === 'COMPROMISED' ? 'signer-compromised' : 'signer-revoked-notice'}>
          {t(verdict.signer.status === 'COMPROMISED' ? 'verdict.signerCompromised' : 'verdict.signerRevokedNotice', {
            compromisedAt: formatInstant(verdict.signer.compromisedAt), committedAt: formatInstant(verdict.signer.committedAt),
          })}
        </p>
      )}
      {verdict.kind === 'undetermined' && <p>{t('verdict.undeterminedText')}</p>}
      {hashOnly && <p class="verdict__hint">{t('verdict.hashOnly')}</p>}
    </div>
  );
}
