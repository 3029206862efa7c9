import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { applications } from '../../src/admission/schema';
import { auditLog } from '../../src/audit/schema';
import { createTeam } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfFrom, encodeForm } from '../helpers/auth';
import { applicantPath, applicationOf, onlyMail, postApplication, validApplication } from './helpers';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', name), 'utf8');

describe('the application form', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await createTeam(t.ctx, { shortName: 'TAKEN-CSIRT' }, { withKey: false });
  });
  afterAll(() => t.close());

  test('when someone opens /apply, then every entry field, the key, the three attestations and the contact are asked for, in ja and en', async () => {
    const ja = await request(t.app).get('/apply').expect(200);
    for (const name of [
      'shortName',
      'officialNameJa',
      'organizationJa',
      'region',
      'industry',
      'email',
      'phone',
      'emergencyPhone',
      'hoursOpen',
      'timeZone',
      'introOverviewJa',
      'introBackgroundEn',
      'introActivitiesJa',
      'constituencyTypes',
      'services',
      'key',
      'file',
      'applicantName',
      'applicantEmail',
      'deputyEmail',
    ]) {
      expect(ja.text).toContain(`name="${name}"`);
    }
    expect(ja.text).toContain('日本国内で CSIRT として活動しています。');
    expect(ja.text).toContain('協議会の趣旨および活動に賛同します。');
    expect(ja.text).toContain('協議会から得た情報を適切に取り扱うことができます。');
    const en = await request(t.app).get('/apply?lang=en').expect(200);
    expect(en.text).toContain('Our team operates as a CSIRT in Japan.');
    expect(en.text).toContain('Apply for membership');
  });

  test('when a valid application is sent, then it is a draft until the applicant opens the mailed link and confirms', async () => {
    const fields = await validApplication(t.ctx, { deputyName: '副担当 次郎', deputyEmail: 'jiro@deputy.example.jp' });
    const { res } = await postApplication(t.app, fields);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`${fields.applicantEmail} に確認メールを送りました`);
    const draft = await applicationOf(t.ctx, fields.shortName as string);
    expect(draft.state).toBe('draft');
    expect(draft.entry.phone).toBe('+81312345678'); // normalised to E.164
    expect(draft.entry.businessHours).toEqual({ days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' });
    expect(draft.deputyEmail).toBe('jiro@deputy.example.jp');
    expect(draft.keyFingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(draft.emailVerifiedAt).toBeNull();

    const verify = await onlyMail(t.ctx, 'application-verify', fields.applicantEmail as string);
    const link = applicantPath(verify.textBody);
    const agent = request.agent(t.app);
    const page = await agent.get(link).expect(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('メール確認待ち');
    const submitted = await agent
      .post(`${link}/submit`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: String(draft.version) });
    expect(submitted.status).toBe(303);
    const after = await applicationOf(t.ctx, fields.shortName as string);
    expect(after.state).toBe('submitted');
    expect(after.emailVerifiedAt).not.toBeNull();
    // The confirmation mail carries a new link, and the page moved to it; the old link no longer opens it.
    const confirmation = await onlyMail(t.ctx, 'application-submitted', fields.applicantEmail as string);
    expect(submitted.headers.location).toBe(applicantPath(confirmation.textBody));
    await agent.get(link).expect(404);
    const newPage = await agent.get(submitted.headers.location).expect(200);
    expect(newPage.text).toContain('受付済み');
  });

  test('when a required field is missing or wrong, then the form comes back 422 with every message, the values kept and escaped', async () => {
    const fields = await validApplication(t.ctx, {
      officialNameJa: '',
      region: 'atlantis',
      email: 'not-an-address',
      phone: '12345',
      website: 'javascript:alert(1)',
      hoursClose: '',
      introOverviewEn: '<script>alert("x")</script>',
      attestAgreesWithMission: '',
    });
    const { res } = await postApplication(t.app, fields);
    expect(res.status).toBe(422);
    expect(res.text).toContain('正式名称（日本語）を入力してください。');
    expect(res.text).toContain('地区を選んでください。');
    expect(res.text).toContain('チームのメールアドレスを正しい形式で入力してください。');
    expect(res.text).toContain('電話番号は 03-1234-5678 のような国内形式か');
    expect(res.text).toContain('Web サイトは http:// または https:// で始まる URL');
    expect(res.text).toContain('受付時間は曜日・開始・終了をすべて指定し');
    expect(res.text).toContain('加盟の条件の3項目をすべて確認し');
    expect(res.text).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    expect(res.text).not.toContain('<script>alert("x")</script>');
    expect(res.text).toContain(`value="${fields.shortName}"`);
    expect(res.text).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    const rows = await t.ctx.db.select().from(applications);
    expect(rows.some((r) => r.entry.shortName === fields.shortName)).toBe(false);
  });

  test('when the form is sent in English, then the messages are English', async () => {
    const fields = await validApplication(t.ctx, { constituencyTypes: [], applicantEmail: 'nope' });
    const { res } = await postApplication(t.app, fields, 'en');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose at least one constituency type.');
    expect(res.text).toContain('Enter the applicant&#39;s email address in a valid form.');
  });

  test('when the short name is taken by a listed team, then 422 says so on the short name', async () => {
    const { res } = await postApplication(t.app, await validApplication(t.ctx, { shortName: 'taken-csirt' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('このチーム名（略称）は加盟チームが使っています。');
  });

  test('when the key is a private key, then 422 shows the key report inline and nothing is stored', async () => {
    const before = (await t.ctx.db.select().from(applications)).length;
    const fields = await validApplication(t.ctx, { key: fixture('secret-key-DO-NOT-USE.asc') });
    const { res } = await postApplication(t.app, fields);
    expect(res.status).toBe(422);
    expect(res.text).toContain('この PGP 鍵は受け付けられません。');
    expect(res.text).toContain('data-code="private_key"');
    expect((await t.ctx.db.select().from(applications)).length).toBe(before);
    const audit = await t.ctx.db.select().from(auditLog);
    expect(JSON.stringify(audit)).not.toContain('PRIVATE KEY');
  });

  test('when no key is given, or garbage, then 422 asks for it', async () => {
    const missing = await postApplication(t.app, await validApplication(t.ctx, { key: '' }));
    expect(missing.res.status).toBe(422);
    expect(missing.res.text).toContain('PGP 公開鍵を貼り付けるか、鍵ファイルを選んでください。');
    const garbage = await postApplication(t.app, await validApplication(t.ctx, { key: 'hello' }));
    expect(garbage.res.status).toBe(422);
    expect(garbage.res.text).toContain('data-code="not_openpgp"');
  });

  test('when the key file is uploaded, then it is read from the file; over 1 MiB answers 413', async () => {
    const fields = await validApplication(t.ctx);
    const agent = request.agent(t.app);
    const page = await agent.get('/apply').expect(200);
    const post = () => {
      const req = agent.post('/apply').field('_csrf', csrfFrom(page.text));
      for (const [name, value] of Object.entries(fields)) {
        if (name === 'key') continue;
        for (const v of Array.isArray(value) ? value : [value]) req.field(name, v);
      }
      return req;
    };
    const ok = await post().attach('file', Buffer.from(fields.key as string), 'team.asc');
    expect(ok.status).toBe(200);
    expect((await applicationOf(t.ctx, fields.shortName as string)).keyFingerprint).toMatch(/^[0-9A-F]{40}$/);
    const big = await post().attach('file', Buffer.alloc(1024 * 1024 + 10, 0x41), 'big.asc');
    expect(big.status).toBe(413);
  });

  test('when a form is posted without its CSRF token, then 403 and nothing is stored', async () => {
    const fields = await validApplication(t.ctx);
    const res = await request(t.app).post('/apply').type('form').send(encodeForm(fields, 'forged'));
    expect(res.status).toBe(403);
    const rows = await t.ctx.db
      .select()
      .from(applications)
      .where(eq(applications.applicantEmail, fields.applicantEmail as string));
    expect(rows).toHaveLength(0);
  });

  test('when an unknown or malformed applicant link is opened, then 404 tells to use the newest mail', async () => {
    const res = await request(t.app).get('/applications/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
    expect(res.text).toContain('申請に関する最新のメールのリンクを開いてください。');
    await request(t.app).get('/applications/%3Cscript%3E').expect(404);
  });

  test('when one address sends too many applications, then 429 with Retry-After', async () => {
    const email = 'flood@flood.example.jp';
    let last = 0;
    for (let i = 0; i < 6; i++) {
      const { res } = await postApplication(t.app, await validApplication(t.ctx, { applicantEmail: email }));
      last = res.status;
      if (last === 429) {
        expect(res.headers['retry-after']).toMatch(/^\d+$/);
        break;
      }
      expect(last).toBe(200);
    }
    expect(last).toBe(429);
  });
});
