/**
 * Feedback after confirming an entry, and a way on from a confirmation link that can no longer confirm: the page
 * says what happened and links to the team page and to the login that leads to its editor.
 */
import request from 'supertest';
import { addDays } from '../../src/clock';
import { createTeam, createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { csrfFrom, login } from '../helpers/auth';
import { reminderLink, teamConfirmedDaysAgo } from './helpers';

describe('a way on from confirming', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.ctx.clock.set(TEST_NOW));

  /** The links the problem page offers, as [href, text]. */
  function wayOn(html: string): string[][] {
    const box = /<section class="panel way-on">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    return [...box.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
  }

  test('when a used link is opened again, then it says when the entry was confirmed and links to the team and the login', async () => {
    await teamConfirmedDaysAgo(t.ctx, 'USED-CSIRT', 'used@used.example.jp', 360);
    const link = await reminderLink(t.ctx, 'used@used.example.jp');
    const agent = request.agent(t.app);
    const page = await agent.get(link).expect(200);
    await agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(200);

    for (const [lang, said, links] of [
      [
        'ja',
        'このリンクは使用済みです。この登録内容は 2026年11月22日 に確認済みです。次の確認期限は 2027年11月22日 です。',
        [
          ['/login?next=%2Fteams%2Fused-csirt', 'ログインして USED-CSIRT の登録内容を確認・修正する'],
          ['/teams/used-csirt', 'USED-CSIRT のページを開く'],
        ],
      ],
      [
        'en',
        'This link has been used already. This entry was confirmed on 22 Nov 2026. The next confirmation is due on 22 Nov 2027.',
        [
          ['/login?next=%2Fteams%2Fused-csirt', 'Log in to check or change the entry of USED-CSIRT'],
          ['/teams/used-csirt', 'Open the page of USED-CSIRT'],
        ],
      ],
    ] as const) {
      const again = await agent.get(`${link}?lang=${lang}`);
      expect(again.status).toBe(410);
      expect(/data-problem="true"><p>([^<]*)</.exec(again.text)?.[1]).toBe(said);
      expect(wayOn(again.text)).toEqual(links);
    }
  });

  test('when an expired or unknown link is opened, then it says so and offers the login', async () => {
    await teamConfirmedDaysAgo(t.ctx, 'LATE-CSIRT', 'late@late.example.jp', 350);
    const link = await reminderLink(t.ctx, 'late@late.example.jp');
    t.ctx.clock.set(addDays(new Date(TEST_NOW), 46));
    const expired = await request(t.app).get(link);
    expect(expired.status).toBe(410);
    expect(wayOn(expired.text).map(([href]) => href)).toEqual([
      '/login?next=%2Fteams%2Flate-csirt',
      '/teams/late-csirt',
    ]);
    const unknown = await request(t.app).get('/confirm/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
    expect(unknown.status).toBe(404);
    expect(wayOn(unknown.text).map(([href]) => href)).toEqual(['/login', '/']);
  });

  test('when an editor presses "all details are current", then the team page says it is done and when the next is due', async () => {
    const team = await createTeam(t.ctx, { shortName: 'BUTTON-CSIRT' }, { confirmedDaysAgo: 300, withKey: false });
    const editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] })).email);
    const page = await editor.get('/teams/button-csirt').expect(200);
    expect(page.text).not.toContain('data-confirmed="true"');
    const done = await editor
      .post('/teams/button-csirt/confirm')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/teams/button-csirt?confirmed=1');
    const after = await editor.get(done.headers.location).expect(200);
    expect(/data-confirmed="true">([^<]*)</.exec(after.text)?.[1]).toBe(
      '登録内容を確認しました。次の確認期限は 2027年11月22日 です。',
    );
    // Someone who could not have pressed it sees no such notice.
    const stranger = await request(t.app).get('/teams/button-csirt?confirmed=1').expect(200);
    expect(stranger.text).not.toContain('data-confirmed="true"');
  });
});
