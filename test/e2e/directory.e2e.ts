/**
 * The public directory in a real browser: listing, search, filters, a team's page, the copy button, the language
 * switch, stale entries and the 404 page — with the 24 demo teams, on a clock fixed at 2026-11-22.
 */
import type { Page } from 'playwright-core';
import { expectedStatusLine, screenshot, shown, useBrowserSuite } from './helpers/browser';

const FINGERPRINT = /^([0-9A-F]{4} ){9}[0-9A-F]{4}$/;
/** English dates as the app writes them: 8 Oct 2026, 22 Sept 2026. */
const EN_DATE = /\d{1,2} [A-Z][a-z]{2,3} \d{4}/;
const JA_DATE = /\d{4}年\d{1,2}月\d{1,2}日/;

const { app, heading, openPage, url } = useBrowserSuite();

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

/** The short names on the cards of the current result page, in order. */
async function listedTeams(page: Page): Promise<string[]> {
  return (await page.locator('.team-card .team-name').allInnerTexts()).map((s) => s.trim());
}

function card(page: Page, shortName: string) {
  return page.locator('.team-card').filter({ has: page.getByRole('link', { name: shortName, exact: true }) });
}

describe('the directory page', () => {
  test('when a Japanese reader opens the directory, then the listed teams appear in Japanese over two pages', async () => {
    const { page } = await openPage();
    const response = await page.goto(url('/'));
    expect(response?.status()).toBe(200);

    expect(await htmlLang(page)).toBe('ja');
    expect(await heading(page)).toBe('チーム一覧');
    expect(await page.title()).toContain('チーム一覧');

    const firstPage = await listedTeams(page);
    expect(firstPage).toHaveLength(20);
    expect(firstPage).toContain('SAKURA-CSIRT');
    expect(await shown(page.locator('#result-count'))).toContain('22 チーム中 1〜20 件を表示');
    // A card shows the team's Japanese names.
    const sakura = card(page, 'SAKURA-CSIRT');
    expect(await shown(sakura.locator('.team-official'))).toBe('さくら計測器 CSIRT');
    expect(await shown(sakura.locator('.team-org'))).toBe('さくら計測器株式会社');

    const pagination = page.getByRole('navigation', { name: 'ページ' });
    expect(await shown(pagination.locator('[aria-current="page"]'))).toBe('1');
    await screenshot(page, 'directory-ja');

    await pagination.getByRole('link', { name: '2', exact: true }).click();
    await page.waitForURL(/[?&]page=2\b/);
    const secondPage = await listedTeams(page);
    expect(secondPage).toHaveLength(2);
    expect(await shown(page.locator('#result-count'))).toContain('22 チーム中 21〜22 件を表示');

    // 22 different teams: the suspended and the withdrawn teams are not listed.
    const all = [...firstPage, ...secondPage];
    expect(new Set(all).size).toBe(22);
    expect(all).not.toContain('KUROSHIO-CSIRT');
    expect(all).not.toContain('KASUGA-SOFT-CSIRT');
  });

  test('when a reader searches for シーサート, then SAKURA-CSIRT is found and the query is in the address', async () => {
    const { page } = await openPage();
    await page.goto(url('/'));

    await page.getByLabel('キーワード').fill('シーサート');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await page.waitForURL(/[?&]q=/);

    expect(page.url()).toContain(`q=${encodeURIComponent('シーサート')}`);
    expect(new URL(page.url()).searchParams.get('q')).toBe('シーサート');
    expect(await listedTeams(page)).toContain('SAKURA-CSIRT');
    // The search box keeps what was typed.
    expect(await page.locator('#q').inputValue()).toBe('シーサート');
    await screenshot(page, 'search-ja');
  });

  test('when a reader searches for 東京, then TMS-CSIRT is found', async () => {
    const { page } = await openPage();
    await page.goto(url('/'));

    await page.locator('#q').fill('東京');
    await page.locator('#q').press('Enter');
    await page.waitForURL(/[?&]q=/);

    expect(new URL(page.url()).searchParams.get('q')).toBe('東京');
    expect(await listedTeams(page)).toContain('TMS-CSIRT');
  });

  test('when a reader chooses 北海道 as the region, then only the Hokkaido teams are listed', async () => {
    const { page } = await openPage();
    await page.goto(url('/'));

    // No submit click: the page's script submits the form as soon as the choice changes.
    await page.getByLabel('地区').selectOption({ label: '北海道' });
    await page.waitForURL(/[?&]region=hokkaido\b/);

    expect((await listedTeams(page)).sort()).toEqual(['HOKKAI-NET-CSIRT', 'HOKUTO-U-CSIRT']);
    for (const tag of await page.locator('.team-card .team-meta').allInnerTexts()) {
      expect(tag).toContain('北海道');
    }
    // The filter stays chosen on the result page, and no pagination is needed.
    expect(await shown(page.locator('#region option:checked'))).toBe('北海道');
    expect(await page.getByRole('navigation', { name: 'ページ' }).count()).toBe(0);
  });
});

