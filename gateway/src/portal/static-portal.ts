// Serves the built verification portal (portal/dist: index.html + assets/). Vite names every
// asset after its content hash, so assets are cached for a year as immutable; index.html (which
// names the current assets) is never cached. The app's own routes (`/`, `/v/{hash}`, `/lookup`)
// all answer index.html: the portal reads the path itself. Without a build, `/` answers a 503
// problem that says how to make one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { ApiError } from '../errors/problem';

const YEAR_SECONDS = 365 * 24 * 3600;

export function portalRouter(portalDir: string): Router {
  const r = Router();
  const indexFile = path.join(portalDir, 'index.html');

  const sendIndex: RequestHandler = (_req, res, next) => {
    if (!existsSync(indexFile)) {
      return next(new ApiError(503, 'PORTAL_NOT_BUILT', `The verification portal is not built (no ${indexFile}): run npm run build`));
    }
    res.sendFile(indexFile, { headers: { 'Cache-Control': 'no-store' }, cacheControl: false, lastModified: false, etag: false }, (err) => {
      if (err) next(new ApiError(503, 'PORTAL_NOT_BUILT', `The verification portal could not be read: run npm run build`));
    });
  };

  r.get(['/', '/index.html', '/lookup', '/v/:documentHash'], sendIndex);
  r.use('/assets', express.static(path.join(portalDir, 'assets'), {
    immutable: true, maxAge: YEAR_SECONDS * 1000, index: false, redirect: false, fallthrough: true, etag: false,
  }));
  // Other top-level files of the build (Vite's public/ folder, e.g. the favicon): revalidated.
  r.use(express.static(portalDir, { index: false, redirect: false, maxAge: 0, etag: true }));
  return r;
}
