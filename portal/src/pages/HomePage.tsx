/** "/": verify a file, scan a QR code, and the lookup — three sections reachable from the navigation. */
import { useRef, useState } from 'preact/hooks';
import { DropZone } from '../components/DropZone';
import { LookupForm } from '../components/LookupForm';
import { QrScanner } from '../components/QrScanner';
import { t, type MessageKey } from '../i18n';
import { readDiplomaFile } from '../verify/read-file';
import type { CheckResult } from '../verify/run-check';
import type { ResultView as ResultViewType } from '../components/ResultView';

type FileState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'checking'; readonly name: string }
  | { readonly phase: 'done'; readonly name: string; readonly result: CheckResult; readonly View: typeof ResultViewType }
  | { readonly phase: 'error'; readonly message: string };

const READ_ERRORS: Record<string, MessageKey> = {
  tooLarge: 'file.tooLarge', notJson: 'file.notJson', unsupported: 'file.unsupported', pdfNoDocument: 'file.pdfNoDocument', pdfLoadFailed: 'file.pdfLoadFailed',
};

export function HomePage() {
  const [state, setState] = useState<FileState>({ phase: 'idle' });
  const resultRef = useRef<HTMLDivElement>(null);

  const onFile = (file: File) => {
    check(file).catch((error: unknown) => setState({ phase: 'error', message: t('error.generic', { reason: (error as Error).message }) }));
  };

  const check = async (file: File) => {
    setState({ phase: 'checking', name: file.name });
    const reading = await readDiplomaFile(file);
    if (!reading.ok) {
      setState({ phase: 'error', message: t(READ_ERRORS[reading.error] ?? 'file.unsupported', { reason: reading.reason ?? '' }) });
      return;
    }
    // The checks and the result view are a chunk of their own, loaded at the first file.
    const { checkDocument, ResultView } = await import('../result-chunk');
    const check = await checkDocument(reading.document, reading.source, reading.pdf);
    if (!check.ok) {
      setState({ phase: 'error', message: t('file.notDiploma', { reason: check.reason }) });
      return;
    }
    setState({ phase: 'done', name: file.name, result: check.result, View: ResultView });
    requestAnimationFrame(() => resultRef.current?.querySelector<HTMLElement>('#result-heading')?.focus());
  };

  return (
    <>
      <h1 class="page-title">{t('app.title')}</h1>
      <p class="page-lead">{t('app.subtitle')}</p>
      <section id="verify-file" class="section" aria-labelledby="verify-file-heading">
        <h2 id="verify-file-heading" tabIndex={-1}>{t('file.heading')}</h2>
        <DropZone onFile={onFile} busy={state.phase === 'checking'} />
        <div aria-live="polite" ref={resultRef}>
          {state.phase === 'checking' && <p class="notice">{t('file.reading')}</p>}
          {state.phase === 'done' && <state.View result={state.result} heading={t('file.checked', { name: state.name })} />}
        </div>
        {state.phase === 'error' && <p role="alert" class="notice notice--error" data-testid="file-error">{state.message}</p>}
      </section>
      <section id="verify-qr" class="section" aria-labelledby="verify-qr-heading">
        <h2 id="verify-qr-heading" tabIndex={-1}>{t('qr.heading')}</h2>
        <QrScanner />
      </section>
      <section id="lookup" class="section" aria-labelledby="lookup-heading">
        <h2 id="lookup-heading" tabIndex={-1}>{t('lookup.heading')}</h2>
        <LookupForm />
      </section>
    </>
  );
}
