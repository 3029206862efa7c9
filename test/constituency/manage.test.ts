/**
 * Editors list their team's constituency on /teams/:slug/constituency: several objects at once, each refused line
 * with its reason; domains are proved through a real DNS server started here; the secretariat confirms prefixes
 * and AS numbers, and sees where two teams claim the same or overlapping objects.
 */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../src/audit/schema';
import { constituencyClaims } from '../../src/constituency/schema';
import { createConstituencyService } from '../../src/constituency/service';
import { createClaims, createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfOf, login } from '../helpers/auth';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server';

describe('constituency management', () => {
  let dns: TestDnsServer;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let editor: Agent;
  let staff: Agent;
  let slug: string;
  let teamId: string;

  const page = '/teams/kanri-csirt/constituency';
  const add = async (agent: Agent, claims: string, status = 200) =>
    (
      await agent
        .post(page)
        .type('form')
        .send({ _csrf: await csrfOf(agent, page), claims })
        .expect(status)
    ).text;
  const claimsNow = () => t.ctx.db.select().from(constituencyClaims).where(eq(constituencyClaims.teamId, teamId));
  const idOf = async (value: string) => {
    const rows = await claimsNow();
    const row = rows.find((r) => (r.domain ?? r.net ?? `AS${r.asn}`) === value);
    if (!row) throw new Error(`no claim ${value}`);
    return row;
  };
  const post = async (agent: Agent, path: string, form: Record<string, string> = {}) =>
    agent
      .post(path)
      .type('form')
      .send({ _csrf: await csrfOf(agent, page), ...form });

  beforeAll(async () => {
    dns = await startDnsServer();
    t = await createTestApp({ env: { DNS_RESOLVERS: dns.address } });
    const team = await createTeam(t.ctx, { shortName: 'KANRI-CSIRT' });
    slug = team.slug;
    teamId = team.id;
    const other = await createTeam(t.ctx, { shortName: 'TONARI-CSIRT' });
    await createClaims(t.ctx, other.id, ['192.0.2.0/24', 'AS64500'], { verified: true });
    editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] })).email);
    staff = await login(t.app, (await createUser(t.ctx, { secretariat: true })).email);
  });
  afterAll(async () => {
    await t.close();
    await dns.close();
  });

  test('when an editor adds several lines, then the good ones are stored and each bad one is refused with its reason', async () => {
    await editor.get(`${page}?lang=en`).expect(200);
    const html = await add(
      editor,
      [
        'kanri.example.jp, 192.0.2.64/28',
        '2001:db8:300::/48',
        'AS64501',
        'co.jp',
        '192.0.2.65/28',
        '10.0.0.0/8',
        'not_a_thing',
        'kanri.example.jp',
        '',
        '# a comment line',
      ].join('\n'),
    );
    expect(html).toContain('data-added="4"');
    expect(html).toContain('data-refused="5"');
    for (const reason of [
      'a public suffix (such as co.jp) cannot be claimed on its own',
      'host bits are set',
      'a private or reserved range',
      'not a domain, an IP prefix or an AS number',
      'already listed',
    ]) {
      expect([reason, html.includes(reason)]).toEqual([reason, true]);
    }
    // The refused lines stay in the box to be corrected.
    expect(html).toMatch(
      /<textarea[^>]*>co\.jp\n192\.0\.2\.65\/28\n10\.0\.0\.0\/8\nnot_a_thing\nkanri\.example\.jp<\/textarea>/,
    );
    expect((await claimsNow()).map((c) => c.domain ?? c.net ?? `AS${c.asn}`).sort()).toEqual(
      ['192.0.2.64/28', '2001:db8:300::/48', 'AS64501', 'kanri.example.jp'].sort(),
    );
    // Nothing is claimed twice: the same lines again add nothing and answer 422 with "already listed".
    const again = await add(editor, 'kanri.example.jp\nAS64501', 422);
    expect(again).toContain('data-refused="2"');
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'constituency.added'));
    expect(audit).toHaveLength(1);
  });

  test('when the editor reads the page in Japanese, then the refusal reasons are Japanese', async () => {
    await editor.get(`${page}?lang=ja`).expect(200);
    const html = await add(editor, 'co.jp', 422);
    expect(html).toContain('公開サフィックス');
  });

  test('when the TXT record is missing, wrong, then published, then "check now" says each and verifies the domain', async () => {
    const claim = await idOf('kanri.example.jp');
    expect(claim.verifiedAt).toBeNull();
    const html = (await editor.get(`${page}?lang=en`).expect(200)).text;
    expect(html).toContain('_csirt-registry.kanri.example.jp');
    expect(html).toContain(claim.dnsToken ?? 'no token');
    const check = async () => {
      const res = await post(editor, `${page}/${claim.id}/check`);
      expect(res.status).toBe(303);
      return (await editor.get(String(res.headers.location)).expect(200)).text;
    };
    expect(await check()).toContain('kanri.example.jp: no TXT record found.');
    dns.setTxt('_csirt-registry.kanri.example.jp', ['csirt-registry-verification=someone-else']);
    expect(await check()).toContain('a TXT record exists but its value does not match');
    dns.setTxt('_csirt-registry.kanri.example.jp', ['v=spf1 -all', claim.dnsToken ?? '']);
    expect(await check()).toContain('kanri.example.jp verified.');
    const after = await idOf('kanri.example.jp');
    expect([after.verifiedBy, after.dnsCheckResult]).toEqual(['dns', 'found']);
    expect(dns.queries.filter((q) => q === '_csirt-registry.kanri.example.jp').length).toBeGreaterThanOrEqual(3);
    const api = (await request(t.app).get(`/api/v1/teams/${slug}`).expect(200)).body;
    expect(api.constituency.domains).toEqual([{ value: 'kanri.example.jp', verified: true }]);
  });

  test('when the nightly pass runs, then pending domains whose record is published are verified, others wait', async () => {
    await add(editor, 'yoru.example.jp\nmada.example.jp');
    const yoru = await idOf('yoru.example.jp');
    dns.setTxt('_csirt-registry.yoru.example.jp', [yoru.dnsToken ?? '']);
    const outcome = await createConstituencyService(t.ctx).checkPendingDomains();
    expect(outcome).toEqual({ checked: 2, verified: 1 });
    expect((await idOf('yoru.example.jp')).verifiedAt).not.toBeNull();
    expect((await idOf('mada.example.jp')).verifiedAt).toBeNull();
    expect((await idOf('mada.example.jp')).dnsCheckResult).toBe('absent');
  });

  test('when more domains are pending than the pass writes at once, then each is checked once and recorded', async () => {
    const many = await createTeam(t.ctx, { shortName: 'OOI-CSIRT' });
    const names = Array.from({ length: 120 }, (_, i) => `d${i}.ooi.example.jp`);
    const claims = await createClaims(t.ctx, many.id, names);
    const proved = claims.find((c) => c.domain === 'd77.ooi.example.jp');
    dns.setTxt('_csirt-registry.d77.ooi.example.jp', [proved?.dnsToken ?? '']);
    const asked = dns.queries.length;
    const outcome = await createConstituencyService(t.ctx).checkPendingDomains();
    expect(outcome.verified).toBe(1);
    const rows = await t.ctx.db.select().from(constituencyClaims).where(eq(constituencyClaims.teamId, many.id));
    expect(rows.filter((r) => r.dnsCheckResult === 'absent')).toHaveLength(119);
    expect(rows.filter((r) => r.verifiedBy === 'dns').map((r) => r.domain)).toEqual(['d77.ooi.example.jp']);
    const askedNow = dns.queries.slice(asked).filter((q) => q.endsWith('.ooi.example.jp'));
    expect(new Set(askedNow).size).toBe(120);
  });

  test('when an editor tries to verify a prefix, then it is refused; the secretariat verifies it with who and when', async () => {
    const prefix = await idOf('192.0.2.64/28');
    expect((await post(editor, `${page}/${prefix.id}/verify`, { verified: 'yes' })).status).toBe(403);
    expect((await idOf('192.0.2.64/28')).verifiedAt).toBeNull();
    expect((await post(staff, `${page}/${prefix.id}/verify`, { verified: 'yes' })).status).toBe(303);
    const verified = await idOf('192.0.2.64/28');
    expect(verified.verifiedAt?.toISOString()).toBe(t.ctx.clock.now().toISOString());
    expect(verified.verifiedBy).toMatch(/@/);
    const html = (await editor.get(`${page}?lang=en`).expect(200)).text;
    expect(html).toMatch(/data-claim="192\.0\.2\.64\/28"[\s\S]*?claim-verified/);
    expect((await post(staff, `${page}/${prefix.id}/verify`, { verified: 'no' })).status).toBe(303);
    expect((await idOf('192.0.2.64/28')).verifiedAt).toBeNull();
    const actions = (await t.ctx.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['constituency.verified', 'constituency.unverified']));
  });

  test('when two teams claim overlapping objects, then the secretariat lists both and neither claim changed', async () => {
    const html = (await staff.get('/admin/constituency?lang=en').expect(200)).text;
    expect(html).toContain('KANRI-CSIRT');
    expect(html).toContain('TONARI-CSIRT');
    expect(html).toContain('192.0.2.64/28');
    expect(html).toContain('192.0.2.0/24');
    expect(html).not.toContain('AS64501');
    await editor.get('/admin/constituency').expect(403);
    const dash = (await staff.get('/admin?lang=en').expect(200)).text;
    expect(dash).toMatch(/data-stat="claims-overlaps">1</);
    expect(dash).toMatch(/data-stat="claims-total">\d+</);
    expect((await idOf('192.0.2.64/28')).teamId).toBe(teamId);
  });

  test('when a claim is removed, or an unknown or another team’s claim is named, then only the own claim goes', async () => {
    const gone = await idOf('AS64501');
    const res = await post(editor, `${page}/${gone.id}/remove`);
    expect(res.status).toBe(303);
    expect((await editor.get(String(res.headers.location)).expect(200)).text).toContain('AS64501 removed.');
    expect((await claimsNow()).some((c) => c.id === gone.id)).toBe(false);
    for (const id of [gone.id, 'not-an-id', '00000000-0000-4000-8000-000000000000']) {
      expect((await post(editor, `${page}/${id}/remove`)).status).toBe(404);
    }
    const others = await t.ctx.db.select().from(constituencyClaims);
    const foreign = others.find((c) => c.teamId !== teamId);
    expect((await post(editor, `${page}/${foreign?.id}/remove`)).status).toBe(404);
    expect((await post(editor, `/teams/tonari-csirt/constituency/${foreign?.id}/remove`)).status).toBe(403);
  });
});
