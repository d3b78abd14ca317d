// Request body handling: content-type checks (415) and size limits (413).
import express, { type RequestHandler } from 'express';
import { ApiError } from '../errors/problem';

export const JSON_LIMIT = '1mb';

/** 415 unless the request's Content-Type is one of `types` (e.g. 'application/json'). */
export function requireContentType(...types: string[]): RequestHandler {
  return (req, _res, next) => {
    if (req.is(types)) return next();
    next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type must be ${types.join(' or ')}`));
  };
}

/** Parses a JSON body of at most 1 MB; `{}` / arrays / primitives are all passed to validation. */
export const jsonBody: RequestHandler[] = [
  requireContentType('application/json'),
  express.json({ limit: JSON_LIMIT, strict: false, type: () => true }),
];
