/**
 * Every documented answer of /api/openapi.json, held to the document by an independent validator (Ajv, JSON Schema
 * 2020-12 as OpenAPI 3.1 uses): for each path and method, real requests as each kind of caller (anonymous, member
 * by session and by token, secretariat, a signed-in user of no member team, a bad token) with fields hidden and
 * shown, and the inputs that provoke each documented status. An answer whose status or content type the document
 * does not list fails, and so does a documented status no request provoked.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { addDays } from '../../src/clock';
import { teams } from '../../src/entry/schema';
import { generateKeyPair } from '../../src/pgp';
import { createApiTokenOf, createClaims, createTeam, createTeamKey, createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { type Agent, login } from '../helpers/auth';

interface MediaType {
  schema?: Record<string, unknown>;
}
interface Operation {
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

type Caller = 'anonymous' | 'member' | 'memberToken' | 'secretariat' | 'outsider' | 'outsiderToken' | 'badToken';
const CALLERS: Caller[] = [
  'anonymous',
  'member',
  'memberToken',
  'secretariat',
  'outsider',
  'outsiderToken',
  'badToken',
];

interface Call {
  method: 'get' | 'post';
  /** The path as documented, e.g. /api/v1/teams/{slug}. */
  template: string;
  /** The request path with query. */
  url: string;
  body?: string | Buffer;
  type?: string;
}

