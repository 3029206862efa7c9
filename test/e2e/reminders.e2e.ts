/**
 * The yearly loop in a real browser: the reminder run mails a due demo team, the team opens the link from the
 * captured mail and presses "still correct"; the team page then shows it confirmed today. The secretariat's
 * freshness view, in Japanese and English.
 */
import { sql } from 'drizzle-orm';
import { outbox } from '../../src/mail/schema';
import { runReminders } from '../../src/reminders/run';
import { asDelivered } from '../helpers/mailbox';
import { expectedStatusLine, screenshot, shown, useBrowserSuite } from './helpers/browser';

const { app, heading, logIn, openPage, url, visit } = useBrowserSuite();

describe('the yearly loop', () => {
  test('when a due team clicks the link in its reminder and confirms, then its page shows it confirmed today', async () => {
    const { ctx } = app();
    const summary = await runReminders(ctx, { now: ctx.clock.now() });
    expect(summary.queued).toBeGreaterThan(0);
    const [mail] = await ctx.db
      .select()
      .from(outbox)
      .where(sql`${outbox.template} = 'confirmation-reminder' and ${outbox.subject} like '%期限まで30日%'`)
      .limit(1);
    const [, path, slug] = /http:\/\/registry\.test(\/confirm\/[\w-]+)[\s\S]*?\/login\?next=\/teams\/([a-z0-9-]+)/.exec(
      asDelivered(ctx, mail).textBody,
    )!;

    // The spent link is answered 410 when it is opened again below; the browser logs that one.
    const { page } = await openPage({
      ignoreConsole: ['ja', 'en'].map((lang) => expectedStatusLine(`${url(path)}?lang=${lang}`, 410)),
    });
    await page.goto(url(path));
    expect(await heading(page)).toContain('登録内容の確認');
    await screenshot(page, 'confirm-ja');
    await page.goto(`${url(path)}?lang=en`);
    await page.getByRole('button', { name: 'Still correct' }).waitFor();
    await screenshot(page, 'confirm-en');
    await page.goto(`${url(path)}?lang=ja`);
    await page.getByRole('button', { name: 'この内容で正しい' }).click();
    await page.locator('[data-confirmed="true"]').waitFor();
    expect(await shown(page.locator('[data-confirmed="true"]'))).toContain('確認しました。ありがとうございます。');

    await visit(page, `/teams/${slug}`);
    expect(await shown(page.locator('[data-freshness]').first())).toBe('2026年11月22日に確認');

    // Opened again, the spent link says so and shows the way on, at a laptop's and a phone's width.
    for (const [lang, width] of [
      ['ja', 1280],
      ['en', 1280],
      ['ja', 390],
      ['en', 390],
    ] as const) {
      await page.setViewportSize({ width, height: 800 });
      const again = await page.goto(`${url(path)}?lang=${lang}`);
      expect(again?.status()).toBe(410);
      await page.locator('.way-on a').first().waitFor();
      expect(await page.locator('.way-on a').count()).toBe(2);
      await screenshot(page, `confirm-used-${lang}-${width}`);
    }
    await page.locator('.way-on a').last().click();
    await page.waitForURL(url(`/teams/${slug}`));
  });

  test('when the secretariat opens the freshness view, then counts and the overdue list show, in Japanese and English', async () => {
    const { page } = await openPage();
    await logIn(page, 'secretariat@demo.example'); // lands on the secretariat's area
    await visit(page, '/admin/freshness');
    expect(await heading(page)).toBe('年次確認の状況');
    await page.locator('table.overdue tbody tr').first().waitFor();
    await screenshot(page, 'admin-freshness-ja');
    await visit(page, '/admin/freshness?lang=en');
    expect(await heading(page)).toBe('Yearly confirmation');
    await page.getByRole('button', { name: 'Send now' }).first().waitFor();
    await screenshot(page, 'admin-freshness-en');
  });
});
