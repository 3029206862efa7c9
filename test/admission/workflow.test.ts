import { eq } from 'drizzle-orm';
import request from 'supertest';
import { admissionHousekeeping } from '../../src/admission/maintenance';
import { applications } from '../../src/admission/schema';
import { CHECKLIST_ITEMS } from '../../src/admission/screening-service';
import { auditLog } from '../../src/audit/schema';
import { addDays } from '../../src/clock';
import { teams } from '../../src/entry/schema';
import { createTeam, createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { type Agent, csrfFrom, encodeForm, login } from '../helpers/auth';
import { applicantPath, applicationOf, mailsOf, onlyMail, postApplication, validApplication } from './helpers';

describe('admission from submission to a listed member', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let secretariat: Agent;
  let editorA: Agent;
  let editorB: Agent;
  let editorSameOrg: Agent;
  let memberA: Agent;
  let memberAEmail: string;
  let editorAEmail: string;

  beforeAll(async () => {
    t = await createTestApp();
    const a = await createTeam(
      t.ctx,
      {
        shortName: 'ALPHA-CSIRT',
        organization: { ja: 'アルファ電機株式会社', en: 'Alpha Denki' },
        email: 'csirt@alpha.example.jp',
      },
      { withKey: false },
    );
    const b = await createTeam(
      t.ctx,
      {
        shortName: 'BRAVO-CSIRT',
        organization: { ja: 'ブラボー銀行', en: 'Bravo Bank' },
        email: 'csirt@bravo.example.jp',
      },
      { withKey: false },
    );
    const same = await createTeam(
      t.ctx,
      {
        shortName: 'SAMEORG-PSIRT',
        organization: { ja: '同一工業株式会社', en: 'Doitsu Kogyo' },
        email: 'psirt@doitsu.example.jp',
      },
      { withKey: false },
    );
    await createUser(t.ctx, { email: 'staff@secretariat.example', secretariat: true });
    secretariat = await login(t.app, 'staff@secretariat.example');
    editorAEmail = (await createUser(t.ctx, { teams: [{ id: a.id, role: 'editor' }] })).email;
    editorA = await login(t.app, editorAEmail);
    editorB = await login(t.app, (await createUser(t.ctx, { teams: [{ id: b.id, role: 'editor' }] })).email);
    editorSameOrg = await login(t.app, (await createUser(t.ctx, { teams: [{ id: same.id, role: 'editor' }] })).email);
    memberAEmail = (await createUser(t.ctx, { teams: [{ id: a.id, role: 'member' }] })).email;
    memberA = await login(t.app, memberAEmail);
  });
  afterAll(() => t.close());
  afterEach(() => t.ctx.clock.set(TEST_NOW));

  /** Applies, confirms through the mailed link and submits; answers the application and the applicant's address. */
  async function submittedApplication(overrides: Record<string, string | string[]> = {}) {
    const fields = await validApplication(t.ctx, overrides);
    const { res } = await postApplication(t.app, fields, 'ja', t.ctx);
    expect(res.status).toBe(200);
    const applicantEmail = fields.applicantEmail as string;
    const link = applicantPath((await onlyMail(t.ctx, 'application-verify', applicantEmail)).textBody);
    const agent = request.agent(t.app);
    const page = await agent.get(link).expect(200);
    const app = await applicationOf(t.ctx, fields.shortName as string);
    await agent
      .post(`${link}/submit`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: String(app.version) })
      .expect(303);
    return { id: app.id, shortName: fields.shortName as string, applicantEmail, fields };
  }

  async function current(id: string) {
    const [row] = await t.ctx.db.select().from(applications).where(eq(applications.id, id));
    return row;
  }

  /** A secretariat action from the detail page, with the version the page showed. */
  async function act(id: string, action: string, extra: Record<string, string> = {}) {
    const page = await secretariat.get(`/admin/applications/${id}`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    return secretariat
      .post(`/admin/applications/${id}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version, action, ...extra });
  }

  async function tickChecklist(id: string, items: readonly string[] = CHECKLIST_ITEMS) {
    const page = await secretariat.get(`/admin/applications/${id}`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const body = encodeForm({ version, notes: '電話で所属を確認済み', checklist: items }, csrfFrom(page.text));
    return secretariat.post(`/admin/applications/${id}/notes`).type('form').send(body);
  }

  async function sponsor(agent: Agent, id: string, form: Record<string, string>) {
    const page = await agent.get(`/members/applications/${id}`);
    const csrf =
      page.status === 200 && page.text.includes('name="_csrf"')
        ? csrfFrom(page.text)
        : csrfFrom((await agent.get('/account')).text);
    return agent
      .post(`/members/applications/${id}/sponsorship`)
      .type('form')
      .send({ _csrf: csrf, ...form });
  }

  async function openForSponsorship(overrides: Record<string, string | string[]> = {}) {
    const app = await submittedApplication(overrides);
    expect((await act(app.id, 'start_screening')).status).toBe(303);
    expect((await tickChecklist(app.id)).status).toBe(303);
    expect((await act(app.id, 'open_sponsorship')).status).toBe(303);
    return app;
  }

  test('when an application goes through screening, a question, two endorsements and the window, then approval lists the team and invites its contacts', async () => {
    const app = await submittedApplication({ deputyName: '副 次郎', deputyEmail: 'jiro@deputy.example.jp' });
    expect((await secretariat.get('/admin/applications').expect(200)).text).toContain(app.shortName);
    expect(await mailsOf(t.ctx, 'application-received', 'staff@secretariat.example')).toHaveLength(1);

    expect((await act(app.id, 'start_screening')).status).toBe(303);
    expect((await current(app.id)).state).toBe('screening');
    await onlyMail(t.ctx, 'application-screening', app.applicantEmail);

    const noQuestion = await act(app.id, 'request_info', { message: '' });
    expect(noQuestion.status).toBe(422);
    expect(noQuestion.text).toContain('申請者へのメッセージ（5000文字以内）を入力してください。');
    expect((await act(app.id, 'request_info', { message: '設立の経緯を詳しく教えてください。' })).status).toBe(303);
    const question = await onlyMail(t.ctx, 'application-needs_info', app.applicantEmail);
    expect(question.textBody).toContain('設立の経緯を詳しく教えてください。');

    const link = applicantPath(question.textBody);
    const applicant = request.agent(t.app);
    const page = await applicant.get(link).expect(200);
    expect(page.text).toContain('設立の経緯を詳しく教えてください。');
    const empty = await applicant
      .post(`${link}/answer`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: String((await current(app.id)).version), answer: ' ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('回答を5000文字以内で入力してください。');
    await applicant
      .post(`${link}/answer`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        version: String((await current(app.id)).version),
        answer: '2024年のインシデントを機に設立しました。',
      })
      .expect(303);
    expect((await current(app.id)).state).toBe('screening');
    expect((await onlyMail(t.ctx, 'application-answered', 'staff@secretariat.example')).textBody).toContain(
      '2024年のインシデントを機に',
    );

    const early = await act(app.id, 'open_sponsorship');
    expect(early.status).toBe(409);
    expect(early.text).toContain('チェックリストのすべての項目を確認してから');
    expect((await tickChecklist(app.id)).status).toBe(303);
    expect((await current(app.id)).internalNotes).toBe('電話で所属を確認済み');
    expect((await act(app.id, 'open_sponsorship')).status).toBe(303);
    const opened = await current(app.id);
    expect(opened.state).toBe('sponsorship');
    expect(opened.objectionWindowEndsAt?.toISOString()).toBe(addDays(new Date(TEST_NOW), 14).toISOString());
    await onlyMail(t.ctx, 'application-sponsorship_members', editorAEmail);

    expect((await memberA.get('/members/applications').expect(200)).text).toContain(app.shortName);
    expect((await sponsor(editorA, app.id, { team: 'alpha-csirt', kind: 'endorse', reason: '' })).status).toBe(303);
    const twice = await sponsor(editorA, app.id, { team: 'alpha-csirt', kind: 'endorse', reason: '' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('ALPHA-CSIRT はこの申請に既に意見を送っています。');
    const notEnough = await act(app.id, 'close_sponsorship');
    expect(notEnough.status).toBe(409);
    expect(notEnough.text).toContain('推薦が足りません（1/2件）。');
    expect(
      (await sponsor(editorB, app.id, { team: 'bravo-csirt', kind: 'endorse', reason: '実績を知っています' })).status,
    ).toBe(303);
    const windowOpen = await act(app.id, 'close_sponsorship');
    expect(windowOpen.status).toBe(409);
    expect(windowOpen.text).toContain('異議申立て期間がまだ終わっていません。');

    t.ctx.clock.set(addDays(new Date(TEST_NOW), 15));
    secretariat = await login(t.app, 'staff@secretariat.example'); // two weeks on, a new session
    expect(await admissionHousekeeping(t.ctx)).toMatchObject({ sponsorshipsClosed: 1 });
    expect((await current(app.id)).state).toBe('decision');
    await onlyMail(t.ctx, 'application-ready_for_decision', 'staff@secretariat.example');
    expect(await admissionHousekeeping(t.ctx)).toMatchObject({ sponsorshipsClosed: 0 });

    const noReference = await act(app.id, 'approve', { reference: '' });
    expect(noReference.status).toBe(422);
    expect(noReference.text).toContain('運営委員会の決定（日付・議事番号など、300文字以内）を入力してください。');
    expect((await act(app.id, 'approve', { reference: '2026年12月 運営委員会 第5号議案' })).status).toBe(303);

    const approved = await current(app.id);
    expect(approved.state).toBe('approved');
    expect(approved.decisionReference).toBe('2026年12月 運営委員会 第5号議案');
    const slug = app.shortName.toLowerCase();
    const listed = await request(t.app).get(`/api/v1/teams/${slug}`).expect(200);
    expect(listed.body.shortName).toBe(app.shortName);
    expect(listed.body.key.fingerprint).toBe(approved.keyFingerprint);
    expect(listed.body.memberSince).toBe('2026-12-07');
    expect(listed.body.freshness.state).toBe('current');
    expect((await request(t.app).get(`/teams/${slug}/key.asc`).expect(200)).text).toContain(
      'BEGIN PGP PUBLIC KEY BLOCK',
    );
    const invitation = await onlyMail(t.ctx, 'invitation', app.applicantEmail);
    expect(invitation.textBody).toContain(app.shortName);
    await onlyMail(t.ctx, 'invitation', 'jiro@deputy.example.jp');
    await onlyMail(t.ctx, 'application-approved', app.applicantEmail);
    await onlyMail(t.ctx, 'application-announcement', memberAEmail);
    expect(await mailsOf(t.ctx, 'application-announcement', app.applicantEmail)).toHaveLength(0);
    const audit = await t.ctx.db.select().from(auditLog);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['application.approve', 'team.created', 'application.endorse']),
    );
  });

  test('when a member team objects, then the application goes to decision at once and the secretariat can reject with a mailed reason', async () => {
    const app = await openForSponsorship();
    const noReason = await sponsor(editorA, app.id, { team: 'alpha-csirt', kind: 'object', reason: '' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('異議を申し立てる場合は、理由');
    expect(
      (await sponsor(editorA, app.id, { team: 'alpha-csirt', kind: 'object', reason: '実態のない組織です' })).status,
    ).toBe(303);
    expect((await current(app.id)).state).toBe('decision');
    expect((await onlyMail(t.ctx, 'application-objection', 'staff@secretariat.example')).textBody).toContain(
      'ALPHA-CSIRT: 実態のない組織です',
    );
    const detail = await secretariat.get(`/admin/applications/${app.id}`).expect(200);
    expect(detail.text).toContain('実態のない組織です');

    const late = await sponsor(editorB, app.id, { team: 'bravo-csirt', kind: 'endorse', reason: '' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('この申請は現在、推薦を受け付けていません。');

    expect((await act(app.id, 'reject', { message: '', reference: '第6号議案' })).status).toBe(422);
    expect(
      (await act(app.id, 'reject', { message: '活動実態が確認できませんでした。', reference: '第6号議案' })).status,
    ).toBe(303);
    expect((await current(app.id)).state).toBe('rejected');
    const mail = await onlyMail(t.ctx, 'application-rejected', app.applicantEmail);
    expect(mail.textBody).toContain('活動実態が確認できませんでした。');
    const page = await request(t.app).get(applicantPath(mail.textBody)).expect(200);
    expect(page.text).toContain('活動実態が確認できませんでした。');
    expect(await t.ctx.db.select().from(teams).where(eq(teams.shortName, app.shortName))).toHaveLength(0);
  });

  test("when a team of the applicant's own organisation, a plain member or the secretariat tries to sponsor, then it is refused", async () => {
    const app = await openForSponsorship({
      organizationJa: '同一工業株式会社',
      organizationEn: 'Doitsu Kogyo Co., Ltd.',
    });
    const own = await sponsor(editorSameOrg, app.id, { team: 'sameorg-psirt', kind: 'endorse', reason: '' });
    expect(own.status).toBe(409);
    expect(own.text).toContain('申請者と同じ組織のチームは、推薦も異議もできません。');
    expect((await sponsor(memberA, app.id, { team: 'alpha-csirt', kind: 'endorse', reason: '' })).status).toBe(403);
    expect((await sponsor(secretariat, app.id, { team: 'alpha-csirt', kind: 'endorse', reason: '' })).status).toBe(403);
    expect((await sponsor(editorB, app.id, { team: 'alpha-csirt', kind: 'endorse', reason: '' })).status).toBe(403);
    const bad = await sponsor(editorB, app.id, { team: 'bravo-csirt', kind: 'applaud', reason: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('推薦か異議かを選んでください。');
  });

  test('when the applicant withdraws, then the secretariat is told and nothing more can happen to it', async () => {
    const app = await submittedApplication();
    const link = applicantPath((await onlyMail(t.ctx, 'application-submitted', app.applicantEmail)).textBody);
    const agent = request.agent(t.app);
    const page = await agent.get(link).expect(200);
    const version = String((await current(app.id)).version);
    const unconfirmed = await agent
      .post(`${link}/withdraw`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain('確認のチェックを入れてください。');
    await agent
      .post(`${link}/withdraw`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version, confirm: 'yes' })
      .expect(303);
    expect((await current(app.id)).state).toBe('withdrawn');
    await onlyMail(t.ctx, 'application-withdrawn', 'staff@secretariat.example');
    const again = await act(app.id, 'start_screening');
    expect(again.status).toBe(409);
    expect(again.text).toContain('この申請は現在「取り下げ」のため、この操作（審査を始める）はできません。');
  });

  test('when the secretariat acts out of turn or on an old page, then 409 explains and nothing changes', async () => {
    const app = await submittedApplication();
    const approve = await act(app.id, 'approve', { reference: 'x' });
    expect(approve.status).toBe(409);
    const page = await secretariat.get(`/admin/applications/${app.id}`).expect(200);
    const stale = await secretariat
      .post(`/admin/applications/${app.id}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: '1', action: 'start_screening' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('この申請は他の人が先に更新しました。');
    expect((await current(app.id)).state).toBe('submitted');
    const unknown = await secretariat
      .post(`/admin/applications/${app.id}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: '3', action: 'explode' });
    expect(unknown.status).toBe(422);
    // The checklist form refuses items it does not know and notes that are too long, keeping what was there.
    const notesPage = await secretariat.get(`/admin/applications/${app.id}`).expect(200);
    const notesVersion = /name="version" value="(\d+)"/.exec(notesPage.text)![1];
    const badItem = await secretariat
      .post(`/admin/applications/${app.id}/notes`)
      .type('form')
      .send({ _csrf: csrfFrom(notesPage.text), version: notesVersion, checklist: 'vibesChecked', notes: 'x' });
    expect(badItem.status).toBe(422);
    expect(badItem.text).toContain('チェックリストの項目が正しくありません。');
    const tooLong = await secretariat
      .post(`/admin/applications/${app.id}/notes`)
      .type('form')
      .send({ _csrf: csrfFrom(notesPage.text), version: notesVersion, notes: 'x'.repeat(10_001) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('メモは10000文字以内で入力してください。');
    expect((await current(app.id)).internalNotes).toBe('');
    await secretariat.get('/admin/applications/00000000-0000-0000-0000-000000000000').expect(404);
    await secretariat.get('/admin/applications/not-a-uuid').expect(404);
  });

  test('when the queue is filtered by state and age, then only those applications are listed; a bad filter is 400', async () => {
    const fresh = await submittedApplication();
    const screened = await submittedApplication();
    await act(screened.id, 'start_screening');
    const byState = await secretariat.get('/admin/applications?state=screening').expect(200);
    expect(byState.text).toContain(screened.shortName);
    expect(byState.text).not.toContain(fresh.shortName);
    t.ctx.clock.set(addDays(new Date(TEST_NOW), 8));
    secretariat = await login(t.app, 'staff@secretariat.example'); // the session of a week ago has expired
    const old = await secretariat.get('/admin/applications?age=7').expect(200);
    expect(old.text).toContain(fresh.shortName);
    const bad = await secretariat.get('/admin/applications?state=bogus');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('状態の指定が正しくありません。');
  });

  test('when an applicant looks like an existing team, then the detail page warns of a near duplicate', async () => {
    const app = await submittedApplication({
      shortName: 'ALPHA-CSIRT2',
      organizationJa: 'アルファ電機株式会社',
      organizationEn: 'Alpha Denki Co., Ltd.',
    });
    const detail = await secretariat.get(`/admin/applications/${app.id}`).expect(200);
    expect(detail.text).toContain('似た名前があります。');
    expect(detail.text).toContain('ALPHA-CSIRT');
    const other = await submittedApplication({
      shortName: 'ZULU-SIRT',
      officialNameJa: 'ズールー海運 情報セキュリティ対応チーム',
      officialNameEn: 'Zulu Shipping SIRT',
      organizationJa: 'ズールー海運株式会社',
      organizationEn: 'Zulu Shipping Co., Ltd.',
    });
    const clean = await secretariat.get(`/admin/applications/${other.id}`).expect(200);
    expect(clean.text).toContain('似た名前の既存チームや申請は見つかりませんでした。');
  });

  test('when a member opens an application before sponsorship, then it is not shown (404)', async () => {
    const app = await submittedApplication();
    await memberA.get(`/members/applications/${app.id}`).expect(404);
  });

  test('when a draft is never confirmed, then housekeeping deletes it after 7 days', async () => {
    const fields = await validApplication(t.ctx);
    await postApplication(t.app, fields, 'ja', t.ctx);
    t.ctx.clock.set(addDays(new Date(TEST_NOW), 8));
    const { draftsPruned } = await admissionHousekeeping(t.ctx);
    expect(draftsPruned).toBeGreaterThanOrEqual(1);
    const rows = await t.ctx.db.select().from(applications);
    expect(rows.some((r) => r.entry.shortName === fields.shortName)).toBe(false);
  });
});
