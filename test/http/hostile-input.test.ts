/**
 * Every route, walked with what an attacker (or a broken client) sends: NUL and other control characters, text
 * that reorders itself, invalid UTF-8, 100 kB strings, repeated fields where one string is expected, object-machinery
 * keys, wrong and malformed content types, malformed path parameters. Nothing may answer 5xx; text the application
 * does not accept is refused at the edge with 400 (query) or 422 (form) naming the field.
 */
import request from 'supertest';
import { ENTRY_INPUTS } from '../../src/entry/entry-form';
import type { RouteEntry, RouteTable } from '../../src/http/access';
import { buildTeamEntry, createApplication, createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfOf, login } from '../helpers/auth';

/** Query parameters some route reads (every one is sent to every route: the edge does not know which reads what). */
const QUERY_NAMES = [
  'q',
  'region',
  'industry',
  'service',
  'constituency',
  'reachable',
  'page',
  'limit',
  'offset',
  'lang',
  'state',
  'age',
  'actor',
  'team',
  'action',
  'from',
  'to',
  'op',
  'search',
  'options',
  'next',
  'email',
  'saved',
  'status',
  'done',
];

interface Hostile {
  name: string;
  /** The raw value, percent-encoded by the test where it goes into a URL or a form. */
  value: string;
  /** Refused at the edge (400 in a query, 422 in a form), naming the field. */
  refused: boolean;
}

const HOSTILE: Hostile[] = [
  { name: 'NUL', value: 'a\u0000b', refused: true },
  { name: 'bell', value: 'ring\u0007', refused: true },
  { name: 'escape', value: '\u001b[31mred', refused: true },
  { name: 'DEL', value: 'x\u007fy', refused: true },
  { name: 'C1', value: 'x\u0085y', refused: true },
  { name: 'bidi override', value: 'moc.elpmaxe@\u202Eevil', refused: true },
  { name: 'noncharacter', value: 'x\uFFFFy', refused: true },
  { name: 'long', value: 'x'.repeat(100_000), refused: false },
  { name: 'markup', value: '<script>alert(1)</script>"\'&', refused: false },
  { name: 'sql', value: "' or 1=1 --", refused: false },
  { name: 'emoji and kana', value: 'さくら🌸ｻｸﾗ', refused: false },
];

const encode = (value: string) => encodeURIComponent(value);

