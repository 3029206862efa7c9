/**
 * Admission in a real browser, from the application form to a listed member: the applicant applies and confirms
 * through the mailed link, the secretariat screens and asks a question, the applicant answers, two member teams
 * endorse, the objection window closes (the clock is moved), the secretariat records the approval, and the team is
 * in the directory with its invitation mail sent. Mail is read from the outbox, as the secretariat would at
 * /admin/mail when no SMTP server is configured.
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-accounts';
import { addDays } from '../../src/clock';
import { findTeamBySlug } from '../../src/entry/queries';
import { outbox } from '../../src/mail/schema';
import { generateKeyPair } from '../../src/pgp';
import { createUser } from '../factories';
import { TEST_NOW } from '../helpers/app';
import { TEST_PASSWORD } from '../helpers/auth';
import { asDelivered } from '../helpers/mailbox';
import { screenshot, shown, useBrowserSuite } from './helpers/browser';

const { app, heading, logIn, openPage, url, visit } = useBrowserSuite();

const APPLICANT = 'kawasemi@kawasemi-denki.example.jp';
const SHORT_NAME = 'KAWASEMI-CSIRT';

/** The link in the newest mail of a template to an address, pointed at the running app. */
async function mailedLink(template: string, to: string, path: RegExp): Promise<string> {
  const [mail] = await app()
    .ctx.db.select()
    .from(outbox)
    .where(sql`${outbox.template} = ${template} and ${to} = any(${outbox.toAddresses})`)
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  expect(mail).toBeDefined();
  const match = new RegExp(`http://registry\\.test(${path.source})`).exec(asDelivered(app().ctx, mail).textBody);
  expect(match).not.toBeNull();
  return url(match![1]);
}

async function state(page: Page): Promise<string> {
  return page.locator('[data-state]').first().getAttribute('data-state') as Promise<string>;
}

async function fillApplication(page: Page, key: string): Promise<void> {
  await page.locator('#shortName').fill(SHORT_NAME);
  await page.locator('#officialNameJa').fill('かわせみ電機 CSIRT');
  await page.locator('#officialNameEn').fill('Kawasemi Denki CSIRT');
  await page.locator('#organizationJa').fill('かわせみ電機株式会社');
  await page.locator('#organizationEn').fill('Kawasemi Denki Co., Ltd.');
  await page.locator('#foundedOn').fill('2023-10-01');
  await page.locator('#region').selectOption('chugoku');
  await page.locator('#industry').selectOption('manufacturing');
  await page.locator('#email').fill('csirt@kawasemi-denki.example.jp');
  await page.locator('#website').fill('https://www.kawasemi-denki.example.jp/csirt/');
  await page.locator('#phone').fill('082-555-0101');
  for (const day of ['月', '火', '水', '木', '金']) await page.getByLabel(day, { exact: true }).check();
  await page.locator('#hoursOpen').fill('09:00');
  await page.locator('#hoursClose').fill('17:45');
  await page.locator('#introOverviewJa').fill('かわせみ電機グループの情報セキュリティインシデントに対応します。');
  await page.locator('#introOverviewEn').fill('Handles information security incidents of the Kawasemi Denki group.');
  await page.getByLabel('自組織', { exact: true }).check();
  await page.getByLabel('情報セキュリティインシデント管理', { exact: true }).check();
  await page.locator('#key').fill(key);
  await page.getByLabel('日本国内で CSIRT として活動しています。').check();
  await page.getByLabel('協議会の趣旨および活動に賛同します。').check();
  await page.getByLabel('協議会から得た情報を適切に取り扱うことができます。').check();
  await page.locator('#applicantName').fill('川蝉 翠');
  await page.locator('#applicantEmail').fill(APPLICANT);
}

