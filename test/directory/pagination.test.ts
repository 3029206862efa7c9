import request from 'supertest';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { login } from '../helpers/auth';

/** The text of the page's result line and of its past-the-end notice, tags stripped. */
function line(html: string, pattern: RegExp): string {
  const match = pattern.exec(html);
  return match
    ? match[1]
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim()
    : '';
}
const resultCount = (html: string) => line(html, /id="result-count">([\s\S]*?)<\/p>/);
const pastEnd = (html: string) => line(html, /data-past-end="true">([\s\S]*?)<\/div>/);

describe('paging through lists', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 22; i++) await createTeam(t.ctx, { shortName: `PAGE${i}-CSIRT` }, { withKey: false });
    await createUser(t.ctx, { email: 'staff@paging.example', secretariat: true });
  });
  afterAll(() => t.close());

  test('when the last page is shown, then it counts the rows it shows of all', async () => {
    const en = await request(t.app).get('/?page=2&lang=en').expect(200);
    expect(resultCount(en.text)).toBe('Showing 21–22 of 22 teams');
    const ja = await request(t.app).get('/?page=2&lang=ja').expect(200);
    expect(resultCount(ja.text)).toBe('22 チーム中 21〜22 件を表示');
  });

  test('when a page past the last is asked for, then it says there is nothing there and links to the last page', async () => {
    const en = await request(t.app).get('/?page=999&lang=en').expect(200);
    expect(resultCount(en.text)).toBe('22 teams');
    expect(en.text).not.toContain('19,961');
    expect(pastEnd(en.text)).toBe('There is nothing on page 999: the list has 2 pages. Go to the last page (2)');
    expect(en.text).toContain('href="/?page=2&amp;lang=en"');
    expect(en.text).not.toContain('No team matches');

    const ja = await request(t.app).get('/?page=999&lang=ja&q=PAGE').expect(200);
    expect(pastEnd(ja.text)).toBe('999 ページ目には何もありません（全 2 ページ）。 最後のページ（2 ページ目）へ');
    expect(ja.text).toContain('href="/?page=2&amp;lang=ja&amp;q=PAGE"');
  });

  test('when a search finds one team, then English says "1 team"', async () => {
    const res = await request(t.app).get('/?q=PAGE21-CSIRT&lang=en').expect(200);
    expect(resultCount(res.text)).toBe('1 team');
  });

  test('when the secretariat pages past the end of its lists, then each says so', async () => {
    const staff = await login(t.app, 'staff@paging.example');
    for (const path of ['/admin/teams', '/admin/users', '/admin/audit']) {
      const res = await staff.get(`${path}?page=999&lang=en`).expect(200);
      expect(`${path}: ${pastEnd(res.text)}`).toBe(
        `${path}: There is nothing on page 999: the list has 1 page. Go to the last page (1)`,
      );
    }
    // Empty lists: nothing to page through, so they just say they are empty.
    const mail = await staff.get('/admin/mail?page=999&lang=en').expect(200);
    expect(pastEnd(mail.text)).toBe('');
    expect(mail.text).toContain('No mail');
  });
});
