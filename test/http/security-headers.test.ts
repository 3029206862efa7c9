import express from 'express';
import request from 'supertest';
import { helmetFor, securityHeaders } from '../../src/http/security';

/** The headers an app with this middleware answers with (the date and length aside, which vary). */
async function headersOf(middleware: express.RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.use(middleware);
  app.get('/', (_req, res) => {
    res.send('ok');
  });
  const res = await request(app).get('/').expect(200);
  const { date: _date, 'content-length': _length, etag: _etag, ...rest } = res.headers as Record<string, string>;
  return rest;
}

describe('security headers', () => {
  test.each([
    ['production', true],
    ['development', false],
  ])('when worked out once (%s), then every answer carries exactly what helmet sends', async (_label, isProduction) => {
    const ours = await headersOf(securityHeaders({ isProduction }));
    expect(ours).toEqual(await headersOf(helmetFor({ isProduction })));
    expect(ours['content-security-policy']).toContain("default-src 'self'");
    expect(ours['x-content-type-options']).toBe('nosniff');
    expect(ours).not.toHaveProperty('x-powered-by');
    if (isProduction) expect(ours['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    else expect(ours).not.toHaveProperty('strict-transport-security');
  });
});
