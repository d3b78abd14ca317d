// Append-only audit log of who did what through the API (authenticated calls only; entries are
// only ever inserted). Written after the response so it never delays or fails a request.
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { collections } from '../models/collections';

export function auditLog(action: string, log: Logger): RequestHandler {
  return (req, res, next) => {
    // Read now: once the response is finished the socket may already be gone.
    const clientAddress = req.ip ?? null;
    res.on('finish', () => {
      if (!req.caller) return;
      const resourceId = typeof req.params.id === 'string' ? req.params.id : (res.locals.auditResourceId as string | undefined) ?? null;
      collections.auditLog().insertOne({
        at: new Date(), caller: req.caller.name, role: req.caller.role, action, method: req.method, path: req.originalUrl.split('?')[0] ?? '',
        status: res.statusCode, resourceId, idempotencyKey: req.get('Idempotency-Key') ?? null, clientAddress,
      }).catch((err: Error) => log.warn({ err: err.message }, 'audit log write failed'));
    });
    next();
  };
}
