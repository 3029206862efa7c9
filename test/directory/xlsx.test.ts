/**
 * teams.xlsx read back with exceljs: the same rows, columns and visibility as teams.csv, typed cells (dates as dates,
 * phones and everything else as text, never a formula), a frozen header of labels in the reader's language.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { COLUMNS, CSV_COLUMNS } from '../../src/directory/exports';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, login } from '../helpers/auth';
import { binary, csvRows } from '../helpers/files';

async function workbookOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0];
}

/** A cell as the CSV writes it: days and instants in ISO form, text as it is (the CSV defuses formulas with '). */
function asCsv(cell: ExcelJS.Cell, kind: (typeof COLUMNS)[number]['kind']): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return kind === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
  return /^[=+\-@\t\r]/.test(String(v)) && !/^\+\d{7,15}$/.test(String(v)) ? `'${v}` : String(v);
}

describe('teams.xlsx', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let member: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    await createTeam(t.ctx, { shortName: 'SHEET-CSIRT', phone: '+81355550123', region: 'kinki' });
    await createTeam(t.ctx, { shortName: 'OLD-CSIRT', phone: '03-5555-0124' }, { confirmedDaysAgo: 420 });
    await createTeam(
      t.ctx,
      {
        shortName: 'INJECT-CSIRT',
        officialName: { ja: '=1+1', en: '+SUM(A1:A9)' },
        organization: { ja: '-2+3', en: '@cmd|/c calc' },
        introduction: {
          overview: { ja: '=WEBSERVICE("http://evil")', en: '' },
          background: { ja: '', en: '' },
          activities: { ja: '', en: '' },
        },
      },
      { withKey: false },
    );
    const own = await createTeam(t.ctx, { shortName: 'READER-CSIRT' }, { withKey: false });
    member = await login(t.app, (await createUser(t.ctx, { teams: [{ id: own.id, role: 'member' }] })).email);
  });
  afterAll(() => t.close());

  const callers = () =>
    [
      ['anonymous', request(t.app)],
      ['member', member],
    ] as const;

  test('when each caller downloads it, then every cell equals the CSV row of the same caller, typed as a date or as text', async () => {
    for (const [who, agent] of callers()) {
      for (const query of ['', '?region=kanto', '?q=OLD&lang=en']) {
        const csv = csvRows((await binary(agent.get(`/api/v1/teams.csv${query}`))).body as Buffer);
        const res = await binary(agent.get(`/api/v1/teams.xlsx${query}`));
        expect([who, query, res.status]).toEqual([who, query, 200]);
        expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        expect(res.headers['content-disposition']).toBe('attachment; filename="teams.xlsx"');
        const sheet = await workbookOf(res.body as Buffer);
        expect(sheet.rowCount).toBe(csv.length + 1);
        expect(csv.length).toBeGreaterThan(0);
        csv.forEach((row, r) => {
          const cells = sheet.getRow(r + 2);
          COLUMNS.forEach((column, c) => {
            const cell = cells.getCell(c + 1);
            expect([who, row.slug, column.key, asCsv(cell, column.kind)]).toEqual([
              who,
              row.slug,
              column.key,
              row[column.key],
            ]);
            expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
            if (cell.value !== null) {
              const type = column.kind === 'text' ? ExcelJS.ValueType.String : ExcelJS.ValueType.Date;
              expect([column.key, cell.type]).toEqual([column.key, type]);
            }
          });
        });
      }
    }
  });

  test('when it is opened, then the header is frozen, labelled in the reader language, filtered, and columns have widths', async () => {
    const ja = await workbookOf((await binary(request(t.app).get('/api/v1/teams.xlsx'))).body as Buffer);
    expect(ja.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ja.getRow(1).getCell(CSV_COLUMNS.indexOf('region') + 1).value).toBe('地区');
    expect(ja.getRow(1).getCell(CSV_COLUMNS.indexOf('regionCode') + 1).value).toBe('地区コード');
    expect(ja.autoFilter).toBeTruthy();
    COLUMNS.forEach((column, c) => {
      expect([column.key, ja.getColumn(c + 1).width]).toEqual([column.key, column.width]);
    });
    const en = await workbookOf((await binary(request(t.app).get('/api/v1/teams.xlsx?lang=en'))).body as Buffer);
    expect(en.getRow(1).getCell(CSV_COLUMNS.indexOf('region') + 1).value).toBe('Region');
    const sheet = en.getRow(1).values as unknown[];
    expect(sheet.slice(1)).toHaveLength(COLUMNS.length);
  });

  test('when a member and the public download it, then phones, as text in E.164, are in the member file only', async () => {
    const column = CSV_COLUMNS.indexOf('phone') + 1;
    const phoneOf = async (agent: Agent | ReturnType<typeof request>, slug: string) => {
      const sheet = await workbookOf((await binary(agent.get('/api/v1/teams.xlsx'))).body as Buffer);
      const slugs = sheet.getColumn(1).values as unknown[];
      return sheet.getRow(slugs.indexOf(slug)).getCell(column);
    };
    expect((await phoneOf(request(t.app), 'sheet-csirt')).value).toBeNull();
    const seen = await phoneOf(member, 'sheet-csirt');
    expect([seen.type, seen.value]).toEqual([ExcelJS.ValueType.String, '+81355550123']);
    expect((await phoneOf(member, 'old-csirt')).value).toBe('+81355550124'); // an older domestic value, normalised
  });

  test('when cells start with = + - @, then they are inert text in the sheet: the same characters, no formula', async () => {
    const sheet = await workbookOf((await binary(request(t.app).get('/api/v1/teams.xlsx'))).body as Buffer);
    const slugs = sheet.getColumn(1).values as unknown[];
    const row = sheet.getRow(slugs.indexOf('inject-csirt'));
    const cell = (key: string) => row.getCell(CSV_COLUMNS.indexOf(key) + 1);
    for (const [key, text] of [
      ['officialNameJa', '=1+1'],
      ['officialNameEn', '+SUM(A1:A9)'],
      ['organizationJa', '-2+3'],
      ['organizationEn', '@cmd|/c calc'],
    ]) {
      expect([key, cell(key).type, cell(key).value, cell(key).formula]).toEqual([
        key,
        ExcelJS.ValueType.String,
        text,
        undefined,
      ]);
    }
  });

  test('when a member looks at a filtered directory page, then it links the xlsx, CSV and JSON of the same filters; the public sees no links', async () => {
    const page = await member.get('/?q=CSIRT&region=kinki&reachable=1').expect(200);
    for (const file of ['teams.xlsx', 'teams.csv', 'teams.json']) {
      expect(page.text).toContain(`href="/api/v1/${file}?q=CSIRT&amp;region=kinki&amp;reachable=1"`);
    }
    const plain = await member.get('/').expect(200);
    expect(plain.text).toContain('href="/api/v1/teams.xlsx"');
    const followed = await workbookOf((await binary(member.get('/api/v1/teams.xlsx?region=kinki'))).body as Buffer);
    expect((followed.getColumn(1).values as unknown[]).slice(2)).toEqual(['sheet-csirt']); // under the header
    const anonymous = await request(t.app).get('/?region=kinki').expect(200);
    expect(anonymous.text).not.toContain('teams.xlsx');
  });
});
