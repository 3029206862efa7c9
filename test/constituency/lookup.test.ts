/**
 * Finding the responsible team: GET and POST /api/v1/lookup and the directory's search box, over claims of several
 * teams — nested and overlapping prefixes, domains and their subdomains, AS numbers — with what each caller may see.
 */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { teams } from '../../src/entry/schema';
import { createClaims, createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, login } from '../helpers/auth';

describe('lookup of the responsible team', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let member: Agent;

  const lookup = async (q: string, agent: Agent | request.Agent = request.agent(t.app)) => {
    const res = await agent.get(`/api/v1/lookup?q=${encodeURIComponent(q)}`).expect(200);
    return res.body as {
      kind: string;
      value: string;
      matches: {
        team: { slug: string; email?: string };
        matched: { type: string; value: string; verified: boolean };
        specificity: number;
      }[];
    };
  };
  const slugs = async (q: string, agent?: Agent) => (await lookup(q, agent)).matches.map((m) => m.team.slug);

  beforeAll(async () => {
    t = await createTestApp();
    const parent = await createTeam(t.ctx, { shortName: 'PARENT-CSIRT', email: 'csirt@parent.example.jp' });
    await createClaims(t.ctx, parent.id, ['198.51.100.0/24', '2001:db8::/32', 'AS64501', 'parent.example.jp'], {
      verified: true,
    });
    const child = await createTeam(t.ctx, { shortName: 'CHILD-PSIRT' });
    await createClaims(t.ctx, child.id, ['198.51.100.64/28', '2001:db8:100::/48', 'shop.parent.example.jp'], {
      verified: true,
    });
    const claimant = await createTeam(t.ctx, { shortName: 'CLAIMANT-CSIRT' });
    // Unverified and more specific than the parent's verified /24: it must not divert reports from the owner.
    await createClaims(t.ctx, claimant.id, ['198.51.100.128/25', 'AS64501']);
    const example = await createTeam(t.ctx, { shortName: 'EXAMPLE-CSIRT' });
    await createClaims(t.ctx, example.id, ['example.jp', 'さくら計測.jp'], { verified: true });
    const quiet = await createTeam(t.ctx, { shortName: 'QUIET-CSIRT' });
    await createClaims(t.ctx, quiet.id, ['203.0.113.0/24', 'AS64502', 'quiet.example.jp'], { verified: true });
    await t.ctx.db
      .update(teams)
      .set({ visibility: { prefixes: 'members', asns: 'secretariat', email: 'members' } })
      .where(eq(teams.id, quiet.id));
    const gone = await createTeam(t.ctx, { shortName: 'GONE-CSIRT', status: 'withdrawn' });
    await createClaims(t.ctx, gone.id, ['192.0.2.0/24'], { verified: true });
    const reader = await createUser(t.ctx, { teams: [{ id: parent.id, role: 'member' }] });
    member = await login(t.app, reader.email);
  });
  afterAll(() => t.close());

  test('when an IPv4 or IPv6 address falls in nested prefixes, then the most specific verified claim comes first', async () => {
    const v4 = await lookup('198.51.100.70');
    expect(v4.kind).toBe('ip');
    expect(v4.matches.map((m) => [m.team.slug, m.matched.value, m.specificity])).toEqual([
      ['child-psirt', '198.51.100.64/28', 28],
      ['parent-csirt', '198.51.100.0/24', 24],
    ]);
    expect(await slugs('2001:db8:100:5::1')).toEqual(['child-psirt', 'parent-csirt']);
    expect(await slugs('2001:db8:200::1')).toEqual(['parent-csirt']);
    expect(await slugs('198.51.100.10')).toEqual(['parent-csirt']);
    // A prefix is looked up by the claims that cover it.
    expect(await slugs('198.51.100.64/29')).toEqual(['child-psirt', 'parent-csirt']);
    expect(await slugs('198.51.100.0/23')).toEqual([]);
  });

  test('when an unverified claim overlaps a verified one, then it is shown as unverified and ranks below it', async () => {
    const result = await lookup('198.51.100.200');
    expect(result.matches.map((m) => [m.team.slug, m.matched.verified])).toEqual([
      ['parent-csirt', true],
      ['claimant-csirt', false],
    ]);
    const asn = await lookup('as 64501');
    expect(asn.kind).toBe('asn');
    expect(asn.matches.map((m) => [m.team.slug, m.matched.value, m.matched.verified])).toEqual([
      ['parent-csirt', '64501', true],
      ['claimant-csirt', '64501', false],
    ]);
  });

  test('when a domain, an email or a URL is looked up, then the longest claimed suffix wins and labels are whole', async () => {
    expect(await slugs('www.shop.parent.example.jp')).toEqual(['child-psirt', 'parent-csirt', 'example-csirt']);
    expect(await slugs('abuse@parent.example.jp')).toEqual(['parent-csirt', 'example-csirt']);
    expect(await slugs('hxxps://login.shop.parent[.]example.jp/verify?id=1')).toEqual([
      'child-psirt',
      'parent-csirt',
      'example-csirt',
    ]);
    expect(await slugs('badexample.jp')).toEqual([]);
    expect(await slugs('example.jp.evil.test')).toEqual([]);
    const idn = await lookup('https://メール.さくら計測.jp/');
    expect(idn.value).toMatch(/^xn--[a-z0-9-]+\.xn--y8jl1no14v3d3a\.jp$/);
    expect(idn.matches.map((m) => m.team.slug)).toEqual(['example-csirt']);
  });

  test('when a team hides its prefixes from the public, then anonymous lookup, search and its JSON do not show them', async () => {
    expect(await slugs('203.0.113.9')).toEqual([]);
    expect(await slugs('203.0.113.9', member)).toEqual(['quiet-csirt']);
    // The ASN is the secretariat's only; the domain stays public, and the email in the answer follows its own rule.
    expect(await slugs('AS64502', member)).toEqual([]);
    const domain = await lookup('quiet.example.jp');
    expect(domain.matches.map((m) => [m.team.slug, m.team.email])).toEqual([
      ['quiet-csirt', undefined],
      ['example-csirt', 'csirt@example-csirt.example.jp'],
    ]);
    const anonymous = (await request(t.app).get('/api/v1/teams/quiet-csirt').expect(200)).body;
    expect(anonymous.constituency.prefixes).toBeUndefined();
    expect(anonymous.constituency.asns).toBeUndefined();
    expect(anonymous.constituency.domains).toEqual([{ value: 'quiet.example.jp', verified: true }]);
    const all = JSON.stringify((await request(t.app).get('/api/v1/teams.json').expect(200)).body);
    const ti = JSON.stringify((await request(t.app).get('/api/v1/teams.ti.json').expect(200)).body);
    const rfc = (await request(t.app).get('/teams/quiet-csirt/rfc2350.txt').expect(200)).text;
    for (const text of [all, ti, rfc]) expect(text).not.toContain('203.0.113');
    const page = (await request(t.app).get('/?q=203.0.113.9').expect(200)).text;
    expect(page).not.toContain('QUIET-CSIRT');
    const shown = (await member.get('/api/v1/teams/quiet-csirt').expect(200)).body;
    expect(shown.constituency.prefixes).toEqual([{ value: '203.0.113.0/24', verified: true }]);
    expect((await member.get('/?q=203.0.113.9').expect(200)).text).toContain('QUIET-CSIRT');
  });

  test('when the directory is exported in Trusted Introducer’s shape, then each team carries its constituency objects', async () => {
    const ti = (await request(t.app).get('/api/v1/teams.ti.json').expect(200)).body;
    const parent = ti.teams.find((x: { short_name: string }) => x.short_name === 'PARENT-CSIRT');
    expect(parent.constituency).toMatchObject({
      domains: ['parent.example.jp'],
      ipranges: ['198.51.100.0/24', '2001:db8::/32'],
      asns: ['64501'],
      countries: ['JP'],
    });
    expect(parent.emails).toEqual([{ address: 'csirt@parent.example.jp', usage: 'main' }]);
    expect(parent.pgp_keys[0].fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(ti.total).toBe(ti.teams.length);
    const rfc = (await request(t.app).get('/teams/child-psirt/rfc2350.txt').expect(200)).text;
    expect(rfc).toContain('IP address ranges: 198.51.100.64/28, 2001:db8:100::/48.');
    expect(rfc).toContain('Domains: shop.parent.example.jp.');
  });

  test('when a withdrawn team claimed an address, then nobody but the secretariat is sent to it', async () => {
    expect(await slugs('192.0.2.1')).toEqual([]);
    expect(await slugs('192.0.2.1', member)).toEqual([]);
    const secretariat = await login(t.app, (await createUser(t.ctx, { secretariat: true })).email);
    expect(await slugs('192.0.2.1', secretariat)).toEqual(['gone-csirt']);
    // The secretariat sees every rule's claims too: the ASN the quiet team keeps to the secretariat.
    expect(await slugs('AS64502', secretariat)).toEqual(['quiet-csirt']);
  });

  test('when a matched team has a current key, then the answer names its fingerprint and nothing more of it', async () => {
    const [match] = (await lookup('shop.parent.example.jp')).matches;
    expect(match.team.slug).toBe('child-psirt');
    expect(Object.keys((match.team as { key?: object }).key ?? {})).toEqual(['fingerprint']);
    expect((match.team as { key?: { fingerprint: string } }).key?.fingerprint).toMatch(/^[0-9A-F]{40}$/);
  });

  test('when an address is typed into the search box, then the responsible team is shown first with what matched', async () => {
    for (const lang of ['ja', 'en']) {
      const html = (await request(t.app).get(`/?q=198.51.100.70&lang=${lang}`).expect(200)).text;
      const section = html.slice(
        html.indexOf('class="lookup-result"'),
        html.indexOf('</section>', html.indexOf('class="lookup-result"')),
      );
      expect(section).toContain('CHILD-PSIRT');
      expect(section.indexOf('CHILD-PSIRT')).toBeLessThan(section.indexOf('PARENT-CSIRT'));
      expect(section).toContain('198.51.100.64/28');
    }
    const none = (await request(t.app).get('/?q=badexample.jp&lang=en').expect(200)).text;
    expect(none).toContain('class="lookup-result"');
    expect(none).not.toContain('EXAMPLE-CSIRT');
  });

  test('when 1,000 mixed indicators are posted, then each gets its own result in order; a JSON array works the same', async () => {
    const kinds = ['198.51.100.70', '2001:db8:100::9', 'AS64501', 'a@shop.parent.example.jp', 'not an indicator'];
    const lines = Array.from({ length: 1000 }, (_, i) => kinds[i % kinds.length]);
    const res = await request(t.app).post('/api/v1/lookup').type('text/plain').send(lines.join('\n')).expect(200);
    const results = res.body.results as {
      query: string;
      kind: string | null;
      matches?: { team: { slug: string } }[];
      message?: string;
    }[];
    expect(results).toHaveLength(1000);
    expect(results.slice(0, 5).map((r) => [r.query, r.kind, r.matches?.[0]?.team.slug ?? r.message])).toEqual([
      ['198.51.100.70', 'ip', 'child-psirt'],
      ['2001:db8:100::9', 'ip', 'child-psirt'],
      ['AS64501', 'asn', 'parent-csirt'],
      ['a@shop.parent.example.jp', 'domain', 'child-psirt'],
      ['not an indicator', null, expect.stringContaining('not an indicator')],
    ]);
    expect(results[999].query).toBe(lines[999]);
    const json = await request(t.app).post('/api/v1/lookup?lang=en').send(['203.0.113.9', 'AS64501']).expect(200);
    expect(json.body.results.map((r: { matches: unknown[] }) => r.matches.length)).toEqual([0, 2]);
  });

  test('when the lookup is sent too much or the wrong thing, then it answers 4xx in the caller’s language, never 5xx', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `198.51.100.${i % 256}`).join('\n');
    const tooMany = await request(t.app).post('/api/v1/lookup?lang=en').type('text/plain').send(many).expect(422);
    expect(tooMany.body.error.fields[0].message).toBe('At most 1,000 indicators at once (5,000 given).');
    const ja = await request(t.app).post('/api/v1/lookup?lang=ja').type('text/plain').send(many).expect(422);
    expect(ja.body.error.fields[0].message).toContain('1,000');
    await request(t.app).post('/api/v1/lookup').type('text/plain').send('1'.repeat(600_000)).expect(413);
    await request(t.app)
      .post('/api/v1/lookup')
      .send({ q: ['x'] })
      .expect(422);
    await request(t.app)
      .post('/api/v1/lookup')
      .send([{ ip: '192.0.2.1' }])
      .expect(422);
    await request(t.app).post('/api/v1/lookup').type('application/json').send('[1,').expect(400);
    await request(t.app).post('/api/v1/lookup').type('text/plain').send('192.0.2.1\u0000').expect(422);
    const unknown = await request(t.app).get('/api/v1/lookup?q=%E3%81%82&lang=en').expect(400);
    expect(unknown.body.error.fields[0].message).toMatch(/not an IP address/i);
    await request(t.app).get('/api/v1/lookup?q=a&q=b').expect(400);
  });
});
