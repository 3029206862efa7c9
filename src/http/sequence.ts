/**
 * Several middleware as one Express layer. Express's router does work per layer for every request — it matches the
 * path, allocates a params object, trims the mount prefix — and the app-wide middleware that every request passes
 * through (a dozen functions, most of which find nothing to do for a given request) cost noticeably less as one
 * layer. The contract is that of consecutive app.use() calls: each runs in order; an error (thrown, rejected or
 * passed to next) skips the rest and goes on to Express's error handling.
 */
import type { NextFunction, Request, Response } from 'express';

type Middleware = (req: Request, res: Response, next: NextFunction) => unknown;

export function inSequence(...handlers: Middleware[]): Middleware {
  return (req, res, done) => {
    let i = 0;
    const next = (err?: unknown): void => {
      const handler = err === undefined || err === null ? handlers[i++] : undefined;
      if (!handler) {
        done(err ?? undefined);
        return;
      }
      try {
        const result = handler(req, res, next);
        if (result instanceof Promise) result.catch(done);
      } catch (thrown) {
        done(thrown);
      }
    };
    next();
  };
}
