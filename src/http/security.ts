import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { Config } from '../config';

/**
 * Strict CSP: scripts and styles only from our own origin, no inline code anywhere (views carry no <script> body
 * and no style attribute), no framing. HSTS and upgrade-insecure-requests only in production, where TLS is in
 * front; in development they would break http://localhost.
 */
export function helmetFor(config: Pick<Config, 'isProduction'>) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * Helmet's headers, worked out once: with no per-request directives (no nonces) they are the same for every
 * answer, and rebuilding the policy string and a dozen headers per request was measurable on the API. The set is
 * taken from helmet itself, so it stays exactly what helmet would send.
 */
export function securityHeaders(config: Pick<Config, 'isProduction'>) {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  let called = false;
  helmetFor(config)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    called = true;
  });
  if (!called) throw new Error('security headers: helmet did not finish synchronously');
  return (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
