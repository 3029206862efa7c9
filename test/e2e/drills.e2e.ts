/**
 * Reachability drills in a real browser: the secretariat starts a communication check for the Kanto teams on its
 * page; an editor of one of them opens the link from the decrypted drill mail (the code is filled in) and answers;
 * the secretariat's campaign page then updates by itself when another team answers. Screenshots in Japanese and
 * English, at 1280 px and 390 px.
 */
import { and, eq } from 'drizzle-orm';
import { answerDrill } from '../../src/drills/answer';
import { runDrillsSoon } from '../../src/drills/scheduler';
import { drills } from '../../src/drills/schema';
import { outbox } from '../../src/mail/schema';
import { decryptWith } from '../../src/pgp';
import { createTeam, createUser } from '../factories';
import { TEST_PASSWORD } from '../helpers/auth';
import { screenshot, shown, useBrowserSuite } from './helpers/browser';

const { app, heading, logIn, openPage, visit } = useBrowserSuite();
const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1280, height: 800 };
const EDITOR = 'drill-editor@e2e.example';

let answering: Awaited<ReturnType<typeof createTeam>>;
let other: Awaited<ReturnType<typeof createTeam>>;
let campaignPath = '';

/** The code and the answer path inside a team's campaign drill mail, once decrypted with its private key. */
async function secretOf(team: typeof answering) {
  const { ctx } = app();
  const [drill] = await ctx.db
    .select()
    .from(drills)
    .where(and(eq(drills.teamId, team.id), eq(drills.campaignId, campaignPath.split('/').at(-1) ?? '')));
  const [mail] = await ctx.db
    .select()
    .from(outbox)
    .where(eq(outbox.id, drill?.outboxId ?? ''));
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mail?.textBody ?? '')?.[0] ?? '';
  const text = await decryptWith(team.privateKey ?? '', armored);
  return {
    drillId: drill?.id ?? '',
    code: /([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(text)?.[1] ?? '',
    path: /https?:\/\/[^/\s]+(\/drills\/\S+)/.exec(text)?.[1] ?? '',
  };
}

beforeAll(async () => {
  const { ctx } = app();
  answering = await createTeam(ctx, { shortName: 'KOTAE-CSIRT', region: 'kanto' }, { keyVerified: true });
  other = await createTeam(ctx, { shortName: 'MATSU-CSIRT', region: 'kanto' }, { keyVerified: true });
  await createUser(ctx, { email: EDITOR, name: '回答 担当', teams: [{ id: answering.id, role: 'editor' }] });
});

describe('reachability drills', () => {
  test('when the secretariat starts a campaign for a region, then its page lists the teams waiting', async () => {
    const { page } = await openPage();
    await logIn(page, 'secretariat@demo.example');
    await visit(page, '/admin/drills');
    expect(await heading(page)).toBe('疎通確認');
    await page.getByLabel('キャンペーン名', { exact: true }).fill('関東地区 疎通確認');
    await page.getByLabel('地区', { exact: true }).selectOption('kanto');
    await screenshot(page, 'drill-campaigns-ja');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '疎通確認を送る', exact: true }).click();
    await page.waitForURL(/\/admin\/drills\/[0-9a-f-]{36}$/);
    campaignPath = new URL(page.url()).pathname;
    await runDrillsSoon(app().ctx); // the run the form started in the background
    expect(await heading(page)).toBe('疎通確認: 関東地区 疎通確認');
    await page.reload();
    const row = page.locator('tr[data-team="kotae-csirt"]');
    expect(await shown(row.locator('.badge'))).toBe('回答待ち');
    expect(Number(await shown(page.locator('[data-campaign-count="waiting"] .stat-number')))).toBeGreaterThan(1);
    await screenshot(page, 'drill-campaign-ja');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'drill-campaign-ja-390');
  });

  test('when the editor opens the link from the decrypted mail and answers, then the answer and its time are shown', async () => {
    const { path } = await secretOf(answering);
    expect(path).toMatch(/^\/drills\/[0-9a-f-]{36}\.[0-9A-Z]{8}$/);
    const { page } = await openPage();
    await logIn(page, EDITOR, TEST_PASSWORD);
    await visit(page, `${path}?lang=en`);
    expect(await heading(page)).toBe('Answer a reachability check — KOTAE-CSIRT');
    expect(await page.getByLabel('Code', { exact: true }).inputValue()).toMatch(/^[0-9A-Z]{8}$/);
    await screenshot(page, 'drill-answer-en');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'drill-answer-en-390');
    await page.setViewportSize(WIDE);
    await visit(page, `${path}?lang=ja`);
    await page.getByRole('button', { name: '回答する', exact: true }).click();
    expect(await shown(page.locator('[data-answered="true"]'))).toMatch(/^回答を受け付けました。/);
    await screenshot(page, 'drill-answered-ja');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'drill-answered-ja-390');
    const [row] = await app().ctx.db.select().from(drills).where(eq(drills.teamId, answering.id));
    expect([row?.state, row?.answeredVia, row?.answeredBy]).toEqual(['answered', 'editor', EDITOR]);
  });

  test('when the secretariat watches the campaign and another team answers, then the page updates by itself', async () => {
    const { page } = await openPage();
    await logIn(page, 'secretariat@demo.example');
    await visit(page, `${campaignPath}?lang=en`);
    expect(await shown(page.locator('tr[data-team="kotae-csirt"] .badge'))).toBe('Answered');
    expect(await shown(page.locator('tr[data-team="matsu-csirt"] .badge'))).toBe('Waiting');
    const answered = Number(await shown(page.locator('[data-campaign-count="answered"] .stat-number')));
    const { drillId, code } = await secretOf(other);
    const outcome = await answerDrill(app().ctx, { drillId, code, via: 'link', by: 'link', ip: null });
    expect(outcome.kind).toBe('answered');
    // No reload: the live region fetches itself again (every 15 s while answers are awaited).
    await page
      .locator('tr[data-team="matsu-csirt"][data-column="answered"]')
      .waitFor({ state: 'attached', timeout: 25_000 });
    expect(Number(await shown(page.locator('[data-campaign-count="answered"] .stat-number')))).toBe(answered + 1);
    await screenshot(page, 'drill-campaign-en');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'drill-campaign-en-390');
    await page.setViewportSize(WIDE);
    await visit(page, '/admin/freshness?lang=en');
    await page.locator('section.reachability').waitFor();
    await screenshot(page, 'drill-freshness-en');
    await visit(page, '/admin/freshness?lang=ja');
    await screenshot(page, 'drill-freshness-ja');
    await visit(page, '/stats?lang=ja');
    await screenshot(page, 'drill-stats-ja');
  }, 60_000);
});
