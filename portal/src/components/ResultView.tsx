/** Everything about one check: verdict, ledger status, steps, fields, timeline, public anchor, holder tools. */
import { t } from '../i18n';
import { readAnchor } from '../verify/anchor';
import type { CheckResult } from '../verify/run-check';
import { AnchorPanel } from './AnchorPanel';
import { ChecksList } from './ChecksList';
import { FieldsTable } from './FieldsTable';
import { HolderTools } from './HolderTools';
import { ReceiptButtons } from './ReceiptButtons';
import { StatusPanel } from './StatusPanel';
import { Timeline } from './Timeline';
import { VerdictBanner } from './VerdictBanner';

export function ResultView({ result, heading }: { result: CheckResult; heading: string }) {
  const timeline = result.events.kind === 'ok' ? result.events.value : undefined;
  const events = timeline?.events;
  // The timeline answer carries the links to the version in force and to a reissue.
  const links = { currentDocumentHash: timeline?.currentDocumentHash ?? null, supersededByHash: timeline?.supersededBy?.documentHash ?? null };
  // The public anchor rides on the ledger's answer; null or absent when the gateway does not anchor.
  const anchor = readAnchor(result.ledger.kind === 'ok' ? result.ledger.value.anchor : undefined, result.documentHash);
  return (
    <article class="result" aria-labelledby="result-heading">
      <h2 id="result-heading" tabIndex={-1}>{heading}</h2>
      <VerdictBanner verdict={result.verdict} hashOnly={result.source === 'hash'} />
      <p class="hash-line"><span>{t('verdict.hash')}: </span><code class="mono" data-testid="document-hash">{result.documentHash}</code></p>
      <div class="result__grid">
        <div class="result__main">
          <ChecksList steps={result.steps} />
          {result.ledger.kind === 'ok' && <StatusPanel view={{ ...result.ledger.value, ...links }} events={events} />}
          {result.ledger.kind === 'not-found' && <StatusPanel view={{ result: 'NOT_FOUND', documentHash: result.documentHash }} events={undefined} />}
          {result.document && <FieldsTable document={result.document} />}
        </div>
        <div class="result__side">
          <Timeline events={result.events} />
          <AnchorPanel reading={anchor} documentHash={result.documentHash} />
          {result.document
            ? <HolderTools result={result} document={result.document} />
            : result.ledger.kind === 'ok' && <section class="panel"><ReceiptButtons result={result} /></section>}
        </div>
      </div>
    </article>
  );
}
