/** Download the verification receipt signed by the gateway (JSON or printable PDF). */
import { useState } from 'preact/hooks';
import { fetchReceipt, type ReceiptRequest } from '../api/receipts';
import { t } from '../i18n';
import type { CheckResult } from '../verify/run-check';
import { saveBlob } from './download';

/** What the browser reports it checked (the gateway marks these as reported by the verifier). */
export function receiptRequest(result: CheckResult): ReceiptRequest {
  if (result.source === 'hash') return { documentHash: result.documentHash };
  const passed = (name: string) => result.steps.some((s) => s.name === name && s.result === 'pass');
  return { documentHash: result.documentHash, presentedChecks: { integrity: passed('integrity'), signature: passed('signature'), hiddenFields: result.hiddenFields } };
}

export function ReceiptButtons({ result }: { result: CheckResult }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const get = async (format: 'json' | 'pdf') => {
    setBusy(true);
    setError(undefined);
    const outcome = await fetchReceipt(receiptRequest(result), format);
    setBusy(false);
    if (outcome.kind === 'ok') saveBlob(outcome.value, `bien-nhan-${result.documentHash.slice(0, 16)}.${format}`);
    else setError(t('holder.receiptFailed', { reason: outcome.kind === 'unavailable' ? t('error.unavailable') : (outcome.problem.detail ?? outcome.problem.title ?? '') }));
  };
  return (
    <div class="receipt">
      <h4>{t('holder.receiptHeading')}</h4>
      <p>{t('holder.receiptIntro')}</p>
      <div class="button-row">
        <button type="button" class="button" data-testid="receipt-json" disabled={busy} onClick={() => void get('json')}>{t('holder.receiptJson')}</button>
        <button type="button" class="button" data-testid="receipt-pdf" disabled={busy} onClick={() => void get('pdf')}>{t('holder.receiptPdf')}</button>
      </div>
      {busy && <p class="notice" aria-live="polite">{t('holder.receiptBusy')}</p>}
      {error !== undefined && <p role="alert" class="notice notice--error" data-testid="receipt-error">{error}</p>}
    </div>
  );
}
