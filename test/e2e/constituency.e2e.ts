/**
 * Constituency in a real browser: SAKURA-CSIRT's editor adds an IP address range and a domain on the edit page,
 * publishes the TXT record the registry asks for (in a real DNS server started here) and has the domain verified;
 * then an anonymous visitor types an address of that range into the directory's search box and finds the team.
 * Screenshots in Japanese and English, at 1280 px and 390 px.
 */
import type { Env } from '../../src/config';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server';
import { screenshot, shown, useBrowserSuite } from './helpers/browser';

let dns: TestDnsServer | undefined;
const env: Partial<Env> = {};
// Registered before the suite's own beforeAll, so the app starts with the resolver pointing here.
beforeAll(async () => {
  dns = await startDnsServer();
  env.DNS_RESOLVERS = dns.address;
});
afterAll(() => dns?.close());

const { heading, logIn, openPage, visit } = useBrowserSuite({ env });
const PHONE = { width: 390, height: 844 };

describe('constituency', () => {
  test('when the editor adds a range and a domain and publishes the TXT record, then the domain is verified', async () => {
    const { page } = await openPage();
    await logIn(page, 'editor@demo.example');
    await visit(page, '/teams/sakura-csirt/edit');
    await page.locator('#claims').fill('203.0.113.240/29\nsakura-lab.example.jp\nco.jp');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    expect(await heading(page)).toBe('対象範囲のネットワーク — SAKURA-CSIRT');
    expect(await page.locator('[data-added]').getAttribute('data-added')).toBe('2');
    expect(await shown(page.locator('.refused-lines'))).toContain('co.jp');
    await screenshot(page, 'constituency-added-ja');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'constituency-added-ja-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    await visit(page, '/teams/sakura-csirt/constituency?lang=en');
    const claim = page.locator('li.claim[data-claim="sakura-lab.example.jp"]');
    expect(await shown(claim.locator('.claim-state'))).toBe('unverified');
    expect(await shown(claim.locator('.dns-proof dd').first())).toBe('_csirt-registry.sakura-lab.example.jp (TXT)');
    const token = await shown(claim.locator('.dns-proof code.break'));
    expect(token).toMatch(/^csirt-registry-verification=/);
    await claim.getByRole('button', { name: 'Check now' }).click();
    expect(await shown(page.locator('[data-done]'))).toBe('sakura-lab.example.jp: no TXT record found.');
    dns?.setTxt('_csirt-registry.sakura-lab.example.jp', [token]);
    await page
      .locator('li.claim[data-claim="sakura-lab.example.jp"]')
      .getByRole('button', { name: 'Check now' })
      .click();
    expect(await shown(page.locator('[data-done]'))).toBe('sakura-lab.example.jp verified.');
    expect(await shown(page.locator('li.claim[data-claim="sakura-lab.example.jp"] .claim-state'))).toBe('verified');
    await screenshot(page, 'constituency-verified-en');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'constituency-verified-en-390');
    // The team page shows what the team claims, each object with its state.
    await visit(page, '/teams/sakura-csirt?lang=ja');
    const section = page.locator('section.constituency');
    expect(await shown(section)).toContain('sakura-lab.example.jp');
    expect(await shown(section)).toContain('203.0.113.240/29');
    await screenshot(page, 'team-constituency-ja-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await visit(page, '/teams/sakura-csirt?lang=en');
    await screenshot(page, 'team-constituency-en');
  });

  test('when a visitor types an address into the search box, then the responsible team is shown first', async () => {
    const { page } = await openPage();
    await visit(page, '/');
    await page.locator('#q').fill('203.0.113.241');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    const result = page.locator('section.lookup-result');
    expect(await shown(result.locator('h2'))).toBe('「203.0.113.241」の担当チーム');
    expect(await shown(result.locator('.lookup-match .team-name').first())).toBe('SAKURA-CSIRT');
    expect(await shown(result.locator('.lookup-match .claim-state').first())).toBe('未確認');
    await screenshot(page, 'lookup-ip-ja');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'lookup-ip-ja-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    await visit(page, '/?lang=en');
    await page.locator('#q').fill('hxxps://portal.sakura-lab[.]example.jp/login');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await shown(result.locator('.lookup-match .team-name').first())).toBe('SAKURA-CSIRT');
    expect(await shown(result.locator('.lookup-match .claim-state').first())).toBe('verified');
    await screenshot(page, 'lookup-url-en');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'lookup-url-en-390');
  });

  test('when the secretariat opens the overlaps, then the group company inside its parent is listed', async () => {
    const { page } = await openPage();
    await logIn(page, 'secretariat@demo.example');
    await visit(page, '/admin/constituency');
    expect(await heading(page)).toBe('重複する対象範囲');
    const table = await shown(page.locator('main'));
    expect(table).toContain('HAYABUSA-PSIRT');
    expect(table).toContain('TSUBASA-HD-CSIRT');
    await screenshot(page, 'constituency-overlaps-ja');
    await visit(page, '/admin/constituency?lang=en');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'constituency-overlaps-en-390');
  });
});
