import request from 'supertest';
import { createTestApp } from '../helpers/app';

describe('health and readiness', () => {
  test('when the database answers, then /healthz and /readyz say ok', async () => {
    const t = await createTestApp();
    try {
      await request(t.app).get('/healthz').expect(200, { status: 'ok' });
      await request(t.app).get('/readyz').expect(200, { status: 'ok' });
    } finally {
      await t.close();
    }
  });

  test('when the database is gone, then /readyz answers 503 while /healthz stays 200', async () => {
    const t = await createTestApp();
    await t.close();
    await request(t.app).get('/healthz').expect(200);
    const res = await request(t.app).get('/readyz').expect(503);
    expect(res.body).toEqual({ status: 'unavailable', database: 'unreachable' });
  });
});
