// GET /api/docs: the OpenAPI 3.1 document generated from the validation schemas.
import { Router, type RequestHandler } from 'express';
import { openApiDocument } from '../http/openapi-registry';

export function docsRouter(): Router {
  const r = Router();
  let cached: string | undefined;
  const send: RequestHandler = (_req, res) => {
    cached ??= JSON.stringify(openApiDocument(), null, 2);
    res.type('application/json').send(cached);
  };
  r.get('/docs', send);
  r.get('/docs/openapi.json', send);
  return r;
}
