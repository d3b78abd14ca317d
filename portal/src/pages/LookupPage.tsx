/** "/lookup": the public lookup on its own page. */
import { LookupForm } from '../components/LookupForm';
import { t } from '../i18n';

export function LookupPage() {
  return (
    <>
      <h1 class="page-title">{t('lookup.heading')}</h1>
      <LookupForm />
    </>
  );
}
