/**
 * The protections as a person meets them, in a development app (as `npm start` runs): a forgotten password
 * followed through the development mailbox, read-only API tokens on the account page, the edit page saying why a
 * key is shown to members only, and the page a refused input gets. Each at 1280 and 390 px, in Japanese and
 * English, with no console error or CSP violation.
 */
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { teams } from '../../src/entry/schema';
import { outbox } from '../../src/mail/schema';
import { screenshot, useBrowserSuite } from './helpers/browser';

const { app, heading, logIn, openPage, url, visit } = useBrowserSuite({
  env: { NODE_ENV: 'development', SEED_DEMO: 'false' },
});

/** Screenshots of the page as it is, wide and narrow, checking the narrow one does not scroll sideways. */
async function bothWidths(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth')).toBe(true);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('protections in the browser', () => {
  test('when a demo user forgets the password, then the development mailbox delivers a working reset link', async () => {
    const { page } = await openPage();
    await visit(page, '/password/forgot');
    await page.getByLabel('メールアドレス').fill('member@demo.example');
    await page.getByRole('main').getByRole('button').click();
    await page.getByRole('link', { name: 'メールボックス（開発用）' }).click();
    expect(await heading(page)).toBe('開発用メールボックス');
    await bothWidths(page, 'dev-mailbox-ja');
    await page.locator('a[data-mail="password-reset"]').first().click();
    await bothWidths(page, 'dev-mail-message-ja');
    // The mail links to PUBLIC_URL (a name the test browser cannot resolve): followed on the running app instead.
    const href = await page.locator('pre.mail-body a[href*="/password/reset/"]').first().getAttribute('href');
    await visit(page, new URL(String(href)).pathname);
    await page.getByLabel('新しいパスワード', { exact: false }).first().waitFor();
    await visit(page, '/dev/mail?lang=en');
    expect(await heading(page)).toBe('Development mailbox');
    await bothWidths(page, 'dev-mailbox-en');
    // The secretariat's copy of the same message has no link in it.
    const [stored] = await app().ctx.db.select().from(outbox).where(eq(outbox.template, 'password-reset'));
    expect(stored.textBody).not.toMatch(/\/password\/reset\/[\w-]{20,}/);
  });

  test('when an editor creates an API token, then the account page shows it as read-only', async () => {
    const { page } = await openPage();
    await logIn(page, 'editor@demo.example');
    await visit(page, '/account');
    await page.locator('#token-name').fill('monitoring script');
    await page.getByRole('button', { name: 'トークンを作成' }).click();
    await page.locator('#new-token').waitFor();
    await page.getByRole('cell', { name: '読み取り専用' }).first().waitFor();
    await bothWidths(page, 'account-tokens-ja');
    await visit(page, '/account?lang=en');
    await page.getByRole('cell', { name: 'read-only' }).first().waitFor();
    await bothWidths(page, 'account-tokens-en');
  });

  test('when the team address is members-only, then the edit page says the key is shown to members only too', async () => {
    await app()
      .ctx.db.update(teams)
      .set({ visibility: { email: 'members' } })
      .where(eq(teams.slug, 'sakura-csirt'));
    const { page } = await openPage();
    await logIn(page, 'editor@demo.example');
    await visit(page, '/teams/sakura-csirt/edit');
    await page.locator('[data-key-held-back="true"]').scrollIntoViewIfNeeded();
    await bothWidths(page, 'edit-key-held-back-ja');
    await visit(page, '/teams/sakura-csirt/edit?lang=en');
    await page.locator('[data-key-held-back="true"]').waitFor();
    await bothWidths(page, 'edit-key-held-back-en');
    // And the public does not get the key with the address in it.
    const anonymous = await (await openPage()).page.request.get(url('/teams/sakura-csirt/key.asc'));
    expect(anonymous.status()).toBe(404);
  });

  test('when a search holds a control character, then the page says which field, in the reader’s language', async () => {
    const { page } = await openPage({ ignoreConsole: [/status of 400/] });
    const ja = await page.goto(url('/?q=%00sakura'));
    expect(ja?.status()).toBe(400);
    await page.getByText('使用できない制御文字').waitFor();
    await bothWidths(page, 'refused-input-ja');
    await page.goto(url('/?q=%00sakura&lang=en'));
    await page.getByText('contains a control character').waitFor();
    await bothWidths(page, 'refused-input-en');
  });
});
