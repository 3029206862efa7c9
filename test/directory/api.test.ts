import request from 'supertest';
import { createTeam } from '../factories';
import { createTestApp } from '../helpers/app';

describe('directory JSON API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sakura: Awaited<ReturnType<typeof createTeam>>;

  beforeAll(async () => {
    t = await createTestApp();
    sakura = await createTeam(t.ctx, {
      shortName: 'SAKURA-CSIRT',
      officialName: { ja: 'さくら計測器 CSIRT', en: 'Sakura Instruments CSIRT' },
      organization: { ja: 'さくら計測器株式会社', en: 'Sakura Instruments Co., Ltd.' },
      introduction: {
        overview: { ja: 'さくら計測器のシーサートです。', en: 'The CSIRT of Sakura Instruments.' },
        background: { ja: '2014年に設立。', en: 'Founded in 2014.' },
        activities: { ja: 'インシデント対応。', en: 'Incident response.' },
      },
      notes: '事務局メモ: 総会で発表',
    });
    await createTeam(t.ctx, {
      shortName: 'HOKKAI-NET-CSIRT',
      officialName: { ja: 'ほっかいネット CSIRT', en: 'Hokkai Net CSIRT' },
      region: 'hokkaido',
      industry: 'information_communications',
    });
    await createTeam(t.ctx, { shortName: 'KUROSHIO-CSIRT', status: 'suspended' });
    for (let i = 0; i < 25; i++) await createTeam(t.ctx, { region: 'kinki' }, { withKey: false });
  });
  afterAll(() => t.close());

  test('when listing, then items carry the contract fields and the total', async () => {
    const res = await request(t.app).get('/api/v1/teams?q=sakura-csirt').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.total).toBe(1);
    const [item] = res.body.items;
    expect(item).toMatchObject({
      slug: 'sakura-csirt',
      shortName: 'SAKURA-CSIRT',
      officialName: { ja: 'さくら計測器 CSIRT', en: 'Sakura Instruments CSIRT' },
      organization: { ja: 'さくら計測器株式会社', en: 'Sakura Instruments Co., Ltd.' },
      foundedOn: '2015-04-01',
      email: expect.stringMatching(/@sakura-csirt\.example\.jp$/),
      website: expect.stringMatching(/^https:\/\//),
      freshness: { state: 'current', confirmedAt: expect.any(String) },
      key: { fingerprint: sakura.fingerprint, algorithm: 'Ed25519', bits: 256, expires: null },
    });
  });

  test('when the caller is anonymous, then members-only and secretariat fields are absent', async () => {
    const res = await request(t.app).get('/api/v1/teams/sakura-csirt').expect(200);
    expect(res.body.email).toBeDefined();
    expect(res.body).not.toHaveProperty('phone');
    expect(res.body).not.toHaveProperty('emergencyPhone');
    expect(res.body).not.toHaveProperty('notes');
    expect(JSON.stringify(res.body)).not.toContain('事務局メモ');
  });

  test('when searching in Japanese, then teams are found by name and introduction', async () => {
    const byName = await request(t.app)
      .get(`/api/v1/teams?q=${encodeURIComponent('さくら計測器')}`)
      .expect(200);
    expect(byName.body.items.map((i: { slug: string }) => i.slug)).toEqual(['sakura-csirt']);
    const byIntro = await request(t.app)
      .get(`/api/v1/teams?q=${encodeURIComponent('シーサート')}`)
      .expect(200);
    expect(byIntro.body.items.map((i: { slug: string }) => i.slug)).toContain('sakura-csirt');
    const twoTerms = await request(t.app)
      .get(`/api/v1/teams?q=${encodeURIComponent('ほっかい csirt')}`)
      .expect(200);
    expect(twoTerms.body.items.map((i: { slug: string }) => i.slug)).toEqual(['hokkai-net-csirt']);
  });

  test('when a name matches exactly, then it ranks above teams that only mention it', async () => {
    await createTeam(t.ctx, {
      introduction: {
        overview: { ja: 'SAKURA-CSIRT と連携しています。', en: 'Works with SAKURA-CSIRT.' },
        background: { ja: '', en: '' },
        activities: { ja: '', en: '' },
      },
    });
    const res = await request(t.app).get('/api/v1/teams?q=SAKURA-CSIRT').expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items[0].slug).toBe('sakura-csirt');
  });

  test('when the query has a typo and nothing matches exactly, then similar names are found', async () => {
    const res = await request(t.app).get('/api/v1/teams?q=sakra').expect(200);
    expect(res.body.items[0].slug).toBe('sakura-csirt');
  });

  test('when a query names one team, then fuzzy matches on shared words do not flood the result', async () => {
    const res = await request(t.app).get('/api/v1/teams?q=hokkai-net-csirt').expect(200);
    expect(res.body.items.map((i: { slug: string }) => i.slug)).toEqual(['hokkai-net-csirt']);
  });

  test('when a query contains LIKE wildcards, then they match literally', async () => {
    const res = await request(t.app).get('/api/v1/teams?q=%25%25').expect(200);
    expect(res.body.total).toBe(0);
  });

  test('when filtering by region and industry, then only matching teams come back', async () => {
    const res = await request(t.app).get('/api/v1/teams?region=hokkaido&industry=information_communications');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { slug: string }) => i.slug)).toEqual(['hokkai-net-csirt']);
  });

  test('when paging with limit and offset, then pages do not overlap and the total stays', async () => {
    const first = await request(t.app).get('/api/v1/teams?region=kinki&limit=10&offset=0').expect(200);
    const third = await request(t.app).get('/api/v1/teams?region=kinki&limit=10&offset=20').expect(200);
    const past = await request(t.app).get('/api/v1/teams?region=kinki&limit=10&offset=50').expect(200);
    expect(first.body.items).toHaveLength(10);
    expect(third.body.items).toHaveLength(5);
    expect(first.body.total).toBe(25);
    expect(third.body.total).toBe(25);
    expect(past.body).toMatchObject({ items: [], total: 25 });
    const slugs = new Set([...first.body.items, ...third.body.items].map((i: { slug: string }) => i.slug));
    expect(slugs.size).toBe(15);
  });

  test('when a team is suspended, then it is neither listed nor served', async () => {
    const list = await request(t.app).get('/api/v1/teams?q=kuroshio').expect(200);
    expect(list.body.total).toBe(0);
    await request(t.app).get('/api/v1/teams/kuroshio-csirt').expect(404);
  });

  test('when the team does not exist, then 404 JSON names it', async () => {
    const res = await request(t.app).get('/api/v1/teams/no-such-team').set('Accept-Language', 'en').expect(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', message: 'There is no team “no-such-team”.' });
  });

  test.each([
    ['limit=abc', 'limit', 'limit は 1〜100 の整数で指定してください。'],
    ['limit=100000', 'limit', 'limit は 1〜100 の整数で指定してください。'],
    ['limit=0', 'limit', 'limit は 1〜100 の整数で指定してください。'],
    ['offset=-1', 'offset', 'offset は 0 以上の整数で指定してください。'],
    [`q=${'あ'.repeat(201)}`, 'q', '検索語は200文字以内で入力してください。'],
    ['region=atlantis', 'region', '地区の指定が正しくありません。'],
    ['q=a&q=b', 'q', '検索語は200文字以内で入力してください。'],
  ])('when the query has %s, then 400 explains it in Japanese', async (qs, field, message) => {
    const res = await request(t.app)
      .get(`/api/v1/teams?${encodeURI(qs)}`)
      .expect(400);
    expect(res.body.error.code).toBe('invalid_query');
    expect(res.body.error.message).toBe(message);
    expect(res.body.error.fields).toEqual([{ field, message }]);
  });

  test('when the caller prefers English, then the 400 message is English', async () => {
    const res = await request(t.app).get('/api/v1/teams?limit=abc').set('Accept-Language', 'en-US,en;q=0.9');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('limit must be a whole number from 1 to 100.');
  });

  test('when q is exactly 200 characters, then it is accepted', async () => {
    await request(t.app)
      .get(`/api/v1/teams?q=${'a'.repeat(200)}`)
      .expect(200);
  });

  test('when an unknown API path is called, then a JSON 404 answers', async () => {
    const res = await request(t.app).get('/api/v1/nothing-here').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
