/** Routing by location.pathname with the History API: "/", "/v/{hash}", "/lookup". */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'hash'; readonly hash: string | undefined }
  | { readonly page: 'lookup' }
  | { readonly page: 'not-found' };

export function routeOf(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  if (pathname === '/lookup' || pathname === '/lookup/') return { page: 'lookup' };
  const match = /^\/v\/([^/]*)\/?$/.exec(pathname);
  if (match) {
    const hash = match[1]?.toLowerCase();
    return { page: 'hash', hash: hash !== undefined && /^[0-9a-f]{64}$/.test(hash) ? hash : undefined };
  }
  return { page: 'not-found' };
}

const listeners = new Set<() => void>();

export function navigate(path: string): void {
  if (path !== location.pathname) history.pushState(null, '', path);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

export function usePathname(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** A same-origin link handled by the router (a real <a href>, so it also works in a new tab). */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(anchor.pathname);
}