describe('hostile input on every route', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let routes: RouteEntry[];
  let staff: Agent;
  let fieldNames: string[];
  const params: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    routes = (t.app.get('routeTable') as RouteTable).entries;
    const team = await createTeam(t.ctx, { shortName: 'HOSTILE-A' });
    const app = await createApplication(t.ctx, {
      state: 'screening',
      entry: buildTeamEntry({ shortName: 'HOSTILE-APPLICANT' }),
      applicantName: 'Hostile',
      applicantEmail: 'applicant@hostile.example',
    });
    const secretariat = await createUser(t.ctx, { secretariat: true, teams: [{ id: team.id, role: 'editor' }] });
    staff = await login(t.app, secretariat.email);
    Object.assign(params, {
      slug: team.slug,
      id: app.id,
      keyId: '00000000-0000-4000-8000-000000000000',
      userId: secretariat.id,
      token: 'x'.repeat(43),
      value: 'x',
    });
    // Every field any form of the application posts: taken from the pages themselves, plus the entry's fields.
    const names = new Set<string>([...ENTRY_INPUTS, 'email', 'password', 'code', 'name', 'version', 'message']);
    for (const entry of routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/api'))) {
      const page = await staff.get(pathOf(entry));
      for (const m of page.text.matchAll(/name="([^"]+)"/g)) if (m[1] !== '_csrf') names.add(m[1]);
    }
    fieldNames = [...names];
  });
  afterAll(() => t.close());

  function pathOf(entry: RouteEntry, replace: Record<string, string> = {}): string {
    return entry.path.replace(/:(\w+)/g, (_m, name: string) => replace[name] ?? params[name] ?? 'x');
  }

  /** Logging out would end the walk's session: it is walked last, once. */
  const walked = () => routes.filter((r) => r.path !== '/logout');

  function failuresOf(label: string, res: request.Response, expected?: number[]): string[] {
    const out: string[] = [];
    if (res.status >= 500) out.push(`${label}: ${res.status}`);
    if (expected && !expected.includes(res.status)) out.push(`${label}: ${res.status}, expected ${expected.join('/')}`);
    if (/at .*\.(ts|js):\d+|DrizzleQueryError|Failed query/.test(res.text ?? '')) out.push(`${label}: leaks a trace`);
    return out;
  }

  /**
   * Every route gets every accepted hostile value; the refused ones (all stopped by the same edge, each class
   * unit-tested in input-guard.test.ts) go round the routes so that each class meets many routes and each route
   * one class — a fraction of the requests for the same reach.
   */
  const refusedClasses = HOSTILE.filter((h) => h.refused);
  const casesFor = (index: number) => [
    refusedClasses[index % refusedClasses.length],
    ...HOSTILE.filter((h) => !h.refused),
  ];

  test('when every query parameter carries a hostile value, then no route answers 5xx and control text is refused with 400', async () => {
    const failures: string[] = [];
    for (const [index, entry] of walked().entries()) {
      for (const hostile of casesFor(index)) {
        // URLs cannot be 100 kB long (Node refuses headers over 16 kB): a long query is 6 kB, one parameter.
        const value = hostile.name === 'long' ? 'x'.repeat(6_000) : hostile.value;
        const names = hostile.name === 'long' ? ['q'] : QUERY_NAMES;
        const query = names.map((n) => `${n}=${encode(value)}`).join('&');
        for (const [role, agent] of [
          ['secretariat', staff],
          ['anonymous', request(t.app)],
        ] as const) {
          const url = `${pathOf(entry)}?${query}`;
          const res = entry.method === 'GET' ? await agent.get(url) : await agent.post(url).type('form').send('');
          const label = `${entry.method} ${entry.path} ?${hostile.name} as ${role}`;
          failures.push(...failuresOf(label, res, hostile.refused ? [400] : undefined));
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  test('when a refused query is answered, then the message names the field in the page language', async () => {
    const ja = await request(t.app).get('/?q=a%00b').expect(400);
    expect(ja.text).toContain('「キーワード」に使用できない制御文字');
    expect(ja.text).toContain('<html lang="ja">');
    const en = await request(t.app).get('/api/v1/teams?lang=en&region=x%00').expect(400);
    expect(en.body.error).toMatchObject({ code: 'invalid_text', fields: [{ field: 'region' }] });
    expect(en.body.error.message).toContain('“Region” contains a control character');
    // An entry field is named by its label, in the reader's words.
    const csrf = await csrfOf(staff, '/account');
    const form = await staff.post('/apply?lang=en').type('form').send({ _csrf: csrf, introOverviewJa: 'a\u0000b' });
    expect(form.status).toBe(422);
    expect(form.text).toContain('“Introduction: overview (Japanese)” contains a control character');
    const hkp = await request(t.app).get('/pks/lookup?op=index&search=%00@x.y').expect(400);
    expect(hkp.headers['content-type']).toMatch(/text\/plain/);
  });

  test('when every form field carries a hostile value, then no POST answers 5xx and control text is refused with 422', async () => {
    const failures: string[] = [];
    const csrf = await csrfOf(staff, '/account');
    for (const [index, entry] of walked()
      .filter((r) => r.method === 'POST')
      .entries()) {
      for (const hostile of casesFor(index)) {
        // Long values: one field at a time stays under the form limit.
        const names = hostile.name === 'long' ? ['q', 'email', 'introOverviewJa', 'notes', 'key'] : fieldNames;
        const body = [`_csrf=${encode(csrf)}`, ...names.map((n) => `${encode(n)}=${encode(hostile.value)}`)].join('&');
        const res = await staff.post(pathOf(entry)).type('form').send(body);
        failures.push(...failuresOf(`${entry.path} ${hostile.name}`, res, hostile.refused ? [422] : undefined));
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  test('when fields are repeated, misnamed or badly encoded, then no POST answers 5xx', async () => {
    const failures: string[] = [];
    const bodies: [string, (csrf: string) => string, number[] | undefined][] = [
      [
        'repeated fields',
        (c) => [`_csrf=${c}`, ...fieldNames.flatMap((n) => [`${n}=a`, `${n}=b`])].join('&'),
        undefined,
      ],
      // The form parser drops a `__proto__` key itself; `constructor` would become a field, and is refused.
      ['__proto__', (c) => `_csrf=${c}&__proto__=x&__proto__[polluted]=1&email=a@b.example`, undefined],
      ['constructor', (c) => `_csrf=${c}&constructor=x&prototype=y`, [422]],
      ['invalid UTF-8', (c) => `_csrf=${c}&${fieldNames.map((n) => `${n}=%ED%A0%80%FF`).join('&')}`, undefined],
      ['bad percent', (c) => `_csrf=${c}&email=%zz%&q=%`, undefined],
    ];
    const csrf = encode(await csrfOf(staff, '/account'));
    for (const [name, bodyOf, expected] of bodies) {
      for (const entry of walked().filter((r) => r.method === 'POST')) {
        const res = await staff.post(pathOf(entry)).type('form').send(bodyOf(csrf));
        failures.push(...failuresOf(`${entry.path} ${name}`, res, expected));
      }
    }
    expect(failures).toEqual([]);
  });

  test('when a body has the wrong or a malformed content type, then every POST path answers 4xx (unknown paths too)', async () => {
    const failures: string[] = [];
    const cases: [string, string, string | Buffer][] = [
      ['json', 'application/json', '{"email":"a@b.example","__proto__":{"x":1}}'],
      ['xml', 'text/xml', '<a>1</a>'],
      [
        'multipart, truncated part',
        'multipart/form-data; boundary=XYZ',
        '--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue',
      ],
      ['multipart, no boundary', 'multipart/form-data', '--XYZ\r\n\r\nx\r\n--XYZ--\r\n'],
      [
        'multipart, bad part header',
        'multipart/form-data; boundary=XYZ',
        '--XYZ\r\nContent-Disposition\r\n\r\nx\r\n--XYZ--\r\n',
      ],
      [
        'multipart, NUL in a field',
        'multipart/form-data; boundary=XYZ',
        '--XYZ\r\nContent-Disposition: form-data; name="email"\r\n\r\na\u0000b\r\n--XYZ--\r\n',
      ],
      ['urlencoded, bad charset', 'application/x-www-form-urlencoded; charset=klingon', 'a=b'],
      ['binary', 'application/octet-stream', Buffer.from([0, 255, 0, 1])],
    ];
    const paths = [
      ...walked()
        .filter((r) => r.method === 'POST')
        .map((r) => pathOf(r)),
      '/no/such/path',
    ];
    for (const [name, type, body] of cases) {
      for (const path of paths) {
        for (const [role, agent] of [
          ['secretariat', staff],
          ['anonymous', request(t.app)],
        ] as const) {
          const res = await agent.post(path).set('Content-Type', type).send(body);
          const label = `${path} ${name} as ${role}`;
          // The key check takes any bytes as a key and reports on them.
          const checked = path === '/api/v1/keys/check' && name === 'binary' && res.status === 200;
          if (res.status >= 500 || (res.status < 400 && !checked)) failures.push(`${label}: ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  test('when a path parameter is malformed, then the route answers 404 (or 400 for a broken escape), never 5xx', async () => {
    const failures: string[] = [];
    const bad = [
      'not-a-uuid',
      '%00',
      'a%00b',
      '..%2F..%2Fetc',
      'x'.repeat(400),
      '%E0%A4%A',
      'Robert%27);DROP',
      '%F0%9F%8C%B8',
    ];
    const csrf = await csrfOf(staff, '/account');
    for (const entry of walked().filter((r) => r.path.includes(':'))) {
      for (const value of bad) {
        const names = [...entry.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
        for (const name of names) {
          const url = pathOf(entry, { [name]: value });
          const res =
            entry.method === 'GET' ? await staff.get(url) : await staff.post(url).type('form').send({ _csrf: csrf });
          // A well-formed slug names a team that does not exist: the form is judged first there (422).
          const expected = name === 'slug' && value === 'not-a-uuid' ? [404, 422] : [400, 404];
          failures.push(...failuresOf(`${entry.method} ${entry.path} :${name}=${value.slice(0, 20)}`, res, expected));
        }
      }
    }
    expect(failures).toEqual([]);
  });

  test('when a multipart form names object machinery, then nothing is polluted and nothing answers 5xx', async () => {
    const csrf = await csrfOf(staff, '/account');
    const res = await staff
      .post('/keys/check')
      .field('_csrf', csrf)
      .field('__proto__[polluted]', 'yes')
      .field('constructor', 'x');
    expect(res.status).toBe(422);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('when logging out with hostile input, then no 5xx', async () => {
    const csrf = await csrfOf(staff, '/account');
    const res = await staff
      .post('/logout?next=%00')
      .type('form')
      .send({ _csrf: csrf, next: 'x'.repeat(5000) });
    expect(res.status).toBeLessThan(500);
  });
});
