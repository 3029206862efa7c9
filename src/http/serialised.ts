/**
 * An answer serialised once and sent many times: its bytes, its Content-Type and its ETag. A cached directory
 * answer is sent as it is — no JSON encoding, no string-to-bytes conversion and no body hashing per request; Express
 * still answers 304 to a matching If-None-Match, because the ETag is set before res.send sees the body.
 */
import { createHash } from 'node:crypto';
import type { Response } from 'express';

export interface SerialisedAnswer {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** The same weak validator Express makes by default (length and SHA-1 of the body), so clients see no difference. */
function etagOf(body: Buffer): string {
  const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return `W/"${body.length.toString(16)}-${hash}"`;
}

export function serialiseJson(value: unknown, spaces: number | string | undefined): SerialisedAnswer {
  const body = Buffer.from(JSON.stringify(value, null, spaces), 'utf8');
  return { body, contentType: 'application/json; charset=utf-8', etag: etagOf(body) };
}

export function serialiseHtml(html: string): SerialisedAnswer {
  return serialiseText(html, 'text/html; charset=utf-8');
}

/**
 * Text of any type, encoded as UTF-8. `contentType` should name the charset, as Express adds it when it sends a
 * string (the bytes go out as they are).
 */
export function serialiseText(text: string, contentType: string): SerialisedAnswer {
  const body = Buffer.from(text, 'utf8');
  return { body, contentType, etag: etagOf(body) };
}

export function sendSerialised(res: Response, answer: SerialisedAnswer, status = 200): void {
  res.status(status).set('Content-Type', answer.contentType).set('ETag', answer.etag).send(answer.body);
}
