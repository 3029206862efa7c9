/**
 * Moving members in: a CSV in CP932 with Japanese headers and era dates, the same data as .xlsx made by exceljs,
 * and a Trusted Introducer teams.json. The preview says what each row would do; the commit writes exactly that;
 * a second run changes nothing; bad rows (an address that is none, a private key, a short name twice) are refused
 * with their reasons while the others are written.
 */
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { loadSessionUser, type SessionUser } from '../../src/accounts/session-user';
import { auditLog } from '../../src/audit/schema';
import { entryOf } from '../../src/entry/entry';
import { teamChanges, teams } from '../../src/entry/schema';
import { guessMapping, headerKey } from '../../src/import/columns';
import { normalizeDate } from '../../src/import/normalize';
import { commitImport, reviewImport, startImport } from '../../src/import/service';
import { expectedKeyOf } from '../../src/keys/management';
import { expectedKeys, teamKeys } from '../../src/keys/schema';
import { outbox } from '../../src/mail/schema';
import { generateKeyPair } from '../../src/pgp';
import { createTeam, createUser } from '../factories';
import { createTestContext, type TestContext } from '../helpers/app';

const HEADERS = [
  'チーム名',
  '正式名称',
  '組織名',
  '設立年月日',
  '加盟日',
  'メールアドレス',
  'Webサイト',
  '電話番号',
  '地区',
  '業種',
  'チーム紹介',
  'PGP',
];
const FINGERPRINT = 'ABCD 1234 ABCD 1234 ABCD  1234 ABCD 1234 ABCD 1234';

function csv(rows: string[][]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[HEADERS, ...rows].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}

