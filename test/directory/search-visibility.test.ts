/**
 * Search and filters never match on a field the caller may not see: the SQL form of the visibility rule is tied to
 * the presenter's own rule for every field × stored level × clearance, and every searchable group is searched by
 * every kind of viewer with a word only that group holds.
 */
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { clearance, type Viewer } from '../../src/accounts/viewer';
import { SEARCH_GROUPS } from '../../src/entry/search-text';
import { canSee, VISIBILITY_FIELDS, VISIBILITY_LEVELS, visibleSqlText } from '../../src/entry/visibility';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, login } from '../helpers/auth';

/** What a team may have stored for a field: nothing, each level, and junk. */
const STORED = [undefined, ...VISIBILITY_LEVELS, 'everyone', 7] as const;
const VIEWERS: Viewer[] = [
  { kind: 'anonymous' },
  { kind: 'member', userId: 'u', teamIds: ['t'] },
  { kind: 'secretariat', userId: 's' },
];

describe('search sees what the presenter shows, nothing more', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agents: Record<Viewer['kind'], Agent>;

  beforeAll(async () => {
    t = await createTestApp();
    const memberTeam = await createTeam(t.ctx, { shortName: 'SEARCHVIS-HOME' }, { withKey: false });
    const member = await createUser(t.ctx, { teams: [{ id: memberTeam.id, role: 'member' }] });
    const staff = await createUser(t.ctx, { secretariat: true });
    agents = {
      anonymous: request.agent(t.app),
      member: await login(t.app, member.email),
      secretariat: await login(t.app, staff.email),
    };
  });
  afterAll(() => t.close());

  test('when the database judges any field, stored level and clearance, then it agrees with the presenter', async () => {
    const cases = VISIBILITY_FIELDS.flatMap((field) =>
      STORED.flatMap((stored) => VIEWERS.map((viewer) => ({ field, stored, viewer }))),
    );
    const disagreements: string[] = [];
    for (const { field, stored, viewer } of cases) {
      const visibility = stored === undefined ? {} : { [field]: stored };
      const expression = sql.raw(visibleSqlText(field, clearance(viewer), 'v'));
      const result = await t.ctx.db.execute(
        sql`select (${expression}) as shown from (select ${JSON.stringify(visibility)}::jsonb as v) as row`,
      );
      const shown = (result as unknown as { rows: { shown: boolean }[] }).rows[0].shown;
      const presented = canSee(clearance(viewer), field, visibility as never);
      if (shown !== presented) disagreements.push(`${field}=${String(stored)} for ${viewer.kind}: ${shown}`);
    }
    expect(disagreements).toEqual([]);
  });

  test('when a word occurs only in one searchable field, then each viewer finds the team exactly when they see that field', async () => {
    const columnsOf: Record<string, (word: string) => Record<string, unknown>> = {
      introduction: (w) => ({
        introduction: {
          overview: { ja: `概要 ${w}`, en: 'Overview' },
          background: { ja: '', en: '' },
          activities: { ja: '', en: '' },
        },
      }),
      constituency: (w) => ({ constituencyDescription: { ja: `対象 ${w}`, en: '' } }),
      email: (w) => ({ email: `${w}@mail.example.jp` }),
      website: (w) => ({ website: `https://${w}.example.jp/` }),
    };
    const failures: string[] = [];
    let n = 0;
    for (const { field } of SEARCH_GROUPS.filter((g) => g.field !== 'identity')) {
      for (const stored of STORED) {
        n += 1;
        const word = `zqx${field.slice(0, 4).toLowerCase()}${n}w`;
        const visibility = stored === undefined ? {} : { [field]: stored };
        await createTeam(
          t.ctx,
          { shortName: `SV${n}-CSIRT`, ...columnsOf[field](word), visibility: visibility as never },
          { withKey: false },
        );
        for (const viewer of VIEWERS) {
          const res = await agents[viewer.kind].get(`/api/v1/teams?q=${word}`).expect(200);
          const found = res.body.total === 1;
          const shown = canSee(clearance(viewer), field, visibility as never);
          if (found !== shown) failures.push(`${field}=${String(stored)} as ${viewer.kind}: found ${found}`);
          // The HTML page and the exports search the same way.
          const csv = await agents[viewer.kind].get(`/api/v1/teams.csv?q=${word}`).expect(200);
          if (csv.text.includes(`SV${n}-CSIRT`) !== shown)
            failures.push(`${field}=${String(stored)} csv ${viewer.kind}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  test('when an introduction is secretariat-only, then its words find nothing for the public, in the page either', async () => {
    await createTeam(
      t.ctx,
      {
        shortName: 'HUSH-CSIRT',
        introduction: {
          overview: { ja: '極秘の合併計画を担当', en: 'Handles the secret merger plan' },
          background: { ja: '', en: '' },
          activities: { ja: '', en: '' },
        },
        visibility: { introduction: 'secretariat' },
      },
      { withKey: false },
    );
    expect((await request(t.app).get('/api/v1/teams?q=merger')).body.total).toBe(0);
    expect((await request(t.app).get('/?q=合併計画')).text).not.toContain('HUSH-CSIRT');
    expect((await request(t.app).get('/api/v1/teams.json?q=merger')).body.items).toEqual([]);
    expect((await agents.secretariat.get('/api/v1/teams?q=merger')).body.total).toBe(1);
  });
});

describe('search folds text the same way on both sides', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await createTeam(
      t.ctx,
      {
        shortName: 'SAKURA-FOLD',
        officialName: { ja: 'さくら計測 シーサート', en: 'Sakura Keisoku CSIRT' },
        organization: { ja: 'さくら計測株式会社', en: 'Sakura Keisoku Co., Ltd.' },
        email: 'csirt@sakura-fold.example.jp',
        website: 'https://www.sakura-fold.example.jp/security/',
      },
      { withKey: false },
    );
    await createTeam(
      t.ctx,
      {
        shortName: 'KAMOME-FOLD',
        officialName: { ja: 'カモメ運輸 ＣＳＩＲＴ', en: 'Kamome Unyu CSIRT' },
        email: 'pirt@kamome-fold.example.jp',
        visibility: { email: 'members' },
      },
      { withKey: false },
    );
  });
  afterAll(() => t.close());

  const found = async (q: string) =>
    ((await request(t.app).get(`/api/v1/teams?q=${encodeURIComponent(q)}`)).body.items as { slug: string }[]).map(
      (i) => i.slug,
    );

  test.each([
    ['katakana for hiragana', 'サクラ', 'sakura-fold'],
    ['half-width katakana', 'ｻｸﾗ', 'sakura-fold'],
    ['hiragana for katakana', 'かもめ', 'kamome-fold'],
    ['full-width Latin', 'ＳＡＫＵＲＡ－ＦＯＬＤ', 'sakura-fold'],
    ['ASCII for full-width', 'kamome csirt', 'kamome-fold'],
    ['mixed case', 'sAkUrA kEiSoKu', 'sakura-fold'],
    ['an ideographic space between terms', 'さくら　計測', 'sakura-fold'],
    ['the team address', 'csirt@sakura-fold.example.jp', 'sakura-fold'],
    ['the mail domain', 'sakura-fold.example.jp', 'sakura-fold'],
    ['the website host', 'www.sakura-fold.example.jp', 'sakura-fold'],
  ])('when searching with %s, then the team is found', async (_name, q, slug) => {
    expect(await found(q)).toEqual([slug]);
  });

  test('when an address is members-only, then the public cannot find the team by it, and a wildcard stays literal', async () => {
    expect(await found('pirt@kamome-fold.example.jp')).toEqual([]);
    expect(await found('％')).toEqual([]);
    expect(await found('_')).toEqual([]);
  });
});
