/** The diploma's status on the ledger in words, with the decision and links to other versions. */
import type { LedgerEvent, LedgerView } from '../api/types';
import { t, tCode } from '../i18n';
import { onLinkClick } from '../router';
import { currentVersionHash, supersedingHash } from '../verify/links';
import { formatDate, formatInstant } from './display';

export function StatusPanel({ view, events }: { view: LedgerView; events: readonly LedgerEvent[] | undefined }) {
  const current = view.result === 'CORRECTED' ? currentVersionHash(view, events) : undefined;
  const replacement = view.result === 'SUPERSEDED' ? supersedingHash(view, events) : undefined;
  // "In force" beside a verdict of "not valid" would contradict it: the diploma is not revoked,
  // but the key that recorded it was already compromised.
  const compromised = view.result === 'VALID' && view.signer?.status === 'COMPROMISED';
  return (
    <section class="panel" aria-labelledby="status-heading">
      <h3 id="status-heading">{t('status.heading')}</h3>
      <p class={`status status--${compromised ? 'compromised' : view.result.toLowerCase()}`} data-testid="status" data-status={view.result}>
        {compromised ? t('status.VALID_SIGNER_COMPROMISED') : tCode('status', view.result)}
      </p>
      {view.result === 'CORRECTED' && (current
        ? <p><a href={`/v/${current}`} onClick={onLinkClick} data-testid="current-version-link">{t('status.currentVersion')}</a></p>
        : <p data-testid="current-version-link">{t('status.currentVersionUnknown', { version: view.currentVersion ?? '?' })}</p>)}
      {view.result === 'SUPERSEDED' && (replacement
        ? <p><a href={`/v/${replacement}`} onClick={onLinkClick} data-testid="superseded-link">{t('status.supersededLink')}</a></p>
        : view.supersededBy && <p>{t('status.supersededBy', { id: view.supersededBy })}</p>)}
      {view.revocation && (
        <div class="revocation" data-testid="revocation">
          <p>{t('status.revocationGround', { ground: tCode('ground', view.revocation.ground) })}</p>
          <p>{t('status.revocationDecision', { number: view.revocation.decision.number, date: formatDate(view.revocation.decision.date) })}</p>
        </div>
      )}
      {view.signer && (
        <p class="mono-line" data-testid="signer" data-signer-status={view.signer.status} data-signer-fingerprint={view.signer.fingerprint}>
          {t(`status.signer.${view.signer.status}`, { fingerprint: view.signer.fingerprint.slice(0, 16), committedAt: formatInstant(view.signer.committedAt), compromisedAt: formatInstant(view.signer.compromisedAt) })}
        </p>
      )}
      {view.issuer && <p>{t('status.issuer', { name: view.issuer.name, code: view.issuer.code })}</p>}
      {view.diplomaId && <p class="mono-line">{t('status.diploma', { id: view.diplomaId })}</p>}
    </section>
  );
}
