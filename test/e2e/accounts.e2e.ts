/**
 * Accounts in a real browser: logging in and out through the header, what members see that the public does not,
 * the editor's team users page, the secretariat's area and the account settings with the start of 2FA enrolment —
 * with the demo teams and the demo accounts (password DEMO_PASSWORD), on a clock fixed at 2026-11-22.
 */
import type { Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../seeds/demo-accounts';
import { expectedStatusLine, screenshot, shown, useBrowserSuite } from './helpers/browser';

const SECRETARIAT = { email: 'secretariat@demo.example', name: '事務局 デモ' };
const EDITOR = { email: 'editor@demo.example', name: '編集者 デモ' };
const MEMBER = { email: 'member@demo.example', name: 'メンバー デモ' };
/** SAKURA-CSIRT's phone in seeds/demo-teams.ts: shown to members only. */
const SAKURA_PHONE = '03-5555-0101';

/** The words of the login form and the header, per language. */
const WORDS = {
  ja: {
    account: 'アカウント',
    login: 'ログイン',
    logout: 'ログアウト',
    email: 'メールアドレス',
    password: 'パスワード',
  },
  en: { account: 'Account', login: 'Log in', logout: 'Log out', email: 'Email', password: 'Password' },
} as const;
type Lang = keyof typeof WORDS;

const { heading, openPage, url, visit } = useBrowserSuite();

function accountNav(page: Page, lang: Lang = 'ja'): Locator {
  return page.getByRole('navigation', { name: WORDS[lang].account });
}

/** The value next to 電話番号 (Phone) in the team page's point-of-contact list. */
function phoneRow(page: Page, label = '電話番号'): Locator {
  return page.locator(`section.poc dl.fields dt:text-is("${label}") + dd`);
}

/** Fills in and submits the login form the page shows; does not wait for what follows. */
async function submitLogin(page: Page, email: string, password: string, lang: Lang = 'ja'): Promise<void> {
  const words = WORDS[lang];
  await page.getByLabel(words.email, { exact: true }).fill(email);
  await page.getByLabel(words.password, { exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: words.login, exact: true }).click();
}

/**
 * Logs in through /login with the demo password and waits for the landing page (the secretariat's area for the
 * secretariat, the directory for everyone else) with the user's name in the header.
 */
async function logIn(page: Page, user: { email: string; name: string }, lang: Lang = 'ja'): Promise<void> {
  await visit(page, lang === 'en' ? '/login?lang=en' : '/login');
  await submitLogin(page, user.email, DEMO_PASSWORD, lang);
  await page.waitForURL(url(user === SECRETARIAT ? '/admin' : '/'));
  await accountNav(page, lang).getByRole('link', { name: user.name, exact: true }).waitFor();
}

describe('logging in and out', () => {
  test('when the demo member logs in through the header link, then team pages show the phone number until they log out', async () => {
    const { page } = await openPage();

    // Anonymous: the phone is not public.
    await visit(page, '/teams/sakura-csirt');
    expect(await shown(phoneRow(page))).toBe('非公開');
    expect(await shown(page.locator('article.team'))).not.toContain(SAKURA_PHONE);
    expect(await page.getByRole('link', { name: SAKURA_PHONE }).count()).toBe(0);

    await accountNav(page).getByRole('link', { name: 'ログイン', exact: true }).click();
    await page.waitForURL(url('/login'));
    expect(await heading(page)).toBe('ログイン');
    expect(await page.locator('input[name="_csrf"]').count()).toBe(1);
    await submitLogin(page, MEMBER.email, DEMO_PASSWORD);
    await page.waitForURL(url('/'));

    // The header now names the user (a link to the settings) and offers to log out instead of logging in.
    const nav = accountNav(page);
    expect(await nav.getByRole('link', { name: MEMBER.name, exact: true }).getAttribute('href')).toBe('/account');
    expect(await nav.getByRole('button', { name: 'ログアウト', exact: true }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: 'ログイン', exact: true }).count()).toBe(0);
    // A member is not the secretariat: no link to its area.
    expect(await page.getByRole('link', { name: '事務局', exact: true }).count()).toBe(0);

    await visit(page, '/teams/sakura-csirt');
    expect(await shown(phoneRow(page))).toBe(SAKURA_PHONE);
    expect(await page.getByRole('link', { name: SAKURA_PHONE, exact: true }).getAttribute('href')).toMatch(/^tel:/);
    await screenshot(page, 'team-member-ja');

    await nav.getByRole('button', { name: 'ログアウト', exact: true }).click();
    await page.waitForURL(url('/'));
    await nav.getByRole('link', { name: 'ログイン', exact: true }).waitFor();
    expect(await nav.getByRole('button', { name: 'ログアウト' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: MEMBER.name }).count()).toBe(0);

    await visit(page, '/teams/sakura-csirt');
    expect(await shown(phoneRow(page))).toBe('非公開');
    expect(await shown(page.locator('article.team'))).not.toContain(SAKURA_PHONE);
  });

  test('when someone logs in with a wrong password, then the form says so without telling which part was wrong', async () => {
    // The failed login is answered with 401, which the browser logs; that one is expected.
    const { page } = await openPage({ ignoreConsole: [expectedStatusLine(url('/login'), 401)] });
    await visit(page, '/login');

    await submitLogin(page, MEMBER.email, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();

    expect(await shown(alert)).toBe('メールアドレスまたはパスワードが正しくありません。');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await heading(page)).toBe('ログイン');
    // The address is kept, the password is not; still logged out.
    expect(await page.getByLabel('メールアドレス', { exact: true }).inputValue()).toBe(MEMBER.email);
    expect(await page.getByLabel('パスワード', { exact: true }).inputValue()).toBe('');
    expect(await accountNav(page).getByRole('link', { name: 'ログイン', exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'login-error-ja');
  });
});

describe('a team editor', () => {
  test('when the demo editor opens the users of SAKURA-CSIRT in English, then they see themselves and an invite form', async () => {
    const { page } = await openPage();
    await logIn(page, EDITOR, 'en');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await visit(page, '/teams/sakura-csirt/users');
    expect(await heading(page)).toBe('Users of SAKURA-CSIRT');

    const table = page.locator('table.data');
    expect(await table.locator('thead th').allInnerTexts()).toEqual(
      expect.arrayContaining(['Email', 'Name', 'Role', 'Last login']),
    );
    const me = table.locator('tbody tr').filter({ hasText: EDITOR.email });
    expect(await me.count()).toBe(1);
    const cells = (await me.locator('td').allInnerTexts()).map((s) => s.trim());
    expect(cells.slice(0, 3)).toEqual([EDITOR.email, EDITOR.name, 'Editor']);
    // One cannot remove oneself.
    expect(await me.getByRole('button').count()).toBe(0);

    const invite = page.getByRole('region', { name: 'Invite a user' });
    expect(await invite.getByLabel('Email', { exact: true }).isVisible()).toBe(true);
    expect(await invite.getByLabel('Name', { exact: true }).isVisible()).toBe(true);
    const role = invite.getByLabel('Role', { exact: true });
    expect((await role.locator('option').allInnerTexts()).map((s) => s.trim())).toEqual(['Member', 'Editor']);
    expect(await invite.getByRole('button', { name: 'Send invitation', exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'team-users-en');
  });
});

describe('the secretariat', () => {
  test('when the demo secretariat logs in, then the dashboard, audit log, users, teams and mail pages open', async () => {
    const { page } = await openPage();
    await logIn(page, SECRETARIAT);

    // The login lands on the secretariat's area, which the header links to from every page.
    expect(await heading(page)).toBe('事務局');
    await visit(page, '/stats');
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '事務局', exact: true })
      .click();
    await page.waitForURL(url('/admin'));
    expect(await heading(page)).toBe('事務局');
    const stat = (name: string) => shown(page.locator(`[data-stat="${name}"]`));
    // 24 demo teams: one suspended, one withdrawn; the demo users, one of them the secretariat.
    expect(await stat('teams-active')).toBe('22');
    expect(await stat('teams-suspended')).toBe('1');
    expect(await stat('teams-withdrawn')).toBe('1');
    expect(await stat('users-total')).toBe(String(DEMO_ACCOUNTS.length));
    expect(await stat('users-secretariat')).toBe('1');
    for (const name of ['fresh-current', 'fresh-due', 'fresh-overdue', 'fresh-stale', 'mail-captured']) {
      expect(await stat(name)).toMatch(/^\d+$/);
    }
    await screenshot(page, 'admin-dashboard-ja');

    await visit(page, '/admin/audit?lang=en');
    expect(await heading(page)).toBe('Audit log');
    // Actions read as words, not as the names the code records.
    const logins = page
      .locator('table.audit tbody tr')
      .filter({ has: page.locator('[data-action="login.succeeded"]') });
    expect(await logins.count()).toBeGreaterThanOrEqual(1);
    const login = await shown(logins.filter({ hasText: SECRETARIAT.email }).first());
    expect(login).toContain('Logged in');
    expect(login).not.toContain('login.succeeded');
    await screenshot(page, 'admin-audit-en');

    await visit(page, '/admin/users?lang=ja');
    expect(await heading(page)).toBe('ユーザー管理');
    const rows = page.locator('table.data tbody tr');
    for (const user of [SECRETARIAT, EDITOR, MEMBER]) {
      expect(await rows.filter({ hasText: user.email }).count()).toBe(1);
    }
    expect(await shown(rows.filter({ hasText: EDITOR.email }).locator('.tag'))).toBe('SAKURA-CSIRT · 編集者');
    expect(await shown(rows.filter({ hasText: MEMBER.email }).locator('.tag'))).toBe('TMS-CSIRT · メンバー');
    expect(await shown(rows.filter({ hasText: SECRETARIAT.email }).locator('.tag'))).toBe('事務局');
    await screenshot(page, 'admin-users-ja');

    await visit(page, '/admin/teams');
    expect(await heading(page)).toBe('チーム管理');
    expect(await page.getByRole('link', { name: 'SAKURA-CSIRT' }).count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'admin-teams-ja');

    await visit(page, '/admin/mail');
    expect(await heading(page)).toBe('送信メール');
    await screenshot(page, 'admin-mail-ja');
  });

  test('when the demo secretariat opens the account settings and starts 2FA, then a QR code is shown', async () => {
    const { page } = await openPage();
    await logIn(page, SECRETARIAT);

    await accountNav(page).getByRole('link', { name: SECRETARIAT.name, exact: true }).click();
    await page.waitForURL(url('/account'));
    expect(await heading(page)).toBe('アカウント設定');
    const profile = page.getByRole('region', { name: 'プロフィール' });
    expect(await shown(profile)).toContain(SECRETARIAT.email);
    expect(await shown(profile)).toContain('事務局');
    for (const section of ['2段階認証', 'パスワードの変更', 'API トークン']) {
      expect(await page.getByRole('region', { name: section, exact: true }).isVisible()).toBe(true);
    }
    expect(await shown(page.getByRole('region', { name: '2段階認証' }))).toContain('無効です');
    await screenshot(page, 'account-ja');

    await page.getByRole('link', { name: '2段階認証を設定する', exact: true }).click();
    await page.waitForURL(url('/account/2fa'));
    expect(await heading(page)).toBe('2段階認証');
    await page.getByRole('button', { name: '設定を始める', exact: true }).click();
    const qr = page.getByRole('img', { name: '2段階認証の設定用 QR コード' });
    await qr.waitFor();
    expect(new URL(page.url()).pathname).toBe('/account/2fa');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    // The image decoded (a broken image has no natural size).
    expect(await page.evaluate<number>("document.querySelector('.qr img').naturalWidth")).toBeGreaterThan(0);
    expect(await page.getByLabel('確認コード').isVisible()).toBe(true);

    // The enrolment is kept across the language switch.
    await page.getByRole('navigation', { name: '言語' }).getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/[?&]lang=en\b/);
    expect(await heading(page)).toBe('Two-factor authentication');
    const qrEn = page.getByRole('img', { name: 'QR code to set up two-factor authentication' });
    expect(await qrEn.isVisible()).toBe(true);
    expect(await qrEn.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await shown(page.locator('code.secret'))).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    await screenshot(page, 'twofa-setup-en');
  });
});

describe('the secretariat area for others', () => {
  test('when a member opens the secretariat area, then a 403 page says they may not', async () => {
    const { page } = await openPage({ ignoreConsole: [expectedStatusLine(url('/admin'), 403)] });
    await logIn(page, MEMBER);

    const response = await page.goto(url('/admin'));
    expect(response?.status()).toBe(403);
    expect(await shown(page.locator('.error-message'))).toBe('この操作を行う権限がありません。');
    // Still logged in, just not allowed.
    expect(await accountNav(page).getByRole('link', { name: MEMBER.name, exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'forbidden-ja');
  });
});
