/**
 * Self-service and statistics in a real browser: the demo editor changes SAKURA-CSIRT's phone number and the demo
 * member sees the new number; the statistics page draws its four charts with Chart.js from this site (no CSP
 * violation), in Japanese and English.
 */
import { screenshot, shown, useBrowserSuite } from './helpers/browser';

/** What the predicate below uses of the page (the tests compile without the DOM library). */
type ChartPage = {
  document: { querySelectorAll(selector: string): ArrayLike<unknown> };
  Chart?: { getChart(canvas: unknown): unknown };
};

const { heading, logIn, openPage, visit } = useBrowserSuite();

describe('self-service and statistics', () => {
  test('when the editor changes the phone number, then the member sees the new one', async () => {
    const editor = await openPage();
    await logIn(editor.page, 'editor@demo.example');
    await visit(editor.page, '/teams/sakura-csirt');
    await editor.page.getByRole('link', { name: '登録内容を編集' }).click();
    expect(await heading(editor.page)).toBe('登録内容の編集: SAKURA-CSIRT');
    await editor.page.locator('#phone').fill('03-5555-0199');
    await screenshot(editor.page, 'edit-entry-ja');
    await editor.page.getByRole('button', { name: '保存' }).click();
    await editor.page.locator('[data-saved="saved"]').waitFor();
    await visit(editor.page, '/teams/sakura-csirt/history?lang=en');
    expect(await heading(editor.page)).toBe('Change history: SAKURA-CSIRT');
    // Shown for the reader: international in English (stored as E.164).
    await editor.page.getByText('+81 3-5555-0199', { exact: true }).first().waitFor();
    await screenshot(editor.page, 'history-phone-en');
    await visit(editor.page, '/teams/sakura-csirt/edit');
    expect(await heading(editor.page)).toBe('Edit the entry: SAKURA-CSIRT');
    await screenshot(editor.page, 'edit-entry-en');
    // The keys page with its new mail-encryption choice, in both languages.
    await visit(editor.page, '/teams/sakura-csirt/keys');
    await editor.page.getByText('Encrypt mail to the team address').waitFor();
    await screenshot(editor.page, 'keys-manage-en');
    await visit(editor.page, '/teams/sakura-csirt/keys?lang=ja');
    await editor.page.getByText('チームのアドレスへのメールを暗号化する').waitFor();
    await screenshot(editor.page, 'keys-manage-ja');
    await editor.context.close();

    const member = await openPage();
    await logIn(member.page, 'member@demo.example');
    await visit(member.page, '/teams/sakura-csirt');
    expect(await shown(member.page.locator('section.poc dl.fields dt:text-is("電話番号") + dd'))).toBe('03-5555-0199');
  });

  test('when the API documentation opens, then every operation is listed, in Japanese and English', async () => {
    const { page } = await openPage();
    await visit(page, '/docs/api');
    await page.getByRole('heading', { name: 'GET /api/v1/teams/{slug}' }).waitFor();
    await screenshot(page, 'api-docs-ja');
    await visit(page, '/docs/api?lang=en');
    await page.getByText('Parameters').first().waitFor();
    await screenshot(page, 'api-docs-en');
  });

  test('when the statistics page opens, then its five charts are drawn', async () => {
    const { page } = await openPage();
    await visit(page, '/stats');
    expect(await heading(page)).toBe('統計');
    // A function, not a string: a string predicate is evaluated inside the page, which the strict CSP refuses.
    const drawn = () => {
      const page = globalThis as unknown as ChartPage;
      const canvases = Array.from(page.document.querySelectorAll('canvas[data-chart]'));
      return canvases.length === 5 && canvases.every((c) => page.Chart?.getChart(c));
    };
    await page.waitForFunction(drawn);
    await screenshot(page, 'stats-ja');
    await visit(page, '/stats?lang=en');
    expect(await heading(page)).toBe('Statistics');
    await page.waitForFunction(drawn);
    await screenshot(page, 'stats-en');
  });
});
