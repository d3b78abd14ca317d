/**
 * "Neo công khai": whether the hash's events are also anchored on a public EVM chain, each anchored
 * event's facts and Merkle proof, the proof file for the standalone checker, and how to run it.
 * Informative only: the verdict above stays the ledger's, so nothing here is styled as one.
 */
import type { AnchoredEvent } from '../api/types';
import { t, tCode, type MessageKey } from '../i18n';
import {
  anchorCheckCommand, anchoredRevocation, anchorProofFileName, anchorProofJson, blockRange, chainKind, type AnchorReading,
} from '../verify/anchor';
import { formatTimestamp } from './display';
import { saveBlob } from './download';

function chainText(chainId: number): string {
  const chain = chainKind(chainId);
  switch (chain.kind) {
    case 'public': return t('anchor.chainPublic', { id: chainId, name: chain.name });
    case 'test': return t('anchor.chainTest', { id: chainId, name: chain.name });
    case 'local': return t('anchor.chainLocal', { id: chainId });
    case 'unknown': return String(chainId);
  }
}

/** Each word of a command kept on one line where it fits (a file name never breaks at its hyphens). */
function CommandText({ text }: { text: string }) {
  return <>{text.split(/(\s+)/).map((part, i) => (/^\s*$/.test(part) ? part : <span key={i} class="command__word">{part}</span>))}</>;
}

function AnchorEventFacts({ event }: { event: AnchoredEvent }) {
  const steps = event.proof.length;
  return (
    <li class="anchor-event" data-testid="anchor-event" data-event={event.event} data-period={event.periodId}>
      <p class="anchor-event__title">{tCode('anchor.event', event.event)}</p>
      <dl class="anchor-facts">
        <dt>{t('anchor.chain')}</dt><dd data-testid="anchor-chain">{chainText(event.chain.chainId)}</dd>
        <dt>{t('anchor.contract')}</dt><dd class="mono" data-testid="anchor-contract">{event.chain.contract}</dd>
        <dt>{t('anchor.transaction')}</dt><dd class="mono" data-testid="anchor-tx">{event.chain.transactionHash}</dd>
        <dt>{t('anchor.evmBlock')}</dt><dd data-testid="anchor-evm-block">{event.chain.blockNumber}</dd>
        <dt>{t('anchor.root')}</dt><dd class="mono" data-testid="anchor-root">{event.root}</dd>
        <dt>{t('anchor.period')}</dt>
        <dd data-testid="anchor-period">{t('anchor.periodValue', { period: event.periodId, blocks: blockRange(event.fabricBlocks) })}</dd>
        <dt>{t('anchor.anchoredAt')}</dt><dd><time dateTime={event.anchoredAt}>{formatTimestamp(event.anchoredAt)}</time></dd>
        <dt>{t('anchor.proof')}</dt>
        <dd data-testid="anchor-proof-steps" data-steps={steps}>{steps === 0 ? t('anchor.proofNone') : t('anchor.proofSteps', { count: steps })}</dd>
      </dl>
      {steps > 0 && (
        // Below the facts, across the panel: each sibling hash on a line of its own where it fits.
        <details class="anchor-proof">
          <summary>{t('anchor.proofShow', { count: steps })}</summary>
          <ol class="anchor-proof__list mono">{event.proof.map((sibling, i) => <li key={`${i}-${sibling}`}>{sibling}</li>)}</ol>
        </details>
      )}
    </li>
  );
}

export function AnchorPanel({ reading, documentHash }: { reading: AnchorReading; documentHash: string }) {
  if (reading.kind === 'none') return null;
  if (reading.kind === 'unreadable') {
    return (
      <section class="panel anchor" aria-labelledby="anchor-heading" data-testid="anchor" data-anchor-status="UNREADABLE">
        <h3 id="anchor-heading">{t('anchor.heading')}</h3>
        <p>{t('anchor.unreadable')}</p>
      </section>
    );
  }
  const { anchor } = reading;
  const events = anchor.events;
  const latest = events[events.length - 1];
  const fileName = anchorProofFileName(documentHash);
  const revocation = anchoredRevocation(anchor);
  const local = events.some((e) => chainKind(e.chain.chainId).kind === 'local');
  const download = () => saveBlob(new Blob([anchorProofJson(documentHash, events)], { type: 'application/json' }), fileName);
  const statusKey: MessageKey = anchor.status === 'ANCHORED' ? 'anchor.ANCHORED' : 'anchor.AWAITING_ANCHORING';
  return (
    <section class="panel anchor" aria-labelledby="anchor-heading" data-testid="anchor" data-anchor-status={anchor.status}>
      <h3 id="anchor-heading">{t('anchor.heading')}</h3>
      <p class="anchor__status" data-testid="anchor-status">{t(statusKey)}</p>
      <p>{t(anchor.status === 'ANCHORED' ? 'anchor.intro' : 'anchor.awaitingText')}</p>
      {revocation && <p class="anchor__notice" data-testid="anchor-revocation">{t('anchor.revocation')}</p>}
      {local && <p class="anchor__notice" data-testid="anchor-local-chain">{t('anchor.localChain')}</p>}
      {latest && (
        <>
          {anchor.status !== 'ANCHORED' && <p>{t('anchor.earlier')}</p>}
          <ol class="anchor-events">{events.map((e) => <AnchorEventFacts key={`${e.event}-${e.leaf.fabricTxId}`} event={e} />)}</ol>
          <div class="anchor__check">
            <h4>{t('anchor.checkHeading')}</h4>
            <div class="button-row">
              <button type="button" class="button" data-testid="anchor-download" onClick={download}>{t('anchor.download')}</button>
            </div>
            <p>{t('anchor.checkIntro', { chainId: latest.chain.chainId })}</p>
            <pre class="command" data-testid="anchor-command"><code><CommandText text={anchorCheckCommand(fileName, latest.chain.contract)} /></code></pre>
          </div>
        </>
      )}
      <p class="anchor__note">{t('anchor.notVerdict')}</p>
    </section>
  );
}
