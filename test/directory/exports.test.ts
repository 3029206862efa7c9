import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import request from 'supertest';
import { CSV_COLUMNS } from '../../src/directory/exports';
import { createTeam } from '../factories';
import { createTestApp } from '../helpers/app';
import { createUser, login } from '../helpers/auth';

describe('exports', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

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
        email: 'csirt@formula.example.jp',
      },
      { withKey: false },
    );
    const suspended = await createTeam(t.ctx, { shortName: 'GONE-CSIRT', status: 'suspended' }, { withKey: false });
    expect(suspended.slug).toBe('gone-csirt');
  });
  afterAll(() => t.close());

  test('when the vCard is fetched, then a vCard parser reads the organisation, email, phones by visibility, key URL and note', async () => {
    const anon = await request(t.app).get('/teams/export-csirt.vcf?lang=en').expect(200);
    expect(anon.headers['content-type']).toContain('text/vcard');
    const card = new ICAL.Component(ICAL.parse(anon.text));
    expect(card.getFirstPropertyValue('version')).toBe('4.0');
    expect(card.getFirstPropertyValue('fn')).toBe('EXPORT-CSIRT');
    expect(card.getFirstPropertyValue('email')).toBe('csirt@export.example.jp');
    expect(card.getFirstProperty('org')?.getValues()).toEqual([['エクスポート株式会社', 'エクスポート; CSIRT, 本部']]);
    expect(card.getFirstPropertyValue('note')).toBe('We respond to incidents at Export Co., Ltd.; 24/7, nationwide.');
    expect(card.getFirstPropertyValue('key')).toBe('http://registry.test/teams/export-csirt/key.asc');
    expect(card.getAllProperties('tel')).toHaveLength(0); // phones are members-only by default

    const member = await login(
      t.app,
      (
        await createUser(t.ctx, {
          teams: [
            { id: (await createTeam(t.ctx, { shortName: 'MEMBER-OF-X' }, { withKey: false })).id, role: 'member' },
          ],
        })
      ).email,
    );
    const seen = new ICAL.Component(ICAL.parse((await member.get('/teams/export-csirt.vcf').expect(200)).text));
    expect(seen.getAllProperties('tel').map((p) => p.getFirstValue())).toEqual([
      'tel:+81-3-5555-0100',
      'tel:+81-50-5555-0199',
    ]);
  });

  test('when security.txt is fetched, then it has the RFC 9116 fields with Expires within a year', async () => {
    const res = await request(t.app).get('/teams/export-csirt/security.txt').expect(200);
    const fields = res.text
      .trim()
      .split('\n')
      .map((l) => l.split(': '));
    const get = (name: string) => fields.filter(([k]) => k === name).map(([, v]) => v);
    expect(get('Contact')).toEqual(['mailto:csirt@export.example.jp']);
    expect(get('Encryption')).toEqual(['http://registry.test/teams/export-csirt/key.asc']);
    expect(get('Canonical')).toEqual(['http://registry.test/teams/export-csirt/security.txt']);
    expect(get('Preferred-Languages')).toHaveLength(1);
    const [expires] = get('Expires');
    expect(expires).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const ahead = Date.parse(expires) - t.ctx.clock.now().getTime();
    expect(ahead).toBeGreaterThan(0);
    expect(ahead).toBeLessThanOrEqual(365 * 86_400_000);
  });

  test('when the RFC 2350 description is fetched, then every section of the template is filled from the entry', async () => {
    const res = await request(t.app).get('/teams/export-csirt/rfc2350.txt').expect(200);
    for (const heading of [
      '1.1. Date of Last Update',
      '2.7. Electronic Mail Address',
      '2.8. Public Keys and Encryption Information',
      '3.1. Mission Statement',
      '3.2. Constituency',
      '4.3. Communication and Authentication',
      '5. Services',
      '7. Disclaimers',
    ]) {
      expect(res.text).toContain(heading);
    }
    expect(res.text).toContain('csirt@export.example.jp');
    expect(res.text).toMatch(/Fingerprint: [0-9A-F]{40}/);
    expect(res.text).toContain('We respond to incidents at Export Co., Ltd.');
    expect(res.text).not.toContain('+81355550100'); // members-only, and this caller is anonymous
  });

  test('when the CSV is fetched, then it starts with a BOM, parses back with every team, and formulas are defused', async () => {
    const res = await request(t.app)
      .get('/api/v1/teams.csv')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(body.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    const exported = rows.find((r) => r.slug === 'export-csirt')!;
    expect(exported.officialNameJa).toBe('エクスポート; CSIRT, 本部');
    expect(exported.email).toBe('csirt@export.example.jp');
    expect(exported.phone).toBe(''); // anonymous
    const formula = rows.find((r) => r.slug === 'formula-csirt')!;
    expect(formula.officialNameJa).toBe(`'=HYPERLINK("http://evil")`);
    expect(formula.officialNameEn).toBe("'@SUM(1)");
    expect(rows.some((r) => r.slug === 'gone-csirt')).toBe(false);
    const json = await request(t.app).get('/api/v1/teams.json').expect(200);
    expect(json.body.total).toBe(rows.length);
  });

  test('when a suspended or unknown team is exported, then 404', async () => {
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
  });
});