describe('admission', () => {
  afterAll(() => app().ctx.clock.set(TEST_NOW));

  test('when a team applies and is screened, questioned, endorsed twice and approved, then it is listed and its applicant invited', async () => {
    const { ctx } = app();
    const tms = await findTeamBySlug(ctx.db, 'tms-csirt');
    const secondEditor = await createUser(ctx, {
      email: 'tms-editor@demo.example',
      teams: [{ id: tms!.id, role: 'editor' }],
    });
    const pair = await generateKeyPair({
      name: 'Kawasemi Denki CSIRT',
      email: 'csirt@kawasemi-denki.example.jp',
      created: ctx.clock.now(),
    });

    // The applicant fills in the form; a missing attestation first brings the form back with the values kept.
    const applicant = await openPage();
    await visit(applicant.page, '/apply');
    expect(await heading(applicant.page)).toBe('加盟申請');
    await fillApplication(applicant.page, pair.publicKey);
    await applicant.page.getByLabel('協議会の趣旨および活動に賛同します。').uncheck();
    await applicant.page.getByRole('button', { name: '確認メールを送る' }).click();
    await applicant.page.getByText('加盟の条件の3項目をすべて確認し、チェックしてください。').first().waitFor();
    expect(await applicant.page.locator('#shortName').inputValue()).toBe(SHORT_NAME);
    await screenshot(applicant.page, 'apply-errors-ja');
    await applicant.page.getByLabel('協議会の趣旨および活動に賛同します。').check();
    await applicant.page.getByRole('button', { name: '確認メールを送る' }).click();
    expect(await heading(applicant.page)).toBe('確認メールを送りました');

    // The link in the confirmation mail proves the address; submitting moves the page to its new link.
    await applicant.page.goto(await mailedLink('application-verify', APPLICANT, /\/applications\/[\w-]+/));
    expect(await state(applicant.page)).toBe('draft');
    await applicant.page.getByRole('button', { name: '申請する' }).click();
    await applicant.page.getByText('申請を受け付けました。').waitFor();
    expect(await state(applicant.page)).toBe('submitted');
    await screenshot(applicant.page, 'applicant-submitted-ja');
    const applicantUrl = applicant.page.url();
    await applicant.page.goto(`${applicantUrl}?lang=en`);
    await applicant.page.getByText('Your application has been received.').waitFor();
    await screenshot(applicant.page, 'applicant-submitted-en');
    await applicant.page.goto(`${applicantUrl}?lang=ja`);

    // The secretariat starts screening and asks a question.
    const staff = await openPage();
    await logIn(staff.page, 'secretariat@demo.example', DEMO_PASSWORD);
    await visit(staff.page, '/admin/applications');
    await screenshot(staff.page, 'admin-applications-ja');
    await staff.page.getByRole('link', { name: SHORT_NAME }).click();
    expect(await heading(staff.page)).toBe(`申請審査: ${SHORT_NAME}`);
    await staff.page.getByRole('button', { name: '審査を始める' }).click();
    await staff.page.locator('[data-state="screening"]').waitFor();
    await staff.page
      .getByLabel('申請者へのメッセージ（追加情報の依頼・不承認の理由）')
      .fill('緊急時の連絡先を教えてください。');
    await staff.page.getByRole('button', { name: '追加情報を依頼する' }).click();
    await staff.page.locator('[data-state="needs_info"]').waitFor();

    // The applicant answers through the link in the question's mail.
    await applicant.page.goto(await mailedLink('application-needs_info', APPLICANT, /\/applications\/[\w-]+/));
    await applicant.page.getByText('緊急時の連絡先を教えてください。').waitFor();
    await applicant.page.getByLabel('回答').fill('24時間窓口 082-555-0199 で受け付けます。');
    await applicant.page.getByRole('button', { name: '回答する' }).click();
    await applicant.page.locator('[data-state="screening"]').waitFor();

    // Checklist complete, sponsorship opens.
    await staff.page.reload();
    await staff.page.getByText('24時間窓口 082-555-0199 で受け付けます。').waitFor();
    for (const box of await staff.page.locator('input[name="checklist"]').all()) await box.check();
    await staff.page.getByRole('button', { name: 'チェックリストとメモを保存' }).click();
    await staff.page.getByRole('button', { name: '推薦の受付を始める' }).click();
    await staff.page.locator('[data-state="sponsorship"]').waitFor();
    await screenshot(staff.page, 'admin-application-detail-ja');

    // Two member teams endorse.
    for (const [email, password, team] of [
      ['editor@demo.example', DEMO_PASSWORD, 'SAKURA-CSIRT'],
      [secondEditor.email, TEST_PASSWORD, 'TMS-CSIRT'],
    ] as const) {
      const sponsor = await openPage();
      await logIn(sponsor.page, email, password);
      await sponsor.page.getByRole('link', { name: '推薦', exact: true }).click();
      await sponsor.page.getByRole('link', { name: SHORT_NAME }).click();
      await sponsor.page.getByLabel('推薦する').check();
      await sponsor.page.getByRole('button', { name: '送信' }).click();
      await sponsor.page.getByText(`${team} は推薦済みです。`).waitFor();
      if (team === 'SAKURA-CSIRT') {
        await screenshot(sponsor.page, 'sponsor-detail-ja');
        await sponsor.page.goto(`${sponsor.page.url()}?lang=en`);
        await sponsor.page.getByText('SAKURA-CSIRT has endorsed this application.').waitFor();
        await screenshot(sponsor.page, 'sponsor-detail-en');
      }
      await sponsor.context.close();
    }

    // Fifteen days later the objection window is over; the secretariat (logged in anew) closes and approves.
    ctx.clock.set(addDays(new Date(TEST_NOW), 15));
    await logIn(staff.page, 'secretariat@demo.example', DEMO_PASSWORD);
    await visit(staff.page, '/admin/applications?state=sponsorship');
    await staff.page.getByRole('link', { name: SHORT_NAME }).click();
    await staff.page.getByRole('button', { name: '推薦を締め切り、決定へ進める' }).click();
    await staff.page.locator('[data-state="decision"]').waitFor();
    await staff.page.getByLabel('運営委員会の決定（日付・議事番号など）').fill('2026年12月7日 運営委員会 第2号議案');
    await staff.page.getByRole('button', { name: '承認する（運営委員会の決定を記録）' }).click();
    await staff.page.locator('[data-state="approved"]').waitFor();

    // Listed in the directory, with its key; the invitation mail opens the invitation page.
    const reader = await openPage();
    await visit(reader.page, `/?q=${encodeURIComponent('かわせみ')}`);
    await reader.page.getByRole('link', { name: SHORT_NAME }).click();
    expect(await heading(reader.page)).toContain(SHORT_NAME);
    expect(await shown(reader.page.locator('.fingerprint').first())).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){9}$/);
    await reader.page.goto(await mailedLink('invitation', APPLICANT, /\/invitations\/[\w-]+/));
    expect(await heading(reader.page)).toBeTruthy();
    const [approvedMail] = await ctx.db.select().from(outbox).where(eq(outbox.template, 'application-approved'));
    expect(approvedMail.toAddresses).toEqual([APPLICANT]);
  });

  test('when the application form is opened in English, then it reads in English', async () => {
    const { page } = await openPage({ locale: 'en-GB' });
    await visit(page, '/apply?lang=en');
    expect(await heading(page)).toBe('Apply for membership');
    await page.getByText('Our team operates as a CSIRT in Japan.').waitFor();
    await screenshot(page, 'apply-en');
  });

  test('when the secretariat reads the queue in English, then states, actions and the decision read in English', async () => {
    const { page } = await openPage();
    await logIn(page, 'secretariat@demo.example', DEMO_PASSWORD);
    await visit(page, '/admin/applications?state=approved&lang=en');
    expect(await heading(page)).toBe('Application review');
    await page.getByRole('link', { name: SHORT_NAME }).click();
    expect(await heading(page)).toBe(`Review: ${SHORT_NAME}`);
    await page.getByText('The secretariat has no action in this state.').waitFor();
    await page.getByText('No existing team or application has a similar name.').waitFor(); // not its own team
    expect(await shown(page.locator('[data-state]').first())).toBe('approved');
    await screenshot(page, 'admin-application-detail-en');
  });
});
