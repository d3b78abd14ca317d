/**
 * What a call to the gateway gives: the answer, a "not found", a refusal with its problem
 * (RFC 9457), or 'unavailable' — network error, 5xx, 429 — which the verdict rules turn into
 * "cannot be determined", never into "invalid".
 */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
}

export type Outcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'not-found'; readonly problem: Problem }
  | { readonly kind: 'refused'; readonly status: number; readonly problem: Problem }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Classifies an HTTP status (pure, for tests). */
export function classifyStatus(status: number): 'ok' | 'not-found' | 'refused' | 'unavailable' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 404) return 'not-found';
  if (status === 429 || status >= 500) return 'unavailable';
  return 'refused';
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Problem) : { status: response.status };
  } catch {
    return { status: response.status, title: response.statusText };
  }
}

/** Turns a fetch into an Outcome; `read` parses a 2xx body. Never throws. */
export async function request<T>(fetcher: () => Promise<Response>, read: (response: Response) => Promise<T>): Promise<Outcome<T>> {
  let response: Response;
  try {
    response = await fetcher();
  } catch (error) {
    return { kind: 'unavailable', reason: (error as Error).message || 'network error' };
  }
  const kind = classifyStatus(response.status);
  try {
    switch (kind) {
      case 'ok':
        return { kind, value: await read(response) };
      case 'not-found':
        return { kind, problem: await problemOf(response) };
      case 'unavailable':
        return { kind, reason: `HTTP ${response.status}` };
      case 'refused':
        return { kind, status: response.status, problem: await problemOf(response) };
    }
  } catch (error) {
    // A 2xx whose body is not what we expect (e.g. an HTML error page from a proxy): treat as unavailable.
    return { kind: 'unavailable', reason: (error as Error).message };
  }
}

export function getJson<T>(url: string, init?: RequestInit): Promise<Outcome<T>> {
  return request(() => fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } }), async (r) => {
    if (!(r.headers.get('content-type') ?? '').includes('json')) throw new Error('the answer is not JSON');
    return (await r.json()) as T;
  });
}
