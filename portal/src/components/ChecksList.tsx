/** Each check as a step: its result and a plain explanation (technical details folded away). */
import { t, tCode } from '../i18n';
import type { Step } from '../verify/steps';
import { formatDate, formatInstant } from './display';

/** Dates in an explanation print as the diploma prints them (dd/mm/yyyy), ledger times in the reader's locale. */
function shown(params: Step['params']): Step['params'] {
  if (!params) return params;
  const out: Record<string, string | number> = { ...params };
  if (typeof params['date'] === 'string') out['date'] = formatDate(params['date']);
  for (const key of ['compromisedAt', 'committedAt']) if (typeof params[key] === 'string') out[key] = formatInstant(params[key] as string);
  return out;
}

const MARK = { pass: '✓', fail: '✗', unknown: '?', skipped: '–' } as const;

export function ChecksList({ steps }: { steps: readonly Step[] }) {
  return (
    <section class="panel" aria-labelledby="checks-heading">
      <h3 id="checks-heading">{t('checks.heading')}</h3>
      <ol class="checks" data-testid="checks">
        {steps.map((step) => (
          <li key={step.name} class={`check check--${step.result}`} data-step={step.name} data-result={step.result}>
            <p class="check__head">
              <span class="check__mark" aria-hidden="true">{MARK[step.result]}</span>
              <span class="check__name">{tCode('step', step.name)}</span>
              <span class="check__result">{tCode('result', step.result)}</span>
            </p>
            <p class="check__explain">{t(step.explain, shown(step.params))}</p>
            {step.problems && step.problems.length > 0 && step.result !== 'pass' && (
              <details class="check__details">
                <summary>{t('checks.details')}</summary>
                <ul>{step.problems.map((p) => <li key={p}>{p}</li>)}</ul>
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
