import ICAL from 'ical.js';
import request from 'supertest';
import { addDays } from '../../src/clock';
import { CSV_COLUMNS } from '../../src/directory/exports';
import { createTeam, createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { type Agent, login } from '../helpers/auth';
import { binary, csvRows } from '../helpers/files';

describe('exports', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let member: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    await createTeam(
      t.ctx,
      {
        shortName: 'EXPORT-CSIRT',
        officialName: { ja: 'エクスポート; CSIRT, 本部', en: 'Export CSIRT' },
        organization: { ja: 'エクスポート株式会社', en: 'Export Co., Ltd.' },
        email: 'csirt@export.example.jp',
        phone: '+81355550100',
        emergencyPhone: '+815055550199',
        website: 'https://export.example.jp/',
        introduction: {
          overview: { ja: '概要です。', en: 'We respond to incidents at Export Co., Ltd.; 24/7, nationwide.' },
          background: { ja: '', en: '' },
          activities: { ja: '', en: 'Part of the IT security department.' },
        },
      },
      { confirmedDaysAgo: 100 },
    );
    await createTeam(
      t.ctx,
      {
        shortName: 'FORMULA-CSIRT',
        officialName: { ja: '=HYPERLINK("http://evil")', en: '@SUM(1)' },
        organization: { ja: '+cmd|calc', en: '-2+3' },
        email: 'csirt@formula.example.jp',
      },
      { withKey: false },
    );
    const suspended = await createTeam(t.ctx, { shortName: 'GONE-CSIRT', status: 'suspended' }, { withKey: false });
    expect(suspended.slug).toBe('gone-csirt');
    const own = await createTeam(t.ctx, { shortName: 'MEMBER-OF-X' }, { withKey: false });
    member = await login(t.app, (await createUser(t.ctx, { teams: [{ id: own.id, role: 'member' }] })).email);
  });
  afterAll(() => t.close());
  afterEach(() => t.ctx.clock.set(TEST_NOW));

  test('when the vCard is fetched, then a vCard parser reads the organisation, email, RFC 3966 phones by visibility, key URL and the note in the reader language', async () => {
    const anon = await request(t.app).get('/teams/export-csirt.vcf?lang=en').expect(200);
    expect(anon.headers['content-type']).toContain('text/vcard');
    const card = new ICAL.Component(ICAL.parse(anon.text));
    expect(card.getFirstPropertyValue('version')).toBe('4.0');
    expect(card.getFirstPropertyValue('fn')).toBe('EXPORT-CSIRT');
    expect(card.getFirstPropertyValue('email')).toBe('csirt@export.example.jp');
    expect(card.getFirstProperty('org')?.getValues()).toEqual([['エクスポート株式会社', 'エクスポート; CSIRT, 本部']]);
    expect(card.getFirstPropertyValue('note')).toBe('We respond to incidents at Export Co., Ltd.; 24/7, nationwide.');
    expect(card.getFirstProperty('note')?.getParameter('language')).toBe('en');
    expect(card.getFirstPropertyValue('key')).toBe('http://registry.test/teams/export-csirt/key.asc');
    expect(card.getAllProperties('tel')).toHaveLength(0); // phones are members-only by default

    const ja = new ICAL.Component(ICAL.parse((await request(t.app).get('/teams/export-csirt.vcf').expect(200)).text));
    expect(ja.getFirstPropertyValue('note')).toBe('概要です。');

    const seen = new ICAL.Component(ICAL.parse((await member.get('/teams/export-csirt.vcf').expect(200)).text));
    // Global numbers with visual separators (RFC 3966 §5.1.4), from the stored E.164 value.
    expect(seen.getAllProperties('tel').map((p) => p.getFirstValue())).toEqual([
      'tel:+81-3-5555-0100',
      'tel:+81-50-5555-0199',
    ]);
  });

  test('when a team stored a domestic number (an older entry), then the vCard and security.txt still carry a global number', async () => {
    await createTeam(t.ctx, { shortName: 'OLDPHONE-CSIRT', phone: '03-5555-0101', emergencyPhone: '050-5555-0102' });
    const card = new ICAL.Component(ICAL.parse((await member.get('/teams/oldphone-csirt.vcf').expect(200)).text));
    expect(card.getAllProperties('tel').map((p) => p.getFirstValue())).toEqual([
      'tel:+81-3-5555-0101',
      'tel:+81-50-5555-0102',
    ]);
    const txt = (await member.get('/teams/oldphone-csirt/security.txt').expect(200)).text;
    expect(txt).toContain('\nContact: tel:+81-50-5555-0102\n');
  });

  test('when security.txt is fetched, then it has the RFC 9116 fields and Expires is the stored due date', async () => {
    const res = await request(t.app).get('/teams/export-csirt/security.txt').expect(200);
    const fields = res.text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .map((l) => l.split(': '));
    const get = (name: string) => fields.filter(([k]) => k === name).map(([, v]) => v);
    expect(get('Contact')).toEqual(['mailto:csirt@export.example.jp']);
    expect(get('Encryption')).toEqual(['http://registry.test/teams/export-csirt/key.asc']);
    expect(get('Canonical')).toEqual(['http://registry.test/teams/export-csirt/security.txt']);
    expect(get('Preferred-Languages')).toEqual(['ja, en']);
    // Confirmed 100 days ago: due 365 days after that, to the second.
    expect(get('Expires')).toEqual([
      addDays(new Date(TEST_NOW), 265)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
    ]);
    expect(res.text).not.toMatch(/UNCONFIRMED|OVERDUE/);
  });

  test('when the RFC 2350 description is fetched, then it is filled from the entry with what the caller may see', async () => {
    const res = await request(t.app).get('/teams/export-csirt/rfc2350.txt').expect(200);
    expect(res.text).toContain('csirt@export.example.jp');
    expect(res.text).toMatch(/Fingerprint: [0-9A-F]{40}/);
    expect(res.text).toContain('We respond to incidents at Export Co., Ltd.');
    expect(res.text).toContain('2.4. Telephone Number\n\n   Not published.\n');
    const seen = await member.get('/teams/export-csirt/rfc2350.txt').expect(200);
    expect(seen.text).toContain('2.4. Telephone Number\n\n   +81 3-5555-0100\n');
    expect(seen.text).toContain('24/7 emergency line: +81 50-5555-0199');
  });

  test('when the CSV is fetched, then it starts with a BOM, parses back with every team, labels are in the reader language beside the codes, and formulas are defused', async () => {
    const res = await binary(request(t.app).get('/api/v1/teams.csv'));
    expect(res.status).toBe(200);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(body);
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    const exported = rows.find((r) => r.slug === 'export-csirt')!;
    expect(exported.officialNameJa).toBe('エクスポート; CSIRT, 本部');
    expect(exported.email).toBe('csirt@export.example.jp');
    expect(exported.phone).toBe(''); // anonymous
    expect([exported.region, exported.regionCode]).toEqual(['関東', 'kanto']);
    expect([exported.industry, exported.industryCode]).toEqual(['製造業', 'manufacturing']);
    expect([exported.constituencyTypes, exported.constituencyTypeCodes]).toEqual(['自組織', 'own_organization']);
    expect([exported.services, exported.serviceCodes]).toEqual([
      '情報セキュリティインシデント管理',
      'information_security_incident_management',
    ]);
    expect(exported.freshnessState).toBe('current');
    const formula = rows.find((r) => r.slug === 'formula-csirt')!;
    expect(formula.officialNameJa).toBe(`'=HYPERLINK("http://evil")`);
    expect(formula.officialNameEn).toBe("'@SUM(1)");
    expect(formula.organizationJa).toBe("'+cmd|calc");
    expect(formula.organizationEn).toBe("'-2+3");
    expect(rows.some((r) => r.slug === 'gone-csirt')).toBe(false);
    const json = await request(t.app).get('/api/v1/teams.json').expect(200);
    expect(json.body.total).toBe(rows.length);

    const en = csvRows((await binary(request(t.app).get('/api/v1/teams.csv?lang=en'))).body as Buffer);
    const exportedEn = en.find((r) => r.slug === 'export-csirt')!;
    expect([exportedEn.region, exportedEn.industry, exportedEn.services]).toEqual([
      'Kanto',
      'Manufacturing',
      'Information security incident management',
    ]);
    const seen = csvRows((await binary(member.get('/api/v1/teams.csv'))).body as Buffer);
    // Phones stay E.164 in the file: one form every spreadsheet and dialler reads alike.
    expect(seen.find((r) => r.slug === 'export-csirt')!.phone).toBe('+81355550100');
  });

  test('when a suspended or unknown team is exported, then 404; a bad filter answers 400 as JSON, for files too', async () => {
    for (const path of [
      '/teams/gone-csirt.vcf',
      '/teams/gone-csirt/security.txt',
      '/teams/gone-csirt/rfc2350.txt',
      '/teams/nobody.vcf',
    ]) {
      await request(t.app).get(path).expect(404);
    }
    const staff = await login(t.app, (await createUser(t.ctx, { secretariat: true })).email);
    await staff.get('/teams/gone-csirt.vcf').expect(404);
    for (const path of ['/api/v1/teams.csv', '/api/v1/teams.xlsx', '/api/v1/teams.json']) {
      const res = await request(t.app).get(`${path}?region=atlantis`).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body.error.code).toBe('invalid_query');
    }
  });

  describe('a stale entry', () => {
    const confirmedDaysAgo = 420; // due 55 days ago: stale (30 days after due)
    const confirmedOn = addDays(new Date(TEST_NOW), -confirmedDaysAgo);
    const day = (d: Date) => d.toISOString().slice(0, 10);

    beforeAll(async () => {
      await createTeam(t.ctx, { shortName: 'STALE-CSIRT' }, { confirmedDaysAgo });
      await createTeam(t.ctx, { shortName: 'LATE-CSIRT' }, { confirmedDaysAgo: 375 }); // 10 days overdue
    });

    /** Every export of a team, as text (the spreadsheet as its row). */
    async function exportsOf(slug: string) {
      const agent = request(t.app);
      const text = async (path: string) => (await agent.get(path).expect(200)).text;
      const csv = csvRows((await binary(agent.get('/api/v1/teams.csv?lang=en'))).body as Buffer);
      const json = (await agent.get('/api/v1/teams.json').expect(200)).body.items;
      return {
        vcf: await text(`/teams/${slug}.vcf?lang=en`),
        rfc2350: await text(`/teams/${slug}/rfc2350.txt`),
        securityTxt: await text(`/teams/${slug}/security.txt`),
        csv: csv.find((r) => r.slug === slug)!,
        json: json.find((i: { slug: string }) => i.slug === slug),
      };
    }

    test('when it is exported, then every export says "unconfirmed since" the last confirmation, and security.txt has expired', async () => {
      const out = await exportsOf('stale-csirt');
      const card = new ICAL.Component(ICAL.parse(out.vcf));
      expect(String(card.getFirstPropertyValue('note'))).toMatch(/^Unconfirmed since \d+ \w+ \d{4}\n\nA team made/);
      expect(out.rfc2350).toContain(`UNCONFIRMED since ${day(confirmedOn)}`);
      expect(out.rfc2350).toContain(`1.1. Date of Last Update\n\n   ${day(confirmedOn)}`);
      expect(out.securityTxt).toContain(`\n# UNCONFIRMED since ${day(confirmedOn)}`);
      const expires = /\nExpires: (\S+)\n/.exec(out.securityTxt)![1];
      expect(Date.parse(expires)).toBe(addDays(confirmedOn, 365).getTime());
      expect(Date.parse(expires)).toBeLessThan(t.ctx.clock.now().getTime()); // past: consumers treat it as stale
      expect(out.csv.freshness).toMatch(/^Unconfirmed since /);
      expect([out.csv.freshnessState, out.csv.unconfirmedSince]).toEqual(['stale', confirmedOn.toISOString()]);
      expect(out.json.freshness).toMatchObject({ state: 'stale', unconfirmedSince: confirmedOn.toISOString() });
    });

    test('when it is fetched again a month later, then nothing in any export moves: Expires stays fixed', async () => {
      const before = await exportsOf('stale-csirt');
      t.ctx.clock.set(addDays(new Date(TEST_NOW), 31));
      const after = await exportsOf('stale-csirt');
      expect(after.securityTxt).toBe(before.securityTxt);
      expect(after.vcf).toBe(before.vcf);
      expect(after.rfc2350).toBe(before.rfc2350);
      expect(after.csv).toEqual(before.csv);
      expect(after.json.freshness).toEqual(before.json.freshness);
    });

    test('when an entry is overdue but not yet stale, then every export says so with its due date', async () => {
      const out = await exportsOf('late-csirt');
      const due = day(addDays(new Date(TEST_NOW), -10));
      const note = String(new ICAL.Component(ICAL.parse(out.vcf)).getFirstPropertyValue('note'));
      expect(note).toMatch(/^Confirmed on .* · Confirmation overdue\n\n/);
      expect(out.rfc2350.replace(/\s+/g, ' ')).toContain(
        `CONFIRMATION OVERDUE: the entry was due for its yearly confirmation on ${due}`,
      );
      expect(out.securityTxt).toContain('\n# CONFIRMATION OVERDUE');
      expect(out.securityTxt).toContain(`\nExpires: ${due}T`);
      expect(out.csv.freshness).toMatch(/· Confirmation overdue$/);
      expect(out.json.freshness.state).toBe('overdue');
    });
  });
});
