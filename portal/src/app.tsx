/** The page frame (header, language switch, navigation, footer) and the route's page. */
import { getLang, setLang, t, useLang } from './i18n';
import { HashPage } from './pages/HashPage';
import { HomePage } from './pages/HomePage';
import { LookupPage } from './pages/LookupPage';
import { onLinkClick, routeOf, usePathname } from './router';

export function App() {
  useLang();
  const route = routeOf(usePathname());
  return (
    <>
      <a class="skip-link" href="#main">{t('app.skip')}</a>
      <header class="site-header">
        <div class="site-header__inner">
          <div class="brand">
            <p class="brand__ministry">{t('app.ministry')}</p>
            <a class="brand__title" href="/" onClick={onLinkClick}>{t('app.title')}</a>
          </div>
          <button type="button" class="lang-switch" data-testid="lang-switch" aria-label={t('lang.switchLabel')}
            lang={getLang() === 'vi' ? 'en' : 'vi'} onClick={() => setLang(getLang() === 'vi' ? 'en' : 'vi')}>
            {t('lang.switch')}
          </button>
        </div>
        <nav class="site-nav" aria-label={t('nav.label')}>
          <a href="/#verify-file" onClick={(e) => goHome(e, 'verify-file')} aria-current={route.page === 'home' ? 'page' : undefined}>{t('nav.file')}</a>
          <a href="/#verify-qr" onClick={(e) => goHome(e, 'verify-qr')}>{t('nav.qr')}</a>
          <a href="/lookup" onClick={onLinkClick} aria-current={route.page === 'lookup' ? 'page' : undefined}>{t('nav.lookup')}</a>
        </nav>
      </header>
      <main id="main" class="site-main" tabIndex={-1}>
        {route.page === 'home' && <HomePage />}
        {route.page === 'hash' && <HashPage hash={route.hash} />}
        {route.page === 'lookup' && <LookupPage />}
        {route.page === 'not-found' && <p role="alert" class="notice notice--error">{t('page.notFound')}</p>}
      </main>
      <footer class="site-footer"><p>{t('app.footer')}</p></footer>
    </>
  );
}

/** The home page's sections are anchors: go home first if elsewhere, then to the section. */
function goHome(event: MouseEvent, id: string): void {
  event.preventDefault();
  if (location.pathname !== '/') {
    history.pushState(null, '', `/#${id}`);
    dispatchEvent(new PopStateEvent('popstate'));
  } else {
    history.replaceState(null, '', `/#${id}`);
  }
  requestAnimationFrame(() => {
    const target = document.getElementById(id);
    target?.scrollIntoView({ block: 'start' });
    target?.querySelector<HTMLElement>('h2')?.focus();
  });
}
