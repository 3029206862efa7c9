import helmet from 'helmet';
import type { Config } from '../config';

/**
 * Strict CSP: scripts and styles only from our own origin, no inline code anywhere (views carry no <script> body
 * and no style attribute), no framing. HSTS and upgrade-insecure-requests only in production, where TLS is in
 * front; in development they would break http://localhost.
 */
export function securityHeaders(config: Pick<Config, 'isProduction'>) {
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