describe('a team page', () => {
  test('when a reader clicks SAKURA-CSIRT, then its page shows the names, introduction, fingerprint and freshness', async () => {
    const { page } = await openPage();
    await page.goto(url('/'));

    await page.getByRole('link', { name: 'SAKURA-CSIRT', exact: true }).click();
    await page.waitForURL(url('/teams/sakura-csirt'));

    expect(await htmlLang(page)).toBe('ja');
    expect(await heading(page)).toBe('SAKURA-CSIRT');
    const fields = page.locator('article.team > dl.fields');
    expect(await shown(fields.locator('dt:has-text("正式名称") + dd'))).toBe('さくら計測器 CSIRT');
    expect(await shown(fields.locator('dt:has-text("組織名") + dd'))).toBe('さくら計測器株式会社');
    expect(await shown(fields.locator('dt:has-text("加盟日") + dd'))).toMatch(JA_DATE);

    const introHeadings = (await page.locator('section.intro h3').allInnerTexts()).map((s) => s.trim());
    expect(introHeadings).toEqual(['概要', '設立の経緯・背景', '組織内における位置づけおよび活動内容']);
    expect(await shown(page.locator('section.intro'))).toContain('さくら計測器シーサート');

    const fingerprint = await shown(page.locator('code.fingerprint'));
    expect(fingerprint).toMatch(FINGERPRINT);

    const badge = page.locator('.team-head .badge');
    expect(await shown(badge)).toContain('に確認');
    expect(await shown(badge)).toMatch(JA_DATE);
    // A recently confirmed team carries no warning.
    expect(await page.locator('.alert').count()).toBe(0);
    await screenshot(page, 'team-ja');
  });

  test('when a reader clicks コピー next to the fingerprint, then the fingerprint is on the clipboard and the button says so', async () => {
    const { page, context } = await openPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app().baseUrl });
    await page.goto(url('/teams/sakura-csirt'));
    const fingerprint = await shown(page.locator('code.fingerprint'));

    // The button is hidden until the script has found a Clipboard API, so clicking waits for it.
    await page.getByRole('button', { name: 'コピー', exact: true }).click();
    await page.getByRole('button', { name: 'コピーしました', exact: true }).waitFor();

    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toBe(fingerprint);
    expect(copied).toMatch(FINGERPRINT);
  });

  test('when a reader switches to English, then the page turns English and the choice is remembered', async () => {
    const { page } = await openPage();
    await page.goto(url('/teams/sakura-csirt'));
    expect(await htmlLang(page)).toBe('ja');

    await page.getByRole('navigation', { name: '言語' }).getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/[?&]lang=en\b/);

    expect(new URL(page.url()).pathname).toBe('/teams/sakura-csirt');
    expect(await htmlLang(page)).toBe('en');
    expect(await heading(page)).toBe('SAKURA-CSIRT');
    const fields = page.locator('article.team > dl.fields');
    expect(await shown(fields.locator('dt:has-text("Official name") + dd'))).toBe('Sakura Instruments CSIRT');
    expect(await shown(page.locator('section.intro h3').first())).toBe('Overview');
    const badge = await shown(page.locator('.team-head .badge'));
    expect(badge).toMatch(EN_DATE);
    expect(badge).not.toMatch(/[年月日]/);
    expect(await shown(fields)).toMatch(EN_DATE);
    // The switcher now offers Japanese.
    expect(await shown(page.getByRole('navigation', { name: 'Language' }).getByRole('link'))).toBe('日本語');
    await screenshot(page, 'team-en');

    // The browser still asks for Japanese, but the reader's choice wins on the next page without ?lang.
    await page.goto(url('/'));
    expect(await htmlLang(page)).toBe('en');
    expect(await heading(page)).toBe('Member teams');
    expect(await shown(card(page, 'SAKURA-CSIRT').locator('.team-official'))).toBe('Sakura Instruments CSIRT');
    expect(await shown(page.locator('#result-count'))).toContain('of 22 teams');
    await screenshot(page, 'directory-en');
  });
});

