/** The diploma's life on the ledger: each event with time, decision, transaction id and block. */
import type { Outcome } from '../api/outcome';
import type { LedgerEvents } from '../api/types';
import { t, tCode } from '../i18n';
import { formatDate, formatTimestamp } from './display';

export function Timeline({ events }: { events: Outcome<LedgerEvents> }) {
  if (events.kind === 'not-found') return null;
  return (
    <section class="panel" aria-labelledby="timeline-heading">
      <h3 id="timeline-heading">{t('timeline.heading')}</h3>
      {events.kind !== 'ok' ? <p class="notice">{t('timeline.unavailable')}</p>
        : events.value.events.length === 0 ? <p>{t('timeline.empty')}</p>
        : (
          <ol class="timeline" data-testid="timeline">
            {events.value.events.map((e) => (
              <li key={e.transactionId + e.type} data-event={e.type} class="timeline__event">
                <p class="timeline__title">{tCode('event', e.type)}</p>
                <dl class="timeline__facts">
                  <dt>{t('timeline.date')}</dt><dd><time dateTime={e.timestamp}>{formatTimestamp(e.timestamp)}</time></dd>
                  <dt>{t('timeline.decision')}</dt>
                  <dd data-testid="event-decision">{e.decision ? t('timeline.decisionValue', { number: e.decision.number, date: formatDate(e.decision.date) }) : t('timeline.noDecision')}</dd>
                  <dt>{t('timeline.tx')}</dt><dd class="mono" data-testid="event-tx">{e.transactionId}</dd>
                  <dt>{t('timeline.block')}</dt><dd data-testid="event-block">{e.blockNumber ?? '–'}</dd>
                  <dt>{t('timeline.org')}</dt><dd>{e.organizationName ?? e.organization}</dd>
                </dl>
              </li>
            ))}
          </ol>
        )}
    </section>
  );
}
