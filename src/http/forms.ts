/**
 * Form bodies: URL-encoded, and multipart for forms with a file (keys). Both are parsed before the CSRF check so
 * the token in the body is seen; files stay in memory, one per request, 1 MiB at most (5 MiB for the member import;
 * 413 above).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { HttpError, payloadTooLarge } from './errors';

const FORM_FILE_LIMIT = 1024 * 1024;

/** Big enough for the application form: ~50 fields, six 2,000-character introductions in Japanese, percent-encoded. */
const parseUrlencoded = express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 150 });

/** Whether a request carries a body at all (the test body-parser and multer make first, type-is `hasBody`). */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));
}

/**
 * URL-encoded form bodies. A request without a body (every GET) skips the parser, which would only find that out
 * after a dozen steps of its own per request.
 */
export function urlencodedForms(req: Request, res: Response, next: NextFunction): void {
  if (hasBody(req)) parseUrlencoded(req, res, next);
  else next();
}

/** The secretariat's member import takes a whole association's spreadsheet (import/service.ts MAX_IMPORT_BYTES). */
const IMPORT_FILE_LIMIT = 5 * 1024 * 1024;
const IMPORT_PATH = '/admin/import';

const multipartOf = (fileSize: number) =>
  multer({
    storage: multer.memoryStorage(),
    // Browsers send a file's name in UTF-8 without saying so (会員名簿.csv); busboy's default reads it as latin1.
    defParamCharset: 'utf8',
    limits: { fileSize, files: 1, fields: 150, fieldSize: FORM_FILE_LIMIT },
  }).any();
const parseMultipart = multipartOf(FORM_FILE_LIMIT);
const parseImport = multipartOf(IMPORT_FILE_LIMIT);

/** Multer's own size limits are 413; anything else it or busboy throws is a body that is not multipart: 400. */
function multipartError(err: unknown): HttpError {
  const code = (err as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE' || code === 'LIMIT_FIELD_VALUE') return payloadTooLarge();
  return new HttpError(400, 'malformed_body', 'error.malformedBody');
}

/**
 * Multipart bodies. A truncated part, a missing boundary or a bad part header makes busboy throw plain errors with
 * no status; they are all the sender's fault, so every one of them answers 400, on any path.
 */
export function multipartForms(req: Request, res: Response, next: NextFunction): void {
  const parse = req.path === IMPORT_PATH ? parseImport : parseMultipart;
  parse(req, res, (err?: unknown) => next(err ? multipartError(err) : undefined));
}

function postedFile(req: Request): { buffer: Buffer; originalname?: string } | undefined {
  const files = (req as Request & { files?: { buffer: Buffer; originalname?: string }[] }).files;
  return Array.isArray(files) ? files[0] : undefined;
}

/** The bytes of the file posted with a form, if any. */
export function uploadedFile(req: Request): Buffer | null {
  const file = postedFile(req);
  return file && file.buffer.length > 0 ? file.buffer : null;
}

/** The name the sender's file had (for showing it back; never used as a path). */
export function uploadedFileName(req: Request): string {
  return String(postedFile(req)?.originalname ?? '').slice(0, 200);
}
