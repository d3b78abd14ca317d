// Recognises "the database is down" errors from the MongoDB driver / mongoose, so they become
// 503 DATABASE_UNAVAILABLE rather than 500.
const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError',
  'MongoTopologyClosedError', 'MongoPoolClearedError', 'MongoExpiredSessionError',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  let e = err as { name?: string; message?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (e.name && UNAVAILABLE_NAMES.has(e.name)) return true;
    if (e.name === 'MongooseError' && /buffering timed out|not connected|connection.*closed/i.test(e.message ?? '')) return true;
    if (/ECONNREFUSED|ECONNRESET|connection .* closed|Client must be connected/i.test(e.message ?? '') && /Mongo/.test(e.name ?? '')) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** MongoDB duplicate key error (unique index violation). */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; name?: string } | undefined;
  return e?.code === 11000;
}

/** FerretDB on SQLite answers a write that meets another writer with SQLITE_BUSY instead of waiting. */
export function isWriteContention(err: unknown): boolean {
  return /SQLITE_BUSY|database is locked|WriteConflict/i.test(String((err as Error | undefined)?.message ?? ''));
}

/** Runs a database write, retrying (with backoff) while it only meets a concurrent writer. */
export async function retryBusy<T>(write: () => Promise<T>, attempts = 40): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await write();
    } catch (err) {
      if (!isWriteContention(err) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** Math.min(i, 6)) * (0.5 + Math.random())));
    }
  }
}