describe('stale and missing entries', () => {
  test('when a team has not confirmed its entry for over a year, then its card and page say since when (Japanese)', async () => {
    const { page } = await openPage();
    await page.goto(url('/'));

    const badge = card(page, 'TSUBASA-HD-CSIRT').locator('.badge');
    expect(await badge.getAttribute('data-freshness')).toBe('stale');
    expect(await shown(badge)).toMatch(new RegExp(`${JA_DATE.source}以降未確認`));

    await card(page, 'TSUBASA-HD-CSIRT').getByRole('link', { name: 'TSUBASA-HD-CSIRT', exact: true }).click();
    await page.waitForURL(url('/teams/tsubasa-hd-csirt'));
    expect(await shown(page.locator('.team-head .badge'))).toContain('以降未確認');
    expect(await page.getByRole('status').filter({ hasText: '確認されていません' }).count()).toBe(1);
  });

  test('when a team has not confirmed its entry for over a year, then its card and page say since when (English)', async () => {
    const { page } = await openPage({ locale: 'en-GB' });
    await page.goto(url('/'));
    expect(await htmlLang(page)).toBe('en');

    const badge = card(page, 'TSUBASA-HD-CSIRT').locator('.badge');
    expect(await shown(badge)).toMatch(new RegExp(`unconfirmed since ${EN_DATE.source}`, 'i'));

    await page.goto(url('/teams/tsubasa-hd-csirt'));
    expect(await shown(page.locator('.team-head .badge'))).toMatch(/unconfirmed since/i);
  });

  test('when a reader opens an unknown team, then a Japanese 404 page says so', async () => {
    // The browser logs the 404 of the page itself; that one is expected.
    const { page } = await openPage({ ignoreConsole: [expectedStatusLine(url('/teams/no-such-team'), 404)] });
    const response = await page.goto(url('/teams/no-such-team'));

    expect(response?.status()).toBe(404);
    expect(await htmlLang(page)).toBe('ja');
    expect(await shown(page.locator('.error-message'))).toBe('チーム「no-such-team」は見つかりませんでした。');
    expect(await page.getByRole('link', { name: 'トップページへ' }).getAttribute('href')).toBe('/');
  });

  test('when an English reader opens an unknown team, then the 404 page is in English', async () => {
    const { page } = await openPage({
      locale: 'en-GB',
      ignoreConsole: [expectedStatusLine(url('/teams/no-such-team'), 404)],
    });
    const response = await page.goto(url('/teams/no-such-team'));

    expect(response?.status()).toBe(404);
    expect(await htmlLang(page)).toBe('en');
    expect(await shown(page.locator('.error-message'))).toContain('no-such-team');
  });
});

describe('page health', () => {
  test('when a reader goes through the pages, then the stylesheet and script load and the browser reports no console errors or CSP violations', async () => {
    const { page, context } = await openPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app().baseUrl });
    // Our stylesheet and script, with every status they were answered with (200, or 304 on a revisit).
    const assets = new Map<string, Set<number>>();
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (!pathname.startsWith('/css/') && !pathname.startsWith('/js/')) return;
      assets.set(pathname, (assets.get(pathname) ?? new Set()).add(response.status()));
    });

    for (const path of [
      '/',
      '/?page=2',
      `/?q=${encodeURIComponent('シーサート')}`,
      '/?region=hokkaido',
      '/teams/sakura-csirt',
      '/teams/tsubasa-hd-csirt',
      '/teams/sakura-csirt?lang=en',
      '/',
    ]) {
      const response = await page.goto(url(path));
      expect(`${path} ${response?.status()}`).toBe(`${path} 200`);
      // The stylesheet applied (the CSP allows our own origin): the header is dark blue, not the default.
      const headerColour = await page.evaluate<string>(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor",
      );
      expect(headerColour).toBe('rgb(16, 42, 67)');
    }
    expect([...assets.keys()].sort()).toEqual(['/css/app.css', '/js/app.js']);
    for (const statuses of assets.values()) {
      expect([...statuses].every((status) => status === 200 || status === 304)).toBe(true);
    }

    // The script ran under the CSP: it revealed the copy button and it copies.
    await page.goto(url('/teams/sakura-csirt'));
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByRole('button', { name: 'Copied', exact: true }).waitFor();

    // No console error or CSP violation on any of these pages: checked after every test by useBrowserSuite.
  });
});
