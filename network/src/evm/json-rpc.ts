// A minimal JSON-RPC 2.0 client over HTTP, for health checks and the start-up wait: no provider
// object, no polling, one bounded request.
export class JsonRpcError extends Error {
  override name = 'JsonRpcError';
}

export async function jsonRpc<T = unknown>(url: string, method: string, params: unknown[] = [], timeoutMs = 2_000): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new JsonRpcError(`${method} to ${url}: ${(err as Error).message}`);
  }
  const text = await res.text();
  let body: { result?: T; error?: { code?: number; message?: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new JsonRpcError(`${method} to ${url}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (body.error) throw new JsonRpcError(`${method} to ${url}: ${body.error.message ?? 'error'} (code ${body.error.code ?? '?'})`);
  if (!('result' in body)) throw new JsonRpcError(`${method} to ${url}: no result`);
  return body.result as T;
}

/** A hex quantity (0x-prefixed) as a number; throws on anything else. */
export function quantity(value: unknown): number {
  if (typeof value !== 'string' || !/^0x[0-9a-f]+$/i.test(value)) throw new JsonRpcError(`not a hex quantity: ${JSON.stringify(value)}`);
  return Number(BigInt(value));
}
