/**
 * The announcement pages as the secretariat and members use them: compose (refusals in the reader's language),
 * preview with its recipient list, send, delivery report; the members' archive and feed, where TLP decides who
 * reads what — CLEAR/GREEN every member, AMBER only members of the teams it reached, RED nobody — and what a reader
 * may not read is not found anywhere (list, page, feed). Anonymous callers get nothing.
 */
import request from 'supertest';
import { createApiTokenOf, createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, login } from '../helpers/auth';

describe('announcement pages', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Agent;
  let reached: Agent;
  let unreached: Agent;
  let reachedToken: string;
  const sent: Record<'green' | 'amber' | 'red', string> = { green: '', amber: '', red: '' };

  const compose = {
    subjectJa: '年末年始の連絡体制',
    subjectEn: 'Contacts over the new year',
    bodyJa: '12 月 29 日から 1 月 3 日まで、事務局は緊急連絡のみ受け付けます。',
    bodyEn: 'From 29 December to 3 January the secretariat takes urgent calls only.',
  };

  /** Composes, previews and sends one announcement through the pages; answers its id. */
  async function sendThroughPages(fields: Record<string, string>) {
    const form = await staff.get('/admin/announcements/new').expect(200);
    const created = await staff
      .post('/admin/announcements')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), ...compose, ...fields })
      .expect(303);
    const path = created.headers.location as string;
    const preview = await staff.get(path).expect(200);
    const digest = /name="recipients" value="([^"]+)"/.exec(preview.text)![1];
    await staff
      .post(`${path}/send`)
      .type('form')
      .send({ _csrf: csrfFrom(preview.text), recipients: digest })
      .expect(303);
    return path.split('/').pop() as string;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const kanto = await createTeam(t.ctx, { shortName: 'KANTO-CSIRT', region: 'kanto' }, { keyVerified: true });
    const kyushu = await createTeam(t.ctx, { shortName: 'KYUSHU-CSIRT', region: 'kyushu_okinawa' }, { withKey: false });
    await createUser(t.ctx, { email: 'staff@pages.example', secretariat: true });
    const kantoUser = await createUser(t.ctx, {
      email: 'kanto@pages.example',
      teams: [{ id: kanto.id, role: 'editor' }],
    });
    await createUser(t.ctx, { email: 'kyushu@pages.example', teams: [{ id: kyushu.id, role: 'member' }] });
    staff = await login(t.app, 'staff@pages.example');
    reached = await login(t.app, 'kanto@pages.example');
    unreached = await login(t.app, 'kyushu@pages.example');
    reachedToken = await createApiTokenOf(t.ctx, kantoUser.id);
  });
  afterAll(() => t.close());

  test.each(['ja', 'en'] as const)(
    'when the compose form is sent without a subject, with a line break in one or an unknown label (%s), then it is refused in that language and nothing is kept',
    async (lang) => {
      const form = await staff.get(`/admin/announcements/new?lang=${lang}`).expect(200);
      const res = await staff
        .post(`/admin/announcements?lang=${lang}`)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), ...compose, subjectJa: '', subjectEn: 'a\nBcc: x@y.z', tlp: 'orange' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(lang === 'ja' ? 'TLP ラベルを選んでください。' : 'Choose a TLP label.');
      expect(res.text).toContain(
        lang === 'ja' ? '件名を 1〜200 文字、1 行で入力してください。' : 'Enter a subject of 1 to 200',
      );
      // What was typed is shown again.
      expect(res.text).toContain(compose.bodyJa);
      const list = await staff.get('/admin/announcements?lang=en').expect(200);
      expect(list.text).toContain('No announcements yet.');
    },
  );

  test('when the secretariat previews a TLP:AMBER announcement, then it sees the label, the subject line and which team is not reached', async () => {
    const form = await staff.get('/admin/announcements/new').expect(200);
    const created = await staff
      .post('/admin/announcements')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), ...compose, tlp: 'amber' })
      .expect(303);
    const preview = await staff.get(`${created.headers.location}?lang=en`).expect(200);
    expect(preview.text).toContain('This is a draft: nothing has been sent yet.');
    expect(preview.text).toContain('[TLP:AMBER] [');
    expect(preview.text).toMatch(/data-team="kyushu-csirt" data-route="not_reached"/);
    expect(preview.text).toMatch(/data-team="kanto-csirt" data-route="encrypted"/);
    expect(preview.text).toContain('Send to 1 team');
    // A stale preview: the recipients change, and the send shows the preview again instead of sending.
    const digest = /name="recipients" value="([^"]+)"/.exec(preview.text)![1];
    await createTeam(t.ctx, { shortName: 'NEW-CSIRT', region: 'kanto' }, { keyVerified: true });
    const refused = await staff
      .post(`${created.headers.location}/send?lang=en`)
      .type('form')
      .send({ _csrf: csrfFrom(preview.text), recipients: digest });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('The recipients changed after the preview');
    expect(refused.text).toMatch(/data-team="new-csirt" data-route="encrypted"/);
    // Discarded, it is gone.
    await staff
      .post(`${created.headers.location}/discard`)
      .type('form')
      .send({ _csrf: csrfFrom(refused.text) })
      .expect(303);
    await staff.get(created.headers.location as string).expect(404);
  });

  test('when announcements of each label are sent, then the report counts them and members read only what their teams may', async () => {
    sent.green = await sendThroughPages({ tlp: 'green' });
    sent.amber = await sendThroughPages({ tlp: 'amber', subjectJa: '琥珀の件名', subjectEn: 'Amber subject' });
    sent.red = await sendThroughPages({ tlp: 'red', subjectJa: '赤の件名', subjectEn: 'Red subject' });

    const report = await staff.get(`/admin/announcements/${sent.amber}?lang=en`).expect(200);
    expect(report.text).toMatch(/data-delivery-count="not_reached">[\s\S]*?<p class="stat-number">1</);
    expect(report.text).toMatch(/data-team="kyushu-csirt" data-delivery="not_reached"/);
    // Without SMTP the messages stay in the outbox: the report says so.
    expect(report.text).toMatch(/data-team="kanto-csirt" data-delivery="captured"/);
    const redReport = await staff.get(`/admin/announcements/${sent.red}?lang=en`).expect(200);
    expect(redReport.text).toContain('TLP:RED announcements are not kept on the members’ pages.');

    // The reached team's member: GREEN and AMBER, never RED.
    const mine = await reached.get('/members/announcements?lang=en').expect(200);
    expect(mine.text).toContain('Contacts over the new year');
    expect(mine.text).toContain('Amber subject');
    expect(mine.text).not.toContain('Red subject');
    const amber = await reached.get(`/members/announcements/${sent.amber}?lang=en`).expect(200);
    expect(amber.text).toContain('TLP:AMBER');
    expect(amber.text).toContain(compose.bodyEn);
    await reached.get(`/members/announcements/${sent.red}`).expect(404);

    // A member of the team it did not reach: GREEN only; AMBER is not found, as if it did not exist.
    const theirs = await unreached.get('/members/announcements?lang=en').expect(200);
    expect(theirs.text).toContain('Contacts over the new year');
    expect(theirs.text).not.toContain('Amber subject');
    const hidden = await unreached.get(`/members/announcements/${sent.amber}?lang=en`);
    const missing = await unreached.get('/members/announcements/00000000-0000-4000-8000-000000000000?lang=en');
    expect([hidden.status, hidden.text.replaceAll(sent.amber, 'ID')]).toEqual([
      404,
      missing.text.replaceAll('00000000-0000-4000-8000-000000000000', 'ID'),
    ]);

    // The secretariat reads the archive too, RED excepted.
    const staffArchive = await staff.get('/members/announcements?lang=en').expect(200);
    expect(staffArchive.text).toContain('Amber subject');
    expect(staffArchive.text).not.toContain('Red subject');
  });

  test('when members read the feed, then it holds what the archive shows them, with AMBER text left on the page', async () => {
    const withToken = await request(t.app)
      .get('/api/v1/announcements.atom')
      .set('Authorization', `Bearer ${reachedToken}`)
      .expect(200);
    expect(withToken.headers['content-type']).toMatch(/application\/atom\+xml/);
    expect(withToken.text).toContain(`/members/announcements/${sent.green}`);
    expect(withToken.text).toContain(`/members/announcements/${sent.amber}`);
    expect(withToken.text).not.toContain(sent.red);
    expect(withToken.text).toContain(compose.bodyEn);
    expect(withToken.text).toContain('[TLP:AMBER] 琥珀の件名 / Amber subject');
    // The AMBER entry carries no text: a feed reader keeps what it fetched.
    const amberEntry = withToken.text.slice(withToken.text.indexOf('Amber subject'));
    expect(amberEntry.slice(0, amberEntry.indexOf('</entry>'))).not.toContain(compose.bodyEn);

    const theirs = await unreached.get('/api/v1/announcements.atom').expect(200);
    expect(theirs.text).toContain(sent.green);
    expect(theirs.text).not.toContain(sent.amber);
  });

  test("when a list is asked for a page that is no number, or an id that is none, then the answer is a 400 or 404 in the reader's language", async () => {
    for (const [agent, path] of [
      [staff, '/admin/announcements?page=abc&lang=en'],
      [staff, `/admin/announcements/${sent.green}?page=0&lang=en`],
      [reached, '/members/announcements?page=-1&lang=en'],
    ] as const) {
      const res = await agent.get(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.text).not.toMatch(/stack|at \w+ \(/);
    }
    for (const path of ['/admin/announcements/not-an-id', '/members/announcements/1234']) {
      expect([path, (await staff.get(path)).status]).toEqual([path, 404]);
    }
    const edit = await staff.get(`/admin/announcements/${sent.green}/edit`);
    expect(edit.status).toBe(303); // a sent announcement is not edited: its report instead
    const csrf = csrfFrom((await staff.get(`/admin/announcements/${sent.green}?lang=en`)).text);
    const late = await staff
      .post(`/admin/announcements/${sent.green}/edit?lang=en`)
      .type('form')
      .send({ _csrf: csrf, ...compose, tlp: 'green' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('This announcement has been sent and cannot be changed.');
  });

  test('when an anonymous caller asks for the archive, a page of it or the feed, then nothing is shown', async () => {
    for (const path of ['/members/announcements', `/members/announcements/${sent.green}`]) {
      const res = await request(t.app).get(path);
      expect([302, 401]).toContain(res.status);
      expect(res.text).not.toContain('Contacts over the new year');
    }
    const feed = await request(t.app).get('/api/v1/announcements.atom');
    expect(feed.status).toBe(401);
    expect(feed.text).not.toContain(sent.green);
  });
});
