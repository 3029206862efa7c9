/**
 * Moving members in, in a real browser: the secretariat uploads a CP932 CSV whose e-mail column has a header the
 * guess does not know, corrects that one column on the preview page, previews again and writes the import; the
 * new team is then in the directory. Screenshots in Japanese and English, at 1280 px and 390 px.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { screenshot, shown, useBrowserSuite } from './helpers/browser';

const { heading, logIn, openPage, visit } = useBrowserSuite();
const PHONE = { width: 390, height: 844 };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-import-e2e-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('member import', () => {
  test('when the secretariat corrects one column and writes the import, then the new teams are in the directory', async () => {
    const file = path.join(dir, '会員名簿.csv');
    fs.writeFileSync(
      file,
      iconv.encode(
        [
          'チーム名,正式名称,組織名,設立年月日,連絡窓口,電話番号,地区,業種,チーム紹介',
          'MINATO-CSIRT,みなと商事シーサート,みなと商事株式会社,平成27年4月1日,csirt@minato-shoji.example.jp,０３－５５５５－０７０７,関東,卸売・小売業,みなと商事グループのインシデント対応窓口です。',
          'KAWASE-CSIRT,かわせ銀行シーサート,株式会社かわせ銀行,令和2年10月1日,csirt@kawase-bank.example.jp,06-5555-0808,近畿,金融・保険業,かわせ銀行の情報セキュリティ対応チームです。',
          'SAKURA-CSIRT,さくら計測器シーサート,さくら計測器株式会社,2013/2/30,csirt@sakura-keisoku.example.jp,,関東,製造業,重複',
        ].join('\r\n'),
        'cp932',
      ),
    );
    const { page } = await openPage();
    await logIn(page, 'secretariat@demo.example');
    await visit(page, '/admin/import');
    expect(await heading(page)).toBe('名簿の取り込み');
    await page.locator('#import-file').setInputFiles(file);
    await page.getByRole('button', { name: 'プレビュー', exact: true }).click();
    await page.waitForURL(/\/admin\/import\/[0-9a-f-]{36}$/);
    expect(await heading(page)).toBe('取り込みのプレビュー: 会員名簿.csv');
    // "連絡窓口" is not a header the guess knows: the rows lack an e-mail address.
    expect(await page.locator('tr[data-line="2"]').getAttribute('data-status')).toBe('refused');
    await screenshot(page, 'import-preview-ja');
    await page.getByLabel('連絡窓口', { exact: true }).selectOption('email');
    await page.getByRole('button', { name: 'もう一度プレビュー', exact: true }).click();
    expect(await page.locator('tr[data-line="2"]').getAttribute('data-status')).toBe('new');
    expect(await page.locator('tr[data-line="3"]').getAttribute('data-status')).toBe('new');
    const sakura = page.locator('tr[data-line="4"]');
    expect(await sakura.getAttribute('data-status')).toBe('refused');
    expect(await shown(sakura.locator('.import-reasons'))).toContain('日付として読めません');
    await screenshot(page, 'import-corrected-ja');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'import-corrected-ja-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '取り込む（2 件）', exact: true }).click();
    await page.locator('[data-committed="true"]').waitFor();
    await visit(page, `${new URL(page.url()).pathname}?lang=en`);
    expect(await shown(page.locator('[data-committed="true"]'))).toMatch(/^This import was written on /);
    expect(await page.locator('[data-summary]').getAttribute('data-summary')).toBe('2 0 0 1');
    await screenshot(page, 'import-committed-en');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'import-committed-en-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await visit(page, '/admin/import?lang=en');
    expect(await shown(page.locator('table.imports tbody tr').first())).toContain('Imported: 2 new');
    await screenshot(page, 'import-list-en');

    await visit(page, '/teams/minato-csirt');
    expect(await heading(page)).toContain('MINATO-CSIRT');
    expect(await shown(page.locator('main'))).toContain('みなと商事株式会社');
  });
});
