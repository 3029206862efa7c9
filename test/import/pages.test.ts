/**
 * The import pages as the secretariat uses them: upload, preview in ja and en, correct a column, write, and the
 * refusals (no file, a file that is no table, one too large, a stale preview) answered in the reader's language.
 */
import { eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { teams } from '../../src/entry/schema';
import { outbox } from '../../src/mail/schema';
import { createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, login } from '../helpers/auth';

const CSV = [
  // The e-mail column's header is one the guess does not know: the secretariat maps it by hand.
  'チーム名,正式名称,組織名,窓口アドレス,地区,業種,チーム紹介',
  'PAGE-CSIRT,ページシーサート,ページ株式会社,csirt@page.example.jp,関東,製造業,ページ株式会社のシーサートです。',
].join('\r\n');

describe('the import pages', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Agent;

  const upload = async (bytes: Buffer, name: string, lang = 'ja') => {
    const csrf = csrfFrom((await staff.get('/admin/import')).text);
    return staff.post(`/admin/import?lang=${lang}`).field('_csrf', csrf).attach('file', bytes, name);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t.ctx, { email: 'staff@pages.example', secretariat: true });
    staff = await login(t.app, 'staff@pages.example');
  });
  afterAll(() => t.close());

  test('when a file is uploaded, a column corrected and the import written, then the team is there and the page says so', async () => {
    const started = await upload(iconv.encode(CSV, 'cp932'), 'members.csv');
    expect(started.status).toBe(303);
    const path = started.headers.location;
    let page = await staff.get(`${path}?lang=en`).expect(200);
    expect(page.text).toContain('Import preview: members.csv');
    expect(page.text).toContain('data-counts="0 0 0 1"');
    expect(page.text).toContain('data-status="refused"');

    const csrf = csrfFrom(page.text);
    const mapping = {
      col0: 'shortName',
      col1: 'officialNameJa',
      col2: 'organizationJa',
      col3: 'email',
      col4: 'region',
      col5: 'industry',
      col6: 'introOverviewJa',
    };
    await staff
      .post(`${path}/preview`)
      .type('form')
      .send({ _csrf: csrf, ...mapping })
      .expect(303);
    page = await staff.get(`${path}?lang=ja`).expect(200);
    expect(page.text).toContain('data-counts="1 0 0 0"');
    expect(page.text).toContain('新規');
    const twice = await staff
      .post(`${path}/preview?lang=ja`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...mapping, col6: 'email' });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('同じ項目を 2 つの列に割り当てることはできません');

    const digest = /name="digest" value="([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
    const stale = await staff
      .post(`${path}/commit?lang=en`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), digest: 'not-the-digest' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('A team changed after the preview.');
    await staff
      .post(`${path}/commit`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), digest })
      .expect(303);
    const [team] = await t.ctx.db.select().from(teams).where(eq(teams.slug, 'page-csirt'));
    expect(team?.email).toBe('csirt@page.example.jp');
    page = await staff.get(`${path}?lang=en`).expect(200);
    expect(page.text).toContain('data-committed="true"');
    expect(page.text).not.toContain('name="digest"');
    const again = await staff
      .post(`${path}/commit?lang=en`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), digest });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This import has been written already.');
    const list = await staff.get('/admin/import?lang=en').expect(200);
    expect(list.text).toContain('Imported: 1 new, 0 changed, 0 unchanged, 0 refused, 0 keys.');
  });

  test('when the import is to invite the new teams, then no invitation goes out until the secretariat sends them, and each goes once', async () => {
    const csv = [
      'チーム名,正式名称,組織名,メールアドレス,地区,業種,チーム紹介,PGP',
      'INVITE-CSIRT,招待シーサート,招待株式会社,csirt@invite.example.jp,関東,製造業,招待株式会社のシーサートです。,0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567',
    ].join('\n');
    const path = (await upload(Buffer.from(csv), 'invite.csv')).headers.location;
    let page = await staff.get(path).expect(200);
    await staff
      .post(`${path}/preview`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        col0: 'shortName',
        col1: 'officialNameJa',
        col2: 'organizationJa',
        col3: 'email',
        col4: 'region',
        col5: 'industry',
        col6: 'introOverviewJa',
        col7: 'pgp',
        inviteContacts: 'on',
      })
      .expect(303);
    page = await staff.get(path).expect(200);
    const digest = /name="digest" value="([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
    await staff
      .post(`${path}/commit`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), digest })
      .expect(303);
    const invitations = () => t.ctx.db.select().from(outbox).where(eq(outbox.template, 'invitation'));
    expect(await invitations()).toHaveLength(0);
    page = await staff.get(`${path}?lang=en`).expect(200);
    expect(page.text).toContain('data-invitations-waiting="1"');
    const sent = await staff
      .post(`${path}/invitations`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(sent.status).toBe(303);
    page = await staff.get(`${sent.headers.location}&lang=en`).expect(200);
    expect(page.text).toContain('1 invitation sent.');
    expect(page.text).not.toContain('data-invitations-waiting');
    expect((await invitations()).map((m) => m.toAddresses)).toEqual([['csirt@invite.example.jp']]);
    // The file named the team's key by its fingerprint only: the invitation asks for that key.
    const [mail] = await invitations();
    expect(mail.textBody).toContain('フィンガープリント 0123456789ABCDEF0123456789ABCDEF01234567');
    expect(mail.textBody).toContain(
      'expects your team’s PGP key with the fingerprint 0123456789ABCDEF0123456789ABCDEF01234567',
    );
    await staff
      .post(`${path}/invitations`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect(await invitations()).toHaveLength(1);
  });

  test('when no file, a file that is no table, or one too large is sent, then the page says why', async () => {
    const csrf = csrfFrom((await staff.get('/admin/import')).text);
    const none = await staff.post('/admin/import?lang=en').field('_csrf', csrf);
    expect(none.status).toBe(422);
    expect(none.text).toContain('Choose a file.');
    const junk = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'broken.xlsx', 'ja');
    expect(junk.status).toBe(422);
    expect(junk.text).toContain('CSV、.xlsx、teams.json のどれとしても読めません。');
    const empty = await upload(Buffer.from('\r\n\r\n'), 'empty.csv', 'en');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('The first line has no headers.');
    const big = await upload(Buffer.alloc(5 * 1024 * 1024 + 10, 0x41), 'big.csv', 'en');
    expect(big.status).toBe(413);
    await staff.get('/admin/import/00000000-0000-4000-8000-000000000000?lang=en').expect(404);
  });
});
