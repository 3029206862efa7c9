/**
 * Request cookies (cookie-parser). A request without a Cookie header — gpg, scripts, a first visit, most directory
 * reads — skips the parser, which would only give it two new empty objects; such requests share one frozen empty
 * object instead (nothing writes to req.cookies), so the hot read paths allocate nothing here.
 */
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';

const NONE: Record<string, string> = Object.freeze(Object.create(null));

export function requestCookies() {
  const parse = cookieParser();
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.headers.cookie !== undefined) {
      parse(req, res, next);
      return;
    }
    req.cookies = NONE;
    req.signedCookies = NONE;
    next();
  };
}
