/** Answers that are files: their raw bytes, and CSV parsed back into rows. */
import { parse as parseCsv } from 'csv-parse/sync';
import type request from 'supertest';

/** Raw bytes of an answer (CSV with its byte-order mark, xlsx). */
export function binary(req: request.Test) {
  return req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

export function csvRows(body: Buffer): Record<string, string>[] {
  return parseCsv(body.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
}
