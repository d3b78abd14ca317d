/**
 * Holder tools: hide chosen fields and download the redacted JSON (hideFields from the document
 * module, in the browser: the hash and the signature stay valid), and the signed receipt.
 */
import { FIELD_NAMES, hideFields, type DiplomaDocument } from '@vanbang/document';
import { useState } from 'preact/hooks';
import { fieldLabel, t } from '../i18n';
import { fileNamePart, saveBlob } from './download';
import { ReceiptButtons } from './ReceiptButtons';
import type { CheckResult } from '../verify/run-check';

export function HolderTools({ result, document }: { result: CheckResult; document: DiplomaDocument }) {
  const [hidden, setHidden] = useState<readonly string[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const disclosed = FIELD_NAMES.filter((name) => document.fields[name] !== undefined);
  const toggle = (name: string, on: boolean) => setHidden((list) => (on ? [...list, name] : list.filter((n) => n !== name)));
  const download = () => {
    if (hidden.length === 0) {
      setMessage(t('holder.noneSelected'));
      return;
    }
    setMessage(undefined);
    const redacted = hideFields(document, hidden);
    const serial = document.fields.serialNumber?.value;
    const name = `${fileNamePart(typeof serial === 'string' ? serial : result.documentHash.slice(0, 16))}-redacted.json`;
    saveBlob(new Blob([JSON.stringify(redacted, null, 2)], { type: 'application/json' }), name);
  };
  return (
    <section class="panel" aria-labelledby="holder-heading">
      <h3 id="holder-heading">{t('holder.heading')}</h3>
      <p>{t('holder.hideIntro')}</p>
      <fieldset class="hide-fields">
        <legend>{t('holder.hideLegend')}</legend>
        <ul class="hide-fields__list">
          {disclosed.map((name) => (
            <li key={name}>
              <label class="checkbox">
                <input type="checkbox" data-testid={`hide-field-${name}`} name={name} checked={hidden.includes(name)}
                  onChange={(e) => toggle(name, e.currentTarget.checked)} />
                <span>{fieldLabel(name)}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="button" class="button button--primary" data-testid="download-redacted" onClick={download}>{t('holder.download')}</button>
      {message !== undefined && <p role="alert" class="notice notice--error">{message}</p>}
      <ReceiptButtons result={result} />
    </section>
  );
}