describe('importing members from a spreadsheet', () => {
  let ctx: TestContext;
  let staff: SessionUser;
  const actor = { userId: null, label: 'staff@import.example' };
  let rows: string[][];
  let armored: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    const user = await createUser(ctx, { email: 'staff@import.example', secretariat: true });
    staff = (await loadSessionUser(ctx.db, user.id)) as SessionUser;
    await createTeam(ctx, { shortName: 'KIZON-CSIRT', email: 'csirt@kizon.example.jp', phone: '+81355550999' });
    armored = (
      await generateKeyPair({
        name: 'Import B',
        email: 'csirt@import-b.example.jp',
        created: new Date('2026-01-05T00:00:00Z'),
      })
    ).publicKey;
    const { privateKey } = await generateKeyPair({
      name: 'Leak',
      email: 'csirt@leak.example.jp',
      created: new Date('2026-01-05T00:00:00Z'),
    });
    rows = [
      // Full-width digits, an era date, a fingerprint in groups.
      [
        'IMPORT-A-CSIRT',
        'インポートＡシーサート',
        '株式会社インポートＡ',
        '平成26年4月1日',
        '2015/4/1',
        'csirt@import-a.example.jp',
        'https://www.import-a.example.jp/',
        '０３－５５５５－０１０１',
        '関東',
        '製造業',
        '株式会社インポートＡのシーサートです。',
        FINGERPRINT,
      ],
      [
        'IMPORT-B-CSIRT',
        'インポートB シーサート',
        'インポートB株式会社',
        'R2.10.1',
        '令和3年5月1日',
        'csirt@import-b.example.jp',
        'https://import-b.example.jp/',
        '06-5555-0202',
        'Kinki',
        'finance_insurance',
        'Line one,\n"quoted" line two',
        armored,
      ],
      [
        'BAD-MAIL-CSIRT',
        'バッドメール',
        'バッド株式会社',
        '2014年4月1日',
        '',
        'not-an-email',
        '',
        '',
        '関東',
        '製造業',
        '',
        '',
      ],
      [
        'LEAK-CSIRT',
        'リーク',
        'リーク株式会社',
        '2014/2/30',
        '',
        'csirt@leak.example.jp',
        '',
        '',
        '関東',
        '製造業',
        '',
        privateKey,
      ],
      ['IMPORT-A-CSIRT', '二重', '二重株式会社', '', '', 'csirt@dup.example.jp', '', '', '関東', '製造業', '', ''],
      [
        'KIZON-CSIRT',
        '既存シーサート',
        '既存株式会社',
        '',
        '',
        'csirt@kizon.example.jp',
        '',
        '03-5555-0303',
        '',
        '',
        '',
        '',
      ],
    ];
  });
  afterAll(() => ctx.close());

  test('when headers and dates are written as Japanese associations write them, then they are read', () => {
    expect(guessMapping(HEADERS)).toEqual([
      'shortName',
      'officialNameJa',
      'organizationJa',
      'foundedOn',
      'memberSince',
      'email',
      'website',
      'phone',
      'region',
      'industry',
      'introOverviewJa',
      'pgp',
    ]);
    expect(headerKey('Ｅ－ｍａｉｌ')).toBe('email');
    for (const [typed, iso] of [
      ['2014/4/1', '2014-04-01'],
      ['２０１４年４月１日', '2014-04-01'],
      ['平成26年4月1日', '2014-04-01'],
      ['平成元年1月8日', '1989-01-08'],
      ['H26.4.1', '2014-04-01'],
      ['r2/10/1', '2020-10-01'],
      ['昭和64年1月7日', '1989-01-07'],
    ]) {
      expect([typed, normalizeDate(typed)]).toEqual([typed, iso]);
    }
    for (const wrong of ['2014/2/30', '平成32年1月1日', '平成元年1月7日', '令和1年4月30日', '2014/4', 'yesterday']) {
      expect([wrong, normalizeDate(wrong)]).toEqual([wrong, null]);
    }
  });

  test('when a CP932 CSV is previewed and committed, then the preview is what is written, and a rerun changes nothing', async () => {
    const bytes = iconv.encode(csv(rows), 'cp932');
    const first = await startImport(ctx, staff, actor, { bytes, filename: 'members.csv', allowUpdate: true });
    expect(first.table.kind).toBe('csv');
    expect(first.table.encoding).toBe('cp932');
    const status = Object.fromEntries(first.preview.rows.map((r) => [r.line, r.status]));
    expect(status).toEqual({ 2: 'new', 3: 'new', 4: 'refused', 5: 'refused', 6: 'refused', 7: 'changed' });
    const reasons = (line: number) =>
      first.preview.rows.find((r) => r.line === line)?.reasons.map((r) => [r.column, r.messageKey]);
    expect(reasons(4)).toEqual(
      expect.arrayContaining([
        ['メールアドレス', 'entry.error.email'],
        ['チーム紹介', 'entry.error.required'],
      ]),
    );
    expect(reasons(5)).toEqual(
      expect.arrayContaining([
        ['設立年月日', 'import.error.date'],
        ['PGP', 'import.error.privateKey'],
      ]),
    );
    expect(reasons(6)).toEqual(expect.arrayContaining([[null, 'import.error.duplicateInFile']]));
    const kizon = first.preview.rows.find((r) => r.line === 7);
    expect(kizon?.match).toEqual({ slug: 'kizon-csirt', shortName: 'KIZON-CSIRT', by: 'shortName' });
    expect(kizon?.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['officialNameJa', 'phone']));

    const summary = await commitImport(ctx, staff, actor, first.id, first.preview.digest);
    expect(summary).toEqual({ new: 2, changed: 1, unchanged: 0, refused: 3, keys: 1 });
    const [a] = await ctx.db.select().from(teams).where(eq(teams.slug, 'import-a-csirt'));
    const entryA = entryOf(a);
    expect([
      entryA.officialName.ja,
      entryA.organization.ja,
      entryA.foundedOn,
      entryA.memberSince,
      entryA.phone,
    ]).toEqual(['インポートＡシーサート', '株式会社インポートＡ', '2014-04-01', '2015-04-01', '+81355550101']);
    expect(entryA).toMatchObject(first.preview.rows.find((r) => r.line === 2)?.entry ?? {});
    const [b] = await ctx.db.select().from(teams).where(eq(teams.slug, 'import-b-csirt'));
    expect([b.region, b.industry, entryOf(b).introduction.overview.ja]).toEqual([
      'kinki',
      'finance_insurance',
      'Line one,\n"quoted" line two',
    ]);
    expect(await expectedKeyOf(ctx, staff, a)).toMatchObject({
      fingerprint: 'ABCD1234ABCD1234ABCD1234ABCD1234ABCD1234',
    });
    expect(await ctx.db.select().from(expectedKeys).where(eq(expectedKeys.teamId, a.id))).toEqual([
      expect.objectContaining({ fingerprint: 'ABCD1234ABCD1234ABCD1234ABCD1234ABCD1234' }),
    ]);
    const [pending] = await ctx.db.select().from(teamKeys).where(eq(teamKeys.teamId, b.id));
    expect(pending?.role).toBe('pending');
    const possession = await ctx.db.select().from(outbox).where(eq(outbox.template, 'key-possession'));
    expect(possession.map((m) => m.toAddresses)).toEqual([['csirt@import-b.example.jp']]);
    const [kizonRow] = await ctx.db.select().from(teams).where(eq(teams.slug, 'kizon-csirt'));
    const history = await ctx.db.select().from(teamChanges).where(eq(teamChanges.teamId, kizonRow.id));
    expect(history.map((h) => h.actor)).toEqual(['staff@import.example']);
    expect(await ctx.db.select().from(teams).where(eq(teams.slug, 'bad-mail-csirt'))).toEqual([]);
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'import.committed'));
    expect(audit).toHaveLength(1);

    // The same file again: everything is there already.
    const again = await startImport(ctx, staff, actor, { bytes, filename: 'members.csv', allowUpdate: true });
    expect(again.preview.counts).toEqual({ new: 0, changed: 0, unchanged: 3, refused: 3 });
    const second = await commitImport(ctx, staff, actor, again.id, again.preview.digest);
    expect(second).toEqual({ new: 0, changed: 0, unchanged: 3, refused: 3, keys: 0 });
    expect(await ctx.db.select().from(outbox).where(eq(outbox.template, 'key-possession'))).toHaveLength(1);
    // A stored import is written once.
    await expect(commitImport(ctx, staff, actor, again.id, again.preview.digest)).rejects.toMatchObject({
      status: 409,
    });
  });

  test('when a new row looks like an existing team under another name, then the preview points at it', async () => {
    const bytes = Buffer.from(
      csv([
        [
          'KIZON-SIRT',
          '既存',
          '既存株式会社',
          '',
          '',
          'soc@kizon.example.jp',
          '',
          '',
          '関東',
          '製造業',
          '既存のチームです。',
          '',
        ],
      ]),
    );
    const previewed = await startImport(ctx, staff, actor, { bytes, filename: 'near.csv', allowUpdate: false });
    expect(previewed.preview.rows[0]?.status).toBe('new');
    expect(previewed.preview.rows[0]?.nearDuplicates).toEqual([{ slug: 'kizon-csirt', shortName: 'KIZON-CSIRT' }]);
  });

  test('when the directory changes between preview and commit, then the commit is refused and nothing is written', async () => {
    const bytes = Buffer.from(
      csv([
        [
          'NEW-C-CSIRT',
          'シー',
          'シー株式会社',
          '',
          '',
          'csirt@c.example.jp',
          '',
          '',
          '関東',
          '製造業',
          'シーのシーサートです。',
          '',
        ],
      ]),
    );
    const previewed = await startImport(ctx, staff, actor, { bytes, filename: 'c.csv', allowUpdate: false });
    expect(previewed.table.encoding).toBe('utf-8');
    await createTeam(ctx, { shortName: 'NEW-C-CSIRT', email: 'csirt@other-c.example.jp' });
    await expect(commitImport(ctx, staff, actor, previewed.id, previewed.preview.digest)).rejects.toMatchObject({
      status: 409,
      messageKey: 'import.error.changed',
    });
    const again = await reviewImport(ctx, staff, previewed.id);
    expect(again.preview.rows[0]?.reasons.map((r) => r.messageKey)).toEqual(['import.error.exists']);
  });

  test('when the same members come as .xlsx or as teams.json, then they are read the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('会員');
    sheet.addRow(HEADERS);
    sheet.addRow([
      'XLSX-CSIRT',
      'エクセル',
      'エクセル株式会社',
      new Date(Date.UTC(2014, 3, 1)),
      '2016/4/1',
      'csirt@xlsx.example.jp',
      { text: 'https://xlsx.example.jp/', hyperlink: 'https://xlsx.example.jp/' },
      '045-555-0404',
      '関東',
      '情報通信業',
      '紹介',
      '',
    ]);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const fromXlsx = await startImport(ctx, staff, actor, {
      bytes: xlsx,
      filename: 'members.xlsx',
      allowUpdate: false,
    });
    expect(fromXlsx.table.kind).toBe('xlsx');
    const row = fromXlsx.preview.rows[0];
    expect([row?.status, row?.entry?.foundedOn, row?.entry?.website, row?.entry?.phone, row?.memberSince]).toEqual([
      'new',
      '2014-04-01',
      'https://xlsx.example.jp/',
      '+81455550404',
      '2016-04-01',
    ]);

    const ti = {
      teams: [
        {
          short_name: 'TI-CSIRT',
          official_name: 'TI Example CSIRT',
          host_organisation: 'TI Example Inc.',
          established: '2010-06-01',
          emails: [{ address: 'csirt@ti.example.jp', usage: 'main' }],
          phones: [{ number: '+81 3 5555 0505', usage: 'main' }],
          website: 'https://ti.example.jp/',
          pgp_keys: [{ fingerprint: 'DCBA4321DCBA4321DCBA4321DCBA4321DCBA4321' }],
          business_hours_timezone: 'Asia/Tokyo',
          constituency: { types: ['own_organization'], description: 'TI Example Inc. and its group companies' },
        },
      ],
    };
    const fromTi = await startImport(ctx, staff, actor, {
      bytes: Buffer.from(JSON.stringify(ti)),
      filename: 'teams.json',
      allowUpdate: false,
    });
    expect(fromTi.table.kind).toBe('ti');
    // The listing has no introduction: refused until a column is given as one.
    expect(fromTi.preview.rows[0]?.reasons.map((r) => r.messageKey).sort()).toEqual([
      'entry.error.industry',
      'entry.error.region',
      'entry.error.required',
    ]);
    const column = fromTi.table.headers.indexOf('constituency');
    const corrected = fromTi.mapping.map((m, i) => (i === column ? 'introOverviewEn' : m));
    const reviewed = await reviewImport(ctx, staff, fromTi.id, {
      mapping: corrected,
      defaults: { region: 'kanto', industry: 'other' },
    });
    expect(reviewed.preview.rows.map((r) => [r.status, r.entry?.officialName, r.entry?.phone, r.key])).toEqual([
      [
        'new',
        { ja: 'TI Example CSIRT', en: 'TI Example CSIRT' },
        '+81355550505',
        { fingerprint: 'DCBA4321DCBA4321DCBA4321DCBA4321DCBA4321' },
      ],
    ]);
    expect(fromTi.mapping.filter(Boolean)).toEqual(
      expect.arrayContaining([
        'shortName',
        'officialNameEn',
        'organizationEn',
        'foundedOn',
        'email',
        'phone',
        'website',
        'pgp',
      ]),
    );
  });
});
