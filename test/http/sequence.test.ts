import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { inSequence } from '../../src/http/sequence';

/** One layer for many app-wide middleware: the same contract as consecutive app.use() calls. */
describe('middleware in sequence', () => {
  const appWith = (failure: (req: Request, res: Response, next: NextFunction) => unknown) => {
    const seen: string[] = [];
    const step = (name: string) => (_req: Request, _res: Response, next: NextFunction) => {
      seen.push(name);
      next();
    };
    const app = express();
    app.use(inSequence(step('a'), failure, step('b')));
    app.get('/', (_req, res) => {
      seen.push('route');
      res.send(seen.join(','));
    });
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).send(`${seen.join(',')}:${err.message}`);
    });
    return app;
  };

  test('when every middleware calls next, then they run in order and the route answers', async () => {
    const res = await request(appWith((_req, _res, next) => next())).get('/');
    expect(res.text).toBe('a,b,route');
  });

  test.each([
    ['passed to next', (_req: Request, _res: Response, next: NextFunction) => next(new Error('refused'))],
    [
      'thrown',
      () => {
        throw new Error('refused');
      },
    ],
    ['rejected', async () => Promise.reject(new Error('refused'))],
  ])('when a middleware fails (%s), then the rest is skipped and the error handler answers', async (_how, failure) => {
    const res = await request(appWith(failure)).get('/');
    expect([res.status, res.text]).toEqual([500, 'a:refused']);
  });
});
