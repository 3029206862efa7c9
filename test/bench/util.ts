/**
 * Small helpers shared by the benchmark steps: temp directories and clean-up that also runs on Ctrl-C, plain
 * node:http GETs (no keep-alive, so no socket outlives a step), and servers bound to 127.0.0.1 only.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

type CleanupFn = () => void | Promise<void>;

const pending: CleanupFn[] = [];

/** Registers a clean-up step; steps run last-in first-out from runCleanup() (normal end, crash or signal). */
export function defer(fn: CleanupFn): () => Promise<void> {
  pending.push(fn);
  // The returned function runs the step now (and only once), for steps that end before the whole run does.
  return async () => {
    const i = pending.indexOf(fn);
    if (i === -1) return;
    pending.splice(i, 1);
    await fn();
  };
}

export async function runCleanup(): Promise<void> {
  while (pending.length > 0) {
    const fn = pending.pop()!;
    try {
      await fn();
    } catch (err) {
      process.stderr.write(`bench: clean-up step failed: ${String(err)}\n`);
    }
  }
}

/** A fresh directory under the OS temp dir, removed by runCleanup() or by calling the returned remover. */
export function makeTempDir(label: string): { dir: string; remove: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `csirt-bench-${label}-`));
  const remove = defer(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { dir, remove };
}

interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** GET on 127.0.0.1 with a fresh connection (agent: false) and a timeout, so a stuck server cannot hang us. */
export function httpGet(port: number, urlPath: string, timeoutMs = 5000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${urlPath} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** POST on 127.0.0.1 with a fresh connection and a timeout; resolves with the status, headers and body. */
export function httpPost(
  port: number,
  urlPath: string,
  body: string,
  contentType: string,
  timeoutMs = 60_000,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: 'POST',
        agent: false,
        timeout: timeoutMs,
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${urlPath} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Listens on 127.0.0.1 port 0 and closes the server (and any lingering keep-alive sockets) at clean-up. */
export async function listenLocal(
  handler: http.RequestListener,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = defer(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { port, close };
}

/** A port that was free a moment ago (for a child process that must be told its port up front). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function log(message: string): void {
  // Progress goes to stderr so stdout carries only the table and the JSON line.
  process.stderr.write(`bench: ${message}\n`);
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Runs a bench entry: its failure is reported and sets a non-zero exit, clean-up always runs, and a handle left
 * open afterwards does not hang the job.
 */
export function runBenchMain(main: () => Promise<void>): void {
  main()
    .catch((err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(async () => {
      await runCleanup();
      setTimeout(() => {
        log('a handle kept the process alive after clean-up; exiting');
        process.exit(process.exitCode ?? 0);
      }, 5000).unref();
    });
}
