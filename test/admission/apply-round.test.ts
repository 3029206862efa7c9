/**
 * The application form answers in one round: every field, the three criteria, the key and the short name are
 * checked together; a key file once chosen stays chosen; and the answer about a short name gives away only what
 * the public directory already shows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { applications } from '../../src/admission/schema';
import { auditLog } from '../../src/audit/schema';
import { teams } from '../../src/entry/schema';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, encodeForm, login } from '../helpers/auth';
import { applicationOf, type FormFields, mailsOf, postApplication, validApplication } from './helpers';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', name), 'utf8');

/** The messages of the page's error summary. */
function summary(html: string): string[] {
  const box = /<div class="alert alert-error" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return [...box.matchAll(/<(?:li|p)>([\s\S]*?)<\/(?:li|p)>/g)].map((m) => m[1]);
}

/** The text box of the key, as the re-shown form fills it. */
function keyBox(html: string): string {
  return /<textarea id="key"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '';
}

describe('the application form in one round', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    await createTeam(t.ctx, { shortName: 'LISTED-CSIRT' }, { withKey: false });
    await createTeam(t.ctx, { shortName: 'RESTING-CSIRT', status: 'suspended' }, { withKey: false });
    await createTeam(t.ctx, { shortName: 'GONE-CSIRT', status: 'withdrawn' }, { withKey: false });
    await createUser(t.ctx, { email: 'staff@round.example', secretariat: true });
  });
  afterAll(() => t.close());

  test('when fields, criteria, the key and a listed short name are all wrong, then one answer names every problem', async () => {
    const fields = await validApplication(t.ctx, {
      shortName: 'LISTED-CSIRT',
      officialNameJa: '',
      email: 'not-an-address',
      attestAgreesWithMission: '',
      key: 'not a key',
    });
    const { res } = await postApplication(t.app, fields, 'ja', t.ctx);
    expect(res.status).toBe(422);
    expect(summary(res.text)).toEqual([
      '正式名称（日本語）を入力してください。',
      'チームのメールアドレスを正しい形式で入力してください。',
      '加盟の条件の3項目をすべて確認し、チェックしてください。',
      'この PGP 鍵は受け付けられません。下の検査結果を確認してください。',
      'このチーム名（略称）は加盟チームが使っています。別の名前にしてください。',
    ]);
    expect(res.text).toContain('data-code="not_openpgp"');
  });

  test('when a required text is empty, then it says it is required; when it is too long, then it gives the limit', async () => {
    const empty = await postApplication(t.app, await validApplication(t.ctx, { introOverviewJa: '' }), 'ja', t.ctx);
    expect(summary(empty.res.text)).toEqual(['チーム紹介: 概要（日本語）を入力してください。']);
    const long = 'あ'.repeat(2001);
    const tooLong = await postApplication(t.app, await validApplication(t.ctx, { introOverviewJa: long }), 'en', t.ctx);
    expect(summary(tooLong.res.text)).toEqual([
      'Introduction: overview (Japanese) must be at most 2,000 characters (it has 2,001).',
    ]);
    const name = await postApplication(t.app, await validApplication(t.ctx, { applicantName: ' ' }), 'en', t.ctx);
    expect(summary(name.res.text)).toEqual(['Applicant&#39;s name is required.']);
  });

  test('when a key file was chosen and another field is wrong, then the report and the key come back, and sending again needs no file', async () => {
    const fields = await validApplication(t.ctx, { officialNameJa: '' });
    const agent = request.agent(t.app);
    const page = await agent.get('/apply').expect(200);
    const req = agent.post('/apply').field('_csrf', csrfFrom(page.text));
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'key') continue;
      for (const v of Array.isArray(value) ? value : [value]) req.field(name, v);
    }
    const first = await req.attach('file', Buffer.from(fields.key as string), 'team.asc');
    expect(first.status).toBe(422);
    expect(first.text).toContain('class="key-report report-ok"');
    expect(first.text).toContain('data-key-kept="true"');
    expect(keyBox(first.text)).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');

    // The browser sends the form again as it was re-shown: the key now in the text box, no file.
    const again: FormFields = {
      ...fields,
      officialNameJa: '再送 CSIRT',
      key: keyBox(first.text).replace(/&#43;/g, '+'),
    };
    const second = await agent
      .post('/apply')
      .type('form')
      .send(encodeForm(again, csrfFrom(first.text)));
    expect(second.status).toBe(200);
    expect((await applicationOf(t.ctx, fields.shortName as string)).keyFingerprint).toMatch(/^[0-9A-F]{40}$/);
  });

  test('when a private key is pasted, then the report says so and the key is not shown back', async () => {
    const fields = await validApplication(t.ctx, { key: fixture('secret-key-DO-NOT-USE.asc'), officialNameJa: '' });
    const { res } = await postApplication(t.app, fields, 'ja', t.ctx);
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-code="private_key"');
    expect(res.text).not.toContain('PRIVATE KEY BLOCK');
    expect(keyBox(res.text)).toBe('');
  });

  describe('a short name someone else holds', () => {
    let openHolder: string;

    beforeAll(async () => {
      // An application already in the secretariat's queue under a name.
      const fields = await validApplication(t.ctx, { shortName: 'QUEUED-CSIRT' });
      await postApplication(t.app, fields, 'ja', t.ctx);
      await t.ctx.db
        .update(applications)
        .set({ state: 'submitted' })
        .where(eq(applications.applicantEmail, fields.applicantEmail as string));
      openHolder = 'QUEUED-CSIRT';
    });

    /** The answer to an anonymous application under `shortName`, with the parts that differ per applicant taken out. */
    async function answerFor(shortName: string) {
      const fields = await validApplication(t.ctx, { shortName });
      const { res } = await postApplication(t.app, fields, 'ja', t.ctx);
      const drafts = await t.ctx.db
        .select()
        .from(applications)
        .where(eq(applications.applicantEmail, fields.applicantEmail as string));
      const mails = await mailsOf(t.ctx, 'application-verify', fields.applicantEmail as string);
      return {
        status: res.status,
        page: res.text.replaceAll(fields.applicantEmail as string, 'APPLICANT').replace(/value="[\w-]{20,}"/g, 'TOKEN'),
        drafts: drafts.length,
        mails: mails.length,
      };
    }

    test("when the name is a listed team's, then the public form says it is taken", async () => {
      const answer = await answerFor('LISTED-CSIRT');
      expect(answer.status).toBe(422);
      expect(answer.page).toContain('このチーム名（略称）は加盟チームが使っています。');
      expect(answer.drafts).toBe(0);
    });

    test("when the name is a suspended or withdrawn team's or another application's, then the answer is the one a free name gets", async () => {
      const free = await answerFor('NOBODY-CSIRT');
      expect(free).toMatchObject({ status: 200, drafts: 1, mails: 1 });
      for (const hidden of ['RESTING-CSIRT', 'GONE-CSIRT', openHolder, 'resting-csirt']) {
        expect({ name: hidden, ...(await answerFor(hidden)) }).toEqual({ name: hidden, ...free });
      }
    });

    test('when the secretariat screens an application under a held name, then the page names the holders, approval is refused with 409 until it is renamed', async () => {
      const staff: Agent = await login(t.app, 'staff@round.example');
      const fields = await validApplication(t.ctx, { shortName: 'GONE-CSIRT' });
      await postApplication(t.app, fields, 'ja', t.ctx);
      const app = (
        await t.ctx.db
          .select()
          .from(applications)
          .where(eq(applications.applicantEmail, fields.applicantEmail as string))
      )[0];
      await t.ctx.db.update(applications).set({ state: 'decision' }).where(eq(applications.id, app.id));

      const page = await staff.get(`/admin/applications/${app.id}`).expect(200);
      expect(page.text).toContain('data-clash="true"');
      expect(page.text).toContain('チーム GONE-CSIRT（退会済み）');
      expect(page.text).not.toContain('name="action" value="approve"');
      expect(page.text).toContain('data-blocked="approve"');

      const approve = await staff
        .post(`/admin/applications/${app.id}/decision`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), action: 'approve', version: String(app.version), reference: '第5号議案' });
      expect(approve.status).toBe(409);
      expect(approve.text).toContain('チーム名（略称）「GONE-CSIRT」は、他のチームか申請が使っています。');
      expect(await t.ctx.db.select().from(teams).where(eq(teams.shortName, 'GONE-CSIRT'))).toHaveLength(1);

      // Renamed to another held name: refused; to a free one: approval is offered and goes through.
      const held = await staff
        .post(`/admin/applications/${app.id}/short-name`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), shortName: 'RESTING-CSIRT', version: String(app.version) });
      expect(held.status).toBe(409);
      await staff
        .post(`/admin/applications/${app.id}/short-name`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), shortName: 'RISEN-CSIRT', version: String(app.version) })
        .expect(303);
      const renamed = await staff.get(`/admin/applications/${app.id}?done=renamed`).expect(200);
      expect(renamed.text).toContain('チーム名（略称）を変更しました。');
      expect(renamed.text).toContain('name="action" value="approve"');
      const version = (await applicationOf(t.ctx, 'RISEN-CSIRT')).version;
      await staff
        .post(`/admin/applications/${app.id}/decision`)
        .type('form')
        .send({ _csrf: csrfFrom(renamed.text), action: 'approve', version: String(version), reference: '第5号議案' })
        .expect(303);
      expect(await t.ctx.db.select().from(teams).where(eq(teams.shortName, 'RISEN-CSIRT'))).toHaveLength(1);
      const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'application.renamed'));
      expect(audit.map((a) => a.details)).toEqual([{ from: 'GONE-CSIRT', to: 'RISEN-CSIRT' }]);

      // Bad renames are refused with a 4xx that says why: an approved application, a malformed name, no such id.
      const rename = (id: string, shortName: unknown) =>
        staff
          .post(`/admin/applications/${id}/short-name`)
          .type('form')
          .send({ _csrf: csrfFrom(renamed.text), shortName, version: String(version + 1) });
      expect((await rename(app.id, 'AGAIN-CSIRT')).status).toBe(409);
      const malformed = await rename(app.id, 'no spaces allowed');
      expect(malformed.status).toBe(422);
      expect(malformed.text).toContain('チーム名（略称）は英数字・ハイフン・下線の2〜40文字で入力してください');
      expect((await rename('not-a-uuid', 'FINE-CSIRT')).status).toBe(404);
      expect((await rename('00000000-0000-4000-8000-000000000000', 'FINE-CSIRT')).status).toBe(404);
    });
  });
});
