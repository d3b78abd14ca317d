/**
 * The public lookup (tra cứu): an identifier (số hiệu or số vào sổ) and a personal detail (họ tên
 * or ngày sinh), a proof of work solved in the browser, then the published fields only.
 */
import { useState } from 'preact/hooks';
import { fetchChallenge, fetchLookup, lookupQueryComplete, solveLookupChallenge, type LookupQuery } from '../api/lookup';
import type { LookupResult } from '../api/types';
import { t, tCode } from '../i18n';
import { formatDate } from './display';

type State =
  | { readonly phase: 'idle' }
  | { readonly phase: 'solving'; readonly progress: number }
  | { readonly phase: 'searching' }
  | { readonly phase: 'done'; readonly results: readonly LookupResult[] }
  | { readonly phase: 'error'; readonly message: string };

const FIELDS = [
  { name: 'serialNumber', label: 'lookup.serialNumber', type: 'text', autoComplete: 'off' },
  { name: 'registerNumber', label: 'lookup.registerNumber', type: 'text', autoComplete: 'off' },
  { name: 'fullName', label: 'lookup.fullName', type: 'text', autoComplete: 'name' },
  { name: 'dateOfBirth', label: 'lookup.dateOfBirth', type: 'date', autoComplete: 'bday' },
] as const;

export function LookupForm() {
  const [query, setQuery] = useState<LookupQuery>({});
  const [state, setState] = useState<State>({ phase: 'idle' });
  const busy = state.phase === 'solving' || state.phase === 'searching';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!lookupQueryComplete(query)) {
      setState({ phase: 'error', message: t('lookup.needKeys') });
      return;
    }
    setState({ phase: 'solving', progress: 0 });
    const challenge = await fetchChallenge();
    if (challenge.kind !== 'ok') {
      setState({ phase: 'error', message: t('lookup.unavailable') });
      return;
    }
    const solution = await solveLookupChallenge(challenge.value, (progress) => setState({ phase: 'solving', progress }));
    if (solution === undefined) {
      setState({ phase: 'error', message: t('lookup.challengeFailed') });
      return;
    }
    setState({ phase: 'searching' });
    const answer = await fetchLookup(query, solution);
    if (answer.kind === 'ok') setState({ phase: 'done', results: answer.value.results });
    else if (answer.kind === 'unavailable') setState({ phase: 'error', message: t('lookup.unavailable') });
    else if (answer.kind === 'refused' && (answer.status === 403 || answer.status === 428)) setState({ phase: 'error', message: t('lookup.challengeFailed') });
    else setState({ phase: 'error', message: t('lookup.rejected', { reason: answer.problem.detail ?? answer.problem.title ?? '' }) });
  };

  return (
    <div class="lookup">
      <p>{t('lookup.intro')}</p>
      <form class="lookup-form" data-testid="lookup-form" onSubmit={(e) => void submit(e)} noValidate>
        <div class="lookup-form__grid">
          {FIELDS.map((f) => (
            <div class="form-field" key={f.name}>
              <label for={`lookup-${f.name}`}>{t(f.label)}</label>
              <input id={`lookup-${f.name}`} name={f.name} type={f.type} autoComplete={f.autoComplete}
                value={query[f.name] ?? ''} onInput={(e) => setQuery({ ...query, [f.name]: e.currentTarget.value })} />
            </div>
          ))}
        </div>
        <button type="submit" class="button button--primary" disabled={busy}>{t('lookup.submit')}</button>
      </form>
      <div aria-live="polite" class="lookup__status">
        {state.phase === 'solving' && (
          <p class="notice">
            <label for="lookup-progress">{t('lookup.solving')}</label>
            <progress id="lookup-progress" max={100} value={Math.round(state.progress * 100)} />
          </p>
        )}
        {state.phase === 'searching' && <p class="notice">{t('lookup.searching')}</p>}
      </div>
      {state.phase === 'error' && <p role="alert" class="notice notice--error" data-testid="lookup-error">{state.message}</p>}
      {state.phase === 'done' && state.results.length === 0 && <p class="notice" data-testid="lookup-none" role="status">{t('lookup.none')}</p>}
      {state.phase === 'done' && state.results.length > 0 && <LookupResults results={state.results} />}
    </div>
  );
}

function LookupResults({ results }: { results: readonly LookupResult[] }) {
  return (
    <section aria-labelledby="lookup-results-heading">
      <h3 id="lookup-results-heading">{t('lookup.results')}</h3>
      <ul class="lookup-results" data-testid="lookup-results">
        {results.map((r) => (
          <li key={r.diplomaId} data-diploma-id={r.diplomaId} class="panel">
            <p class="lookup-results__name">{r.diplomaName}</p>
            <dl class="facts">
              <dt>{t('lookup.fullName')}</dt><dd>{r.fullName ?? '–'}</dd>
              <dt>{t('lookup.dateOfBirth')}</dt><dd>{formatDate(r.dateOfBirth)}</dd>
              <dt>{t('lookup.placeOfBirth')}</dt><dd>{r.placeOfBirth ?? '–'}</dd>
              <dt>{t('lookup.serialNumber')}</dt><dd>{r.serialNumber}</dd>
              <dt>{t('lookup.registerNumber')}</dt><dd>{r.registerEntryNumber}</dd>
              <dt>{t('lookup.dateOfIssue')}</dt><dd>{formatDate(r.dateOfIssue)}</dd>
              <dt>{t('lookup.issuer')}</dt><dd>{r.issuer.name ?? r.issuer.code}</dd>
              <dt>{t('lookup.status')}</dt><dd data-status={r.status}>{tCode('status', r.status)}</dd>
              {r.revocation && <><dt>{t('status.revocationGround', { ground: '' }).replace(/:\s*$/, '')}</dt>
                <dd>{tCode('ground', r.revocation.ground)} — {t('status.revocationDecision', { number: r.revocation.decision.number, date: formatDate(r.revocation.decision.date) })}</dd></>}
              {r.corrections.length > 0 && <><dt>{t('lookup.corrections')}</dt>
                <dd>{r.corrections.map((c) => t('timeline.decisionValue', { number: c.decision.number, date: formatDate(c.decision.date) })).join('; ')}</dd></>}
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
