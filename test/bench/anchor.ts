/**
 * The bare anchor: an Express 5 app that answers with bytes captured once from our app's answer — already
 * serialised, same Content-Type and ETag — so it does no work but routing and writing. Our throughput divided by
 * its throughput is what our middleware, queries, presentation and serialisation cost, on the same machine at the
 * same moment. Both sides listen on 127.0.0.1 and are driven by the same load generator.
 */
import express from 'express';
import { fixedRate, type LoadResult, maxThroughput } from './load';
import { httpGet, listenLocal, log, round } from './util';

export const FIXED_RATE = 200;
const FIXED_SECONDS = 10;

interface Captured {
  body: Buffer;
  contentType: string;
  etag: string | undefined;
}

export interface BareAnchor {
  port: number;
  /** Serves `captured` for requests to this path's pathname from now on. */
  serve(path: string, captured: Captured): void;
  close(): Promise<void>;
}

export async function bareAnchor(): Promise<BareAnchor> {
  const current = new Map<string, Captured>();
  const app = express();
  app.disable('x-powered-by');
  app.get('/{*rest}', (req, res, next) => {
    const c = current.get(req.path);
    if (!c) return next();
    res.set('Content-Type', c.contentType);
    // A given ETag spares Express hashing the body per request, as a cached answer of ours does.
    if (c.etag) res.set('ETag', c.etag);
    res.send(c.body);
  });
  const server = await listenLocal(app);
  return {
    port: server.port,
    serve: (path, captured) => current.set(new URL(path, 'http://x').pathname, captured),
    close: server.close,
  };
}

export interface Case {
  label: string;
  path: string;
}

export interface CaseResult {
  label: string;
  path: string;
  /** Response body size in bytes (the bare copy is checked to be byte-identical). */
  bytes: number;
  ours: LoadResult;
  bare: LoadResult;
  ratio: number;
  fixed: LoadResult;
  /**
   * The anchor at the same fixed rate, for information: the latency this machine and load generator give an app
   * that does nothing, so a p99 can be read against it (on a busy 2-core machine it is well above zero).
   */
  bareFixed: LoadResult;
}

/** Our first answer to `c.path`, checked to be a 200, handed to `check` and captured for the anchor. */
async function capture(port: number, path: string): Promise<Captured> {
  const first = await httpGet(port, path, 60_000);
  if (first.status !== 200) {
    throw new Error(`${path} answered ${first.status}: ${first.body.toString('utf8').slice(0, 300)}`);
  }
  const etag = first.headers.etag;
  return { body: first.body, contentType: String(first.headers['content-type'] ?? ''), etag };
}

/** Max throughput of ours and of the anchor on the same bytes, then ours and the anchor at FIXED_RATE req/s. */
export async function compare(
  oursPort: number,
  bare: BareAnchor,
  c: Case,
  check?: (body: Buffer, contentType: string) => void,
): Promise<CaseResult> {
  const captured = await capture(oursPort, c.path);
  check?.(captured.body, captured.contentType);
  bare.serve(c.path, captured);
  const copy = await httpGet(bare.port, c.path);
  if (!copy.body.equals(captured.body) || copy.headers['content-type'] !== captured.contentType) {
    throw new Error(`bare copy of ${c.path} differs from ours (${copy.body.length} / ${captured.body.length} bytes)`);
  }
  log(`${c.label}: ${captured.body.length} bytes; max throughput, ours`);
  const ours = await maxThroughput(oursPort, c.path);
  log(`${c.label}: max throughput, bare`);
  const bareRun = await maxThroughput(bare.port, c.path);
  log(`${c.label}: ${FIXED_RATE} req/s for ${FIXED_SECONDS} s, ours`);
  const fixed = await fixedRate(oursPort, c.path, FIXED_RATE, FIXED_SECONDS);
  log(`${c.label}: ${FIXED_RATE} req/s for ${FIXED_SECONDS} s, bare`);
  const bareFixed = await fixedRate(bare.port, c.path, FIXED_RATE, FIXED_SECONDS);
  return {
    label: c.label,
    path: c.path,
    bytes: captured.body.length,
    ours,
    bare: bareRun,
    ratio: bareRun.reqPerSec > 0 ? round(ours.reqPerSec / bareRun.reqPerSec, 5) : 0,
    fixed,
    bareFixed,
  };
}
