/**
 * Exports and phone numbers in a real browser: the demo member finds the download links on a filtered directory,
 * downloads the workbook and it holds the filtered teams; phone numbers read domestic in Japanese and international
 * in English on team pages and in the change history. Screenshots at 1280 and 390 px, in both languages.
 */
import ExcelJS from 'exceljs';
import { screenshot, shown, useBrowserSuite } from './helpers/browser';

const { heading, logIn, openPage, visit } = useBrowserSuite();

const WIDTHS = [
  ['1280', { width: 1280, height: 800 }],
  ['390', { width: 390, height: 844 }],
] as const;

describe('exports and phone numbers', () => {
  test('when the member filters the directory, then the Excel link downloads a workbook of exactly those teams', async () => {
    const { page } = await openPage({ acceptDownloads: true });
    await logIn(page, 'member@demo.example');
    await visit(page, '/?region=kanto');
    const link = page.getByRole('link', { name: 'Excel (.xlsx)' });
    expect(await link.getAttribute('href')).toBe('/api/v1/teams.xlsx?region=kanto');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('teams.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const regionColumn = header.indexOf('地区') + 1;
    const regions = new Set((sheet.getColumn(regionColumn).values as unknown[]).slice(2));
    expect([...regions]).toEqual(['関東']);
    const cards = await page.locator('.team-card').count();
    expect(sheet.rowCount - 1).toBeGreaterThanOrEqual(cards); // the page shows one page of them
  });

  test('when the member reads a team page, then its phones are domestic in Japanese and international in English', async () => {
    for (const [label, viewport] of WIDTHS) {
      const { page, context } = await openPage({ viewport });
      await logIn(page, 'member@demo.example');
      await visit(page, '/teams/sakura-csirt?lang=ja');
      const phone = page.locator('section.poc dl.fields dt:text-is("電話番号") + dd');
      expect(await shown(phone)).toBe('03-5555-0101');
      expect(await phone.getByRole('link').getAttribute('href')).toBe('tel:+81-3-5555-0101');
      await screenshot(page, `team-phone-ja-${label}`);
      await visit(page, '/teams/sakura-csirt?lang=en');
      expect(await shown(page.locator('section.poc dl.fields dt:text-is("Phone") + dd'))).toBe('+81 3-5555-0101');
      await screenshot(page, `team-phone-en-${label}`);
      await visit(page, '/?region=kanto&lang=en');
      await page.getByRole('link', { name: 'Excel (.xlsx)' }).waitFor();
      await screenshot(page, `directory-exports-en-${label}`);
      await visit(page, '/?region=kanto&lang=ja');
      await page.getByRole('link', { name: 'Excel (.xlsx)' }).waitFor();
      await screenshot(page, `directory-exports-ja-${label}`);
      await context.close();
    }
  });

  test('when the editor changes the phone, then the history shows both numbers for the reader', async () => {
    const { page } = await openPage();
    await logIn(page, 'editor@demo.example');
    await visit(page, '/teams/sakura-csirt/edit');
    expect(await heading(page)).toBe('登録内容の編集: SAKURA-CSIRT');
    await page.locator('#phone').fill('+81 3-5555-0177');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-saved="saved"]').waitFor();
    for (const [label, viewport] of WIDTHS) {
      await page.setViewportSize(viewport);
      await visit(page, '/teams/sakura-csirt/history?lang=ja');
      // The phone itself (on a phone the cell's name also holds its card label).
      await page.locator('span.phone').getByText('03-5555-0177', { exact: true }).first().waitFor();
      await screenshot(page, `history-phone-ja-${label}`);
      await visit(page, '/teams/sakura-csirt/history?lang=en');
      await page.locator('span.phone').getByText('+81 3-5555-0177', { exact: true }).first().waitFor();
      await screenshot(page, `history-phone-en-${label}`);
    }
  });
});
