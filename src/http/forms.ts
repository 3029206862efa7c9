/**
 * Form bodies: URL-encoded, and multipart for forms with a file (keys). Both are parsed before the CSRF check so
 * the token in the body is seen; files stay in memory, one per request, 1 MiB at most (413 above).
 */
import express, { type Request } from 'express';
import multer from 'multer';

export const FORM_FILE_LIMIT = 1024 * 1024;

/** Big enough for the application form: ~50 fields, six 2,000-character introductions in Japanese, percent-encoded. */
export const urlencodedForms = express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 150 });

export const multipartForms = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: FORM_FILE_LIMIT, files: 1, fields: 150, fieldSize: FORM_FILE_LIMIT },
}).any();

/** The bytes of the file posted with a form, if any. */
export function uploadedFile(req: Request): Buffer | null {
  const files = (req as Request & { files?: { buffer: Buffer }[] }).files;
  const file = Array.isArray(files) ? files[0] : undefined;
  return file && file.buffer.length > 0 ? file.buffer : null;
}
