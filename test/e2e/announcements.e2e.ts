/**
 * An announcement in a real browser, from compose to delivery report: the secretariat writes a TLP:AMBER message in
 * both languages, reads the preview (the teams without a proven key are listed as not reached), sends it and
 * follows the report; a member team's editor then reads it in the archive. Screenshots in Japanese and English,
 * at 1280 px and 390 px.
 */
import { screenshot, shown, useBrowserSuite } from './helpers/browser';

const { heading, logIn, openPage, visit } = useBrowserSuite();
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 800 };

async function bothWidths(page: Parameters<typeof screenshot>[0], name: string) {
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(DESK);
}

describe('announcements', () => {
  test('when the secretariat composes, previews and sends a TLP:AMBER announcement, then the report lists each team and a member reads it', async () => {
    const { page } = await openPage();
    await logIn(page, 'secretariat@demo.example');
    await visit(page, '/admin/announcements');
    expect(await heading(page)).toBe('お知らせの配信');
    await bothWidths(page, 'announcements-list-ja');
    await page.getByRole('link', { name: '新しいお知らせを書く' }).click();
    expect(await heading(page)).toBe('新しいお知らせ');
    await page.getByLabel('TLP:AMBER', { exact: false }).first().check();
    await page.getByLabel('件名（日本語）').fill('脆弱性情報の事前共有');
    await page
      .getByLabel('本文（日本語）')
      .fill('来週公開予定の脆弱性について、対策情報を事前に共有します。\n公開まで組織外には共有しないでください。');
    await page.getByLabel('件名（英語）').fill('Advance notice of a vulnerability');
    await page
      .getByLabel('本文（英語）')
      .fill(
        'Mitigation details of a vulnerability to be published next week.\nDo not share outside your organisation before then.',
      );
    await bothWidths(page, 'announcement-compose-ja');
    await page.getByRole('button', { name: 'プレビュー', exact: true }).click();
    await page.waitForURL(/\/admin\/announcements\/[0-9a-f-]{36}$/);
    expect(await heading(page)).toBe('プレビュー — 脆弱性情報の事前共有');
    expect(await shown(page.locator('[data-subject]'))).toMatch(
      /^\[TLP:AMBER\] \[.+\] 脆弱性情報の事前共有 \/ Advance notice/,
    );
    const notReached = await page.locator('tr[data-route="not_reached"]').count();
    const encrypted = await page.locator('tr[data-route="encrypted"]').count();
    expect(notReached).toBeGreaterThan(0);
    expect(encrypted).toBeGreaterThan(0);
    expect(await page.locator('tr[data-route="unencrypted"]').count()).toBe(0);
    await bothWidths(page, 'announcement-preview-ja');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `${encrypted} チームに送信する`, exact: true }).click();
    await page.locator('[data-delivery-count="not_reached"]').waitFor();
    expect(await heading(page)).toBe('配信状況 — 脆弱性情報の事前共有');
    expect(await shown(page.locator('[data-delivery-count="not_reached"] .stat-number'))).toBe(String(notReached));
    // Not reached first: what the secretariat acts on.
    expect(await page.locator('table.delivery tbody tr').first().getAttribute('data-delivery')).toBe('not_reached');
    await bothWidths(page, 'announcement-report-ja');
    await visit(page, `${new URL(page.url()).pathname}?lang=en`);
    expect(await heading(page)).toBe('Delivery — 脆弱性情報の事前共有');
    await bothWidths(page, 'announcement-report-en');

    // SAKURA-CSIRT has a proven key: its editor reads it in the archive.
    const member = await openPage();
    await logIn(member.page, 'editor@demo.example');
    await visit(member.page, '/members/announcements?lang=en');
    expect(await heading(member.page)).toBe('Announcements');
    await member.page.getByRole('link', { name: 'Advance notice of a vulnerability' }).click();
    expect(await heading(member.page)).toBe('Advance notice of a vulnerability');
    expect(await shown(member.page.locator('.tlp-line'))).toContain('TLP:AMBER');
    await bothWidths(member.page, 'announcement-read-en');
    await visit(member.page, '/members/announcements?lang=ja');
    await bothWidths(member.page, 'announcements-archive-ja');
  });
});
