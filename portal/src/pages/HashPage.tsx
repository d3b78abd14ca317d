/** "/v/{hash}": the verdict for a hash (a QR code or a shared link); integrity and signature are skipped. */
import { useEffect, useState } from 'preact/hooks';
import type { ResultView as ResultViewType } from '../components/ResultView';
import { t } from '../i18n';
import type { CheckResult } from '../verify/run-check';

interface Loaded {
  readonly result: CheckResult;
  readonly View: typeof ResultViewType;
}

export function HashPage({ hash }: { hash: string | undefined }) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    setLoaded(undefined);
    setFailure(undefined);
    if (hash === undefined) return;
    let live = true;
    void import('../result-chunk').then(async ({ checkHash, ResultView }) => {
      const result = await checkHash(hash);
      if (live) setLoaded({ result, View: ResultView });
    }).catch((error: unknown) => live && setFailure((error as Error).message));
    return () => void (live = false);
  }, [hash]);
  return (
    <>
      <h1 class="page-title">{t('verdict.heading')}</h1>
      {hash === undefined && <p role="alert" class="notice notice--error">{t('hash.invalid')}</p>}
      <div aria-live="polite">
        {failure !== undefined && <p role="alert" class="notice notice--error">{t('error.generic', { reason: failure })}</p>}
        {hash !== undefined && loaded === undefined && failure === undefined && <p class="notice">{t('verdict.checking')}</p>}
        {loaded !== undefined && <loaded.View result={loaded.result} heading={t('verdict.hash')} />}
      </div>
    </>
  );
}
