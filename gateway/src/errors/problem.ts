// RFC 9457 problem details. Every error the API returns is an ApiError rendered as
// application/problem+json with a stable `code`; anything unexpected becomes a 500 without a
// stack trace (the stack goes to the log only).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable, isWriteContention } from './database-errors';
import { LedgerError, ledgerErrorToApiError } from './ledger-errors';

export interface FieldProblem {
  /** JSON pointer (body) or parameter name (query/path) of the offending value. */
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldProblem[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

export const badRequest = (message: string, errors?: FieldProblem[]) => new ApiError(400, 'VALIDATION_FAILED', message, errors);
export const notFound = (message: string) => new ApiError(404, 'NOT_FOUND', message);
export const forbidden = (message: string) => new ApiError(403, 'FORBIDDEN', message);
export const conflict = (code: string, message: string, extra?: Record<string, unknown>) => new ApiError(409, code, message, undefined, extra);
export const databaseUnavailable = () => new ApiError(503, 'DATABASE_UNAVAILABLE', 'The diploma database is unavailable; nothing was changed. Retry later.');

/** Turns any thrown value into an ApiError (unknown errors → 500 INTERNAL). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof LedgerError) return ledgerErrorToApiError(err);
  if (isDatabaseUnavailable(err)) return databaseUnavailable();
  if (isWriteContention(err)) return new ApiError(503, 'DATABASE_BUSY', 'The database is busy; nothing was changed. Retry shortly.');
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
  // body-parser / raw-body errors carry a status and a type.
  if (e && e.type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts');
  if (e && e.type === 'entity.parse.failed') return new ApiError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  if (e && (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')) return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', e.message ?? 'Unsupported encoding');
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new ApiError(e.status, 'BAD_REQUEST', e.message ?? 'Bad request');
  return new ApiError(500, 'INTERNAL', 'An unexpected error occurred; it has been logged.');
}

export function problemBody(err: ApiError, instance?: string): Record<string, unknown> {
  return {
    type: `https://vanbang.moet.gov.vn/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    code: err.code,
    detail: err.message,
    ...(instance ? { instance } : {}),
    ...(err.errors ? { errors: err.errors } : {}),
    ...(err.extra ?? {}),
  };
}

export function sendProblem(res: Parameters<RequestHandler>[1], err: ApiError, instance?: string): void {
  if (err.status === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', '5');
  res.status(err.status).type('application/problem+json').send(JSON.stringify(problemBody(err, instance)));
}

type Logger = { error(obj: unknown, msg?: string): void };

export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500 && apiError.code === 'INTERNAL') log.error({ err, path: req.path }, 'unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, apiError, req.originalUrl.split('?')[0]);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'NOT_FOUND', `No endpoint ${req.method} ${req.path}`));
};
