// Security headers on every response (helmet), and `Cache-Control: no-store` where an answer can
// carry personal data. The CSP is strict: the portal loads nothing from another origin and has
// no inline script or style, so 'unsafe-inline' and 'unsafe-eval' are never needed. The camera
// is allowed for this origin only (the portal scans QR codes).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

const helmetHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  referrerPolicy: { policy: 'no-referrer' },
  // The portal is served over plain HTTP in development; HSTS belongs to the TLS front end.
  strictTransportSecurity: false,
});

/** Plain Node handler (it also runs before Express, in front of the verify fast path). */
export function securityHeaders(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  res.setHeader('Permissions-Policy', 'camera=(self)');
  helmetHeaders(req, res, (err?: unknown) => {
    if (err) throw err;
    next();
  });
}

/** For answers that can carry personal data: no browser or proxy may keep a copy. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
