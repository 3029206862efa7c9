import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

import { redactUrl } from './secret-paths';

/**
 * One log line per request with a request id: taken from a proxy's X-Request-Id when it looks sane, else made
 * here, and echoed back so a user can quote it. Headers and bodies are not logged; tokens in paths are redacted.
 * Successful requests log at debug level, refused ones at info, failures at error. Written by hand rather than with
 * pino-http: creating a child logger per request cost keyserver fetches a fifth of their throughput, so the
 * request's logger (req.log) is made only when something asks for it.
 */
export function requestLogger(log: Logger) {
  return (req: IncomingMessage & { id?: string; log?: Logger }, res: ServerResponse, next: () => void) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => {
        child ??= log.child({ reqId: id });
        return child;
      },
    });
    if (req.url === '/healthz' || req.url === '/readyz') return next();
    const started = performance.now();
    res.on('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (!log.isLevelEnabled(level)) return;
      log[level](
        {
          req: { id, method: req.method, url: redactUrl(req.url ?? '') },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        },
        'request completed',
      );
    });
    next();
  };
}
