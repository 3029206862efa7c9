import request from 'supertest';
import { createTeam } from '../factories';
import { createTestApp } from '../helpers/app';

describe('directory pages', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let sakura: Awaited<ReturnType<typeof createTeam>>;

  beforeAll(async () => {
    t = await createTestApp();
    sakura = await createTeam(t.ctx, {
      shortName: 'SAKURA-CSIRT',
      officialName: { ja: 'さくら計測器 CSIRT', en: 'Sakura Instruments CSIRT' },
      foundedOn: '2014-04-01',
      introduction: {
        overview: { ja: 'さくら計測器の概要です。', en: '' }, // no English: falls back to Japanese
        background: { ja: '設立の経緯です。', en: 'How it began.' },
        activities: { ja: '活動内容です。', en: 'What it does.' },
      },
    });
    await createTeam(t.ctx, { shortName: 'OLD-CSIRT' }, { confirmedDaysAgo: 420 });
    await createTeam(t.ctx, { shortName: 'DUE-CSIRT' }, { confirmedDaysAgo: 350 });
    await createTeam(t.ctx, { shortName: 'LATE-CSIRT' }, { confirmedDaysAgo: 380 });
    await createTeam(
      t.ctx,
      {
        shortName: 'XSS-CSIRT',
        officialName: { ja: '<script>alert(1)</script>', en: '<img src=x onerror=alert(1)>' },
        website: 'https://xss.example.jp/"><script>alert(2)</script>',
      },
      { withKey: false },
    );
  });
  afterAll(() => t.close());

  test('when no language is asked for, then the page is Japanese', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.text).toContain('<html lang="ja">');
    expect(res.text).toContain('チーム一覧');
    expect(res.text).toContain('href="/?lang=en"');
  });

  test('when the browser prefers English, then the page is English', async () => {
    const res = await request(t.app).get('/').set('Accept-Language', 'en-GB,en;q=0.8').expect(200);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Member teams');
  });

  test('when ?lang=en is chosen, then it is remembered in a cookie over Accept-Language', async () => {
    const agent = request.agent(t.app);
    const first = await agent.get('/?lang=en').set('Accept-Language', 'ja').expect(200);
    expect(first.headers['set-cookie']?.[0]).toMatch(/^lang=en;.*HttpOnly/);
    const next = await agent.get('/teams/sakura-csirt').set('Accept-Language', 'ja').expect(200);
    expect(next.text).toContain('<html lang="en">');
    expect(next.text).toContain('Sakura Instruments CSIRT');
  });

  test('when the team page is shown, then dates follow the locale', async () => {
    const ja = await request(t.app).get('/teams/sakura-csirt?lang=ja').expect(200);
    expect(ja.text).toContain('2014年4月1日');
    expect(ja.text).toContain('2026年11月12日に確認');
    const en = await request(t.app).get('/teams/sakura-csirt?lang=en').expect(200);
    expect(en.text).toContain('1 Apr 2014');
    expect(en.text).toContain('Confirmed on 12 Nov 2026');
  });

  test('when an English text is missing, then the Japanese one is shown in its place', async () => {
    const en = await request(t.app).get('/teams/sakura-csirt?lang=en').expect(200);
    expect(en.text).toContain('さくら計測器の概要です。');
    expect(en.text).toContain('How it began.');
  });

  test('when the team has a key, then its fingerprint is shown in groups of four with a copy button', async () => {
    const res = await request(t.app).get('/teams/sakura-csirt').expect(200);
    const grouped = sakura.fingerprint!.replace(/(.{4})(?=.)/g, '$1 ');
    expect(res.text).toContain(`<code class="fingerprint" id="fpr-${sakura.fingerprint!.slice(24)}">${grouped}</code>`);
    expect(res.text).toContain('data-copy-target=');
  });

  test('when members-only fields exist, then anonymous visitors see they are not public', async () => {
    const res = await request(t.app).get('/teams/sakura-csirt').expect(200);
    expect(res.text).not.toContain('03-5555-0101');
    expect(res.text).toContain('非公開');
  });

  test.each([
    ['old-csirt', 'badge-stale', '以降未確認'],
    ['late-csirt', 'badge-overdue', '確認期限超過'],
    ['due-csirt', 'badge-due', '確認期限間近'],
    ['sakura-csirt', 'badge-current', 'に確認'],
  ])('when %s is shown, then its freshness badge is %s', async (slug, badge, text) => {
    const res = await request(t.app).get(`/teams/${slug}`).expect(200);
    expect(res.text).toContain(badge);
    expect(res.text).toContain(text);
  });

  test('when a stale team is listed, then the card says since when it is unconfirmed', async () => {
    const res = await request(t.app).get('/?q=old-csirt&lang=en').expect(200);
    expect(res.text).toMatch(/Unconfirmed since \d{1,2} [A-Z][a-z]{2,3} \d{4}/);
  });

  test('when entry fields hold HTML, then pages show it as text', async () => {
    const page = await request(t.app).get('/teams/xss-csirt').expect(200);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('"><script>alert(2)');
    const list = await request(t.app).get('/?q=xss&lang=en').expect(200);
    expect(list.text).not.toContain('<img src=x');
    expect(list.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('when a page is served, then a strict CSP forbids inline code and the HTML has none', async () => {
    const res = await request(t.app).get('/teams/sakura-csirt').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\sstyle=/);
    expect(res.text).not.toMatch(/\son[a-z]+=/);
  });

  test('when searching from the page, then results and the count show', async () => {
    const res = await request(t.app)
      .get(`/?q=${encodeURIComponent('さくら')}`)
      .expect(200);
    expect(res.text).toContain('href="/teams/sakura-csirt"');
    expect(res.text).toContain('1 チーム');
    expect(res.text).not.toContain('件を表示');
  });

  test('when nothing matches, then the page says so', async () => {
    const res = await request(t.app).get('/?q=zzzzzz-nothing&lang=en').expect(200);
    expect(res.text).toContain('No team matches these conditions.');
  });

  test('when the search text is too long, then 400 keeps the form and explains it', async () => {
    const long = 'x'.repeat(201);
    const res = await request(t.app).get(`/?q=${long}&lang=en`).expect(400);
    expect(res.text).toContain('The search text must be at most 200 characters.');
    expect(res.text).toContain(`value="${long}"`);
  });

  test.each([
    ['page=abc', 'page は 1 以上の整数で指定してください。'],
    ['page=0', 'page は 1 以上の整数で指定してください。'],
    ['industry=nope', '業種の指定が正しくありません。'],
  ])('when the directory gets %s, then 400 explains it', async (qs, message) => {
    const res = await request(t.app).get(`/?${qs}`).expect(400);
    expect(res.text).toContain(message);
  });

  test('when the team does not exist, then a 404 page names it in the page language', async () => {
    const ja = await request(t.app).get('/teams/no-such-team').expect(404);
    expect(ja.text).toContain('チーム「no-such-team」は見つかりませんでした。');
    const en = await request(t.app).get('/teams/no-such-team?lang=en').expect(404);
    expect(en.text).toContain('There is no team “no-such-team”.');
    const odd = await request(t.app).get('/teams/%3Cb%3E').expect(404);
    expect(odd.text).toContain('チーム「&lt;b&gt;」は見つかりませんでした。');
  });

  test('when a path is malformed, then 400 answers, not 500', async () => {
    const res = await request(t.app).get('/teams/%E0%A4%A').expect(400);
    expect(res.text).toContain('リクエストの内容が正しくありません。');
  });

  test('when there are more teams than a page holds, then pagination keeps the filters', async () => {
    for (let i = 0; i < 21; i++) await createTeam(t.ctx, { region: 'shikoku' }, { withKey: false });
    const res = await request(t.app).get('/?region=shikoku').expect(200);
    expect(res.text).toContain('href="/?region=shikoku&amp;page=2"');
    const second = await request(t.app).get('/?region=shikoku&page=2').expect(200);
    expect(second.text).toContain('21 チーム中 21〜21 件を表示');
  });
});