describe('OpenAPI answers', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let doc: Doc;
  let ajv: Ajv2020;
  const agents = new Map<Caller, Agent | { token: string }>();
  const provoked = new Set<string>();
  const validators = new Map<string, ValidateFunction>();

  beforeAll(async () => {
    t = await createTestApp();
    // Shown: a team that made its phones and all else public; hidden: one that hides all it may from the public.
    await createTeam(t.ctx, { shortName: 'OPEN-CSIRT' });
    const open = await t.ctx.db.select().from(teams).where(eq(teams.slug, 'open-csirt'));
    await t.ctx.db
      .update(teams)
      .set({ visibility: { phone: 'public', emergencyPhone: 'public' } })
      .where(eq(teams.id, open[0].id));
    await createClaims(t.ctx, open[0].id, ['open-csirt.example.jp', '192.0.2.0/24', '2001:db8::/32'], {
      verified: true,
    });
    await createClaims(t.ctx, open[0].id, ['AS64500']);
    const hidden = await createTeam(t.ctx, { shortName: 'HIDDEN-CSIRT' });
    await createClaims(t.ctx, hidden.id, ['192.0.2.128/25', 'AS64501', 'hidden.example.jp']);
    await t.ctx.db
      .update(teams)
      .set({
        visibility: {
          email: 'members',
          key: 'members',
          website: 'secretariat',
          phone: 'secretariat',
          emergencyPhone: 'secretariat',
          businessHours: 'secretariat',
          languages: 'secretariat',
          introduction: 'secretariat',
          constituency: 'secretariat',
          services: 'secretariat',
          prefixes: 'members',
          domains: 'secretariat',
        },
      })
      .where(eq(teams.id, hidden.id));
    await createTeam(t.ctx, { shortName: 'NOKEY-CSIRT', website: null, phone: null }, { withKey: false });
    await createTeam(t.ctx, { shortName: 'STALE-CSIRT' }, { confirmedDaysAgo: 500 });
    await createTeam(t.ctx, { shortName: 'SUSPENDED-CSIRT', status: 'suspended' });
    // A team with a key retired by rotation: GET /api/v1/teams/{slug} lists it under retiredKeys.
    const rotated = await createTeam(t.ctx, { shortName: 'ROTATED-CSIRT' });
    const old = await generateKeyPair({
      name: 'Old key',
      email: rotated.entry.email,
      created: addDays(new Date(TEST_NOW), -400),
    });
    await createTeamKey(t.ctx, rotated.id, old.publicKey, {
      role: 'retired',
      retiredAt: addDays(new Date(TEST_NOW), -20),
    });

    const memberTeam = await createTeam(t.ctx, { shortName: 'READER-CSIRT' }, { withKey: false });
    const member = await createUser(t.ctx, { teams: [{ id: memberTeam.id, role: 'member' }] });
    const outsider = await createUser(t.ctx, {});
    const staff = await createUser(t.ctx, { secretariat: true });
    const tokenOf = (id: string) => createApiTokenOf(t.ctx, id, 'answers');
    agents.set('member', await login(t.app, member.email));
    agents.set('secretariat', await login(t.app, staff.email));
    agents.set('outsider', await login(t.app, outsider.email));
    agents.set('memberToken', { token: await tokenOf(member.id) });
    agents.set('outsiderToken', { token: await tokenOf(outsider.id) });
    agents.set('badToken', { token: 'csr_thisTokenDoesNotExist0000000000000000000' });

    doc = (await request(t.app).get('/api/openapi.json').expect(200)).body as Doc;
    ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    // The document itself, so that "#/components/schemas/…" references resolve inside it.
    ajv.addVocabulary(['components']);
    ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  });
  afterAll(() => t.close());

  function send(caller: Caller, call: Call) {
    const agent = agents.get(caller);
    const base = agent && 'get' in agent ? agent : request(t.app);
    let req = call.method === 'get' ? base.get(call.url) : base.post(call.url);
    if (agent && 'token' in agent) req = req.set('Authorization', `Bearer ${agent.token}`);
    if (call.type) req = req.set('Content-Type', call.type);
    req = req.buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    return call.body === undefined ? req : req.send(call.body);
  }

  function validatorFor(schema: Record<string, unknown>): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = validators.get(key);
    if (!validate) {
      // A schema of the document, compiled in the document's scope (its $refs point into it).
      const ref = typeof schema.$ref === 'string' ? `openapi.json${schema.$ref}` : undefined;
      validate = ref ? ajv.compile({ $ref: ref }) : ajv.compile(schema);
      validators.set(key, validate);
    }
    return validate;
  }

  /** The answer against the document: a listed status, a listed content type, a body of the listed schema. */
  async function check(caller: Caller, call: Call): Promise<number> {
    const res = await send(caller, call);
    const what = `${caller} ${call.method.toUpperCase()} ${call.url} → ${res.status}`;
    const operation = doc.paths[call.template]?.[call.method];
    expect([what, Boolean(operation)]).toEqual([what, true]);
    const documented = operation.responses[String(res.status)];
    expect([what, documented ? 'documented' : `not documented (${Object.keys(operation.responses)})`]).toEqual([
      what,
      'documented',
    ]);
    provoked.add(`${call.method} ${call.template} ${res.status}`);
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const media = Object.keys(documented.content ?? {});
    expect([what, media.includes(type) ? type : `${type} is not one of ${media}`]).toEqual([what, type]);
    const body = res.body as Buffer;
    if (type === 'application/json') {
      const schema = documented.content?.[type]?.schema ?? {};
      const validate = validatorFor(schema);
      const value = JSON.parse(body.toString('utf8'));
      validate(value);
      expect([what, ajv.errorsText(validate.errors)]).toEqual([what, 'No errors']);
    } else if (type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
      expect([what, body.subarray(0, 2).toString('latin1')]).toEqual([what, 'PK']); // a zip container
    } else {
      expect([what, body.length > 0]).toEqual([what, true]);
    }
    return res.status;
  }

  const get = (template: string, url = template): Call => ({ method: 'get', template, url });
  const LISTS = [
    '/api/v1/teams',
    '/api/v1/teams.json',
    '/api/v1/teams.ti.json',
    '/api/v1/teams.csv',
    '/api/v1/teams.xlsx',
  ];
  const BAD_FILTERS = ['limit=0', 'region=atlantis', 'industry=%20x', 'service=1', 'constituency=x', 'reachable=2'];

  test('when every caller reads the directory, then each answer has the documented status, type and shape', async () => {
    for (const caller of CALLERS) {
      for (const list of LISTS) {
        for (const query of ['', '?q=CSIRT', '?region=kanto&industry=manufacturing', '?reachable=1', '?lang=en']) {
          await check(caller, get(list, `${list}${query}`));
        }
        if (list === '/api/v1/teams') await check(caller, get(list, `${list}?limit=100&offset=2`));
      }
      for (const slug of [
        'open-csirt',
        'hidden-csirt',
        'nokey-csirt',
        'stale-csirt',
        'rotated-csirt',
        'suspended-csirt',
      ]) {
        await check(caller, get('/api/v1/teams/{slug}', `/api/v1/teams/${slug}`));
      }
      await check(caller, get('/api/v1/teams/{slug}', '/api/v1/teams/nobody-here'));
      for (const q of [
        '192.0.2.200',
        '2001:db8::1',
        '192.0.2.0%2F26',
        'AS64501',
        'www.open-csirt.example.jp',
        'a%40hidden.example.jp',
        'hxxps%3A%2F%2Fopen-csirt%5B.%5Dexample.jp%2Fx',
        '203.0.113.9',
      ]) {
        await check(caller, get('/api/v1/lookup', `/api/v1/lookup?q=${q}`));
      }
      await check(caller, get('/api/v1/lookup', '/api/v1/lookup?q=not%20an%20indicator'));
      const lookup = { method: 'post' as const, template: '/api/v1/lookup', url: '/api/v1/lookup' };
      await check(caller, { ...lookup, body: '192.0.2.7\n# a comment\nnot one\nAS64500\n', type: 'text/plain' });
      await check(caller, { ...lookup, body: '["192.0.2.130","hidden.example.jp"]', type: 'application/json' });
      await check(caller, get('/api/v1/keyring.asc'));
      await check(caller, get('/api/v1/changes.atom'));
      await check(caller, get('/api/v1/announcements.atom'));
      await check(caller, get('/api/openapi.json'));
    }
  });

  test('when a team has a retired key, then its answer lists it and still matches the document', async () => {
    const res = await request(t.app).get('/api/v1/teams/rotated-csirt').expect(200);
    expect(res.body.retiredKeys).toHaveLength(1);
    expect(res.body.retiredKeys[0].role).toBe('retired');
    expect(await check('anonymous', get('/api/v1/teams/{slug}', '/api/v1/teams/rotated-csirt'))).toBe(200);
  });

  test('when the filters or the paging are wrong, then every list answers the documented 400', async () => {
    for (const list of LISTS) {
      for (const query of [...BAD_FILTERS, `q=${'x'.repeat(201)}`, 'lang=fr', 'offset=-1', 'limit=abc']) {
        const status = await check('anonymous', get(list, `${list}?${query}`));
        expect([list, query, status]).toEqual([list, query, 400]);
      }
    }
  });

  test('when the lookup is sent bad input, then each documented status is answered with its shape', async () => {
    const lookup = { method: 'post' as const, template: '/api/v1/lookup', url: '/api/v1/lookup' };
    for (const q of ['', '%20', `${'a'.repeat(2100)}.jp`]) {
      expect(await check('anonymous', get('/api/v1/lookup', `/api/v1/lookup?q=${q}`))).toBe(400);
    }
    expect(await check('anonymous', get('/api/v1/lookup', '/api/v1/lookup'))).toBe(400);
    const many = Array.from({ length: 5000 }, (_, i) => `192.0.2.${i % 256}`).join('\n');
    expect(await check('anonymous', { ...lookup, body: many, type: 'text/plain' })).toBe(422);
    expect(await check('anonymous', { ...lookup, body: 'x'.repeat(600 * 1024), type: 'text/plain' })).toBe(413);
    expect(await check('anonymous', { ...lookup, body: '[1, 2]', type: 'application/json' })).toBe(422);
    expect(await check('anonymous', { ...lookup, body: '{"q": 5}', type: 'application/json' })).toBe(422);
    expect(await check('anonymous', { ...lookup, body: '\n\n# nothing\n', type: 'text/plain' })).toBe(422);
  });

  test('when keys are checked with bad input, then each documented status is answered with its shape', async () => {
    const check200 = { method: 'post' as const, template: '/api/v1/keys/check', url: '/api/v1/keys/check' };
    for (const caller of CALLERS) await check(caller, { ...check200, body: 'not a key', type: 'text/plain' });
    await check('anonymous', { ...check200, body: Buffer.from([0x99, 0x01]), type: 'application/octet-stream' });
    await check('anonymous', { ...check200, body: 'x', type: 'application/pgp-keys' });
    expect(
      await check('anonymous', { ...check200, url: '/api/v1/keys/check?email=nope', body: 'x', type: 'text/plain' }),
    ).toBe(400);
    expect(await check('anonymous', { ...check200, body: '{"key":1}', type: 'application/json' })).toBe(415);
    expect(await check('anonymous', { ...check200, body: 'x'.repeat(1024 * 1024 + 10), type: 'text/plain' })).toBe(413);
    // The rate limit: keep checking until it answers 429 (bounded, so a missing limit fails instead of looping).
    let status = 200;
    for (let i = 0; i < 200 && status !== 429; i += 1) {
      status = await check('anonymous', { ...check200, body: 'not a key', type: 'text/plain' });
    }
    expect(status).toBe(429);
  });

  test('when every request above has run, then every documented status of every operation was seen', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) =>
        Object.keys(op.responses).map((status) => `${method} ${path} ${status}`),
      ),
    );
    expect(documented.filter((d) => !provoked.has(d))).toEqual([]);
  });
});
