import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { keyCheckSchema, teamListSchema, teamPageSchema, teamViewSchema } from '../../src/directory/api-schemas';
import type { RouteTable } from '../../src/http/access';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { login } from '../helpers/auth';

describe('the OpenAPI document', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await createTeam(t.ctx, { shortName: 'OPENAPI-CSIRT' });
    await createTeam(t.ctx, { shortName: 'NOKEY-CSIRT' }, { withKey: false });
  });
  afterAll(() => t.close());

  test('when /api/openapi.json is fetched, then it is a valid OpenAPI 3.1 document', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    // The validator checks against the OpenAPI 3.1 schema and resolves every $ref (it mutates its input: a copy).
    const validated = await SwaggerParser.validate(structuredClone(res.body));
    expect(validated.info.title).toBe('CSIRT registry API');
    // And it does refuse a broken document, so the check above means something.
    await expect(
      SwaggerParser.validate({ ...structuredClone(res.body), paths: { '/x': { get: { responses: 'nope' } } } }),
    ).rejects.toThrow();
  });

  test('when the app is built, then every /api route is described', async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const table = t.app.get('routeTable') as RouteTable;
    const apiRoutes = table.entries.filter((e) => e.path.startsWith('/api/'));
    expect(apiRoutes.length).toBeGreaterThanOrEqual(7);
    for (const route of apiRoutes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      expect([route.method, path, Boolean(doc.paths[path]?.[route.method.toLowerCase()])]).toEqual([
        route.method,
        path,
        true,
      ]);
    }
  });

  test('when the API answers, then the answers have the documented shape, for the public and for members', async () => {
    const member = await login(
      t.app,
      (
        await createUser(t.ctx, {
          teams: [
            { id: (await createTeam(t.ctx, { shortName: 'SEER-CSIRT' }, { withKey: false })).id, role: 'member' },
          ],
        })
      ).email,
    );
    for (const agent of [request(t.app), member]) {
      const page = await agent.get('/api/v1/teams?limit=100').expect(200);
      expect(teamPageSchema.safeParse(page.body).error).toBeUndefined();
      const one = await agent.get('/api/v1/teams/openapi-csirt').expect(200);
      expect(teamViewSchema.safeParse(one.body).error).toBeUndefined();
      const all = await agent.get('/api/v1/teams.json').expect(200);
      expect(teamListSchema.safeParse(all.body).error).toBeUndefined();
    }
    const check = await request(t.app).post('/api/v1/keys/check').type('text/plain').send('not a key').expect(200);
    expect(keyCheckSchema.safeParse(check.body).error).toBeUndefined();
  });

  test('when /docs/api is opened, then each operation is listed in the page language', async () => {
    const ja = await request(t.app).get('/docs/api').expect(200);
    expect(ja.text).toContain('GET /api/v1/teams/{slug}');
    expect(ja.text).toContain('POST /api/v1/keys/check');
    expect(ja.text).toContain('パラメーター');
    const en = await request(t.app).get('/docs/api?lang=en').expect(200);
    expect(en.text).toContain('Responses');
  });
});
