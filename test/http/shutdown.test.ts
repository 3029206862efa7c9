import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { closeGracefully } from '../../src/http/shutdown';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('graceful shutdown', () => {
  test('when stopping, then requests in flight finish, new connections are refused, then the database closes', async () => {
    let releaseSlow: () => void = () => undefined;
    let slowStarted: () => void = () => undefined;
    const started = new Promise<void>((r) => {
      slowStarted = r;
    });
    const events: string[] = [];
    const app = express();
    app.get('/slow', (_req, res) => {
      res.on('finish', () => events.push('response sent'));
      slowStarted();
      releaseSlow = () => res.send('finished');
    });
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;

    const inFlight = get(port, '/slow');
    await started;
    const stopping = closeGracefully(server, {
      timeoutMs: 5000,
      log: pino({ level: 'silent' }),
      afterClose: async () => {
        events.push('database closed');
      },
    });
    await expect(get(port, '/slow')).rejects.toThrow(/ECONNREFUSED/);
    releaseSlow();
    expect(await inFlight).toEqual({ status: 200, body: 'finished' });
    expect(await stopping).toEqual({ forced: false });
    expect(events).toEqual(['response sent', 'database closed']);
  });

  test('when a request hangs past the timeout, then its connection is cut and shutdown completes', async () => {
    const app = express();
    app.get('/hang', () => undefined);
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    const hung = get(port, '/hang').catch((err: Error) => err.message);
    await new Promise((r) => setTimeout(r, 50));
    const result = await closeGracefully(server, {
      timeoutMs: 100,
      log: pino({ level: 'silent' }),
      afterClose: async () => undefined,
    });
    expect(result).toEqual({ forced: true });
    expect(await hung).toMatch(/socket hang up|ECONNRESET/);
  });
});
