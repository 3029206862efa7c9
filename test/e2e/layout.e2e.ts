/**
 * Layout at a phone's width (390 px) and a laptop's (1280 px), in Japanese and English, for each kind of reader:
 * no page is wider than the window (document.scrollingElement.scrollWidth > innerWidth means scrolling sideways),
 * nothing sticks out of the page's content column unless it sits in its own scrolling box (a wide table), and the
 * header keeps its two rows. Every page is saved as a screenshot for people to look at.
 */
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { seedDemoApplications } from '../../seeds/demo-applications';
import { users } from '../../src/accounts/schema';
import { loadSessionUser } from '../../src/accounts/session-user';
import { hashToken, newRawToken } from '../../src/accounts/tokens';
import { applications } from '../../src/admission/schema';
import { decide } from '../../src/admission/screening-service';
import { entryForEditing, saveEntry } from '../../src/directory/editing';
import { parseEntryForm } from '../../src/entry/entry-form';
import { outbox } from '../../src/mail/schema';
import { screenshot, useBrowserSuite } from './helpers/browser';

const { app, logIn, openPage, visit } = useBrowserSuite();

const WIDTHS = [390, 1280] as const;
const LANGS = ['ja', 'en'] as const;

/** The page's width beyond the window, in CSS pixels (0 when nothing sticks out). */
function overflow(page: Page): Promise<number> {
  return page.evaluate('document.scrollingElement.scrollWidth - window.innerWidth') as Promise<number>;
}

/**
 * Elements whose right edge passes the content column (main), other than those inside a box that scrolls or clips
 * sideways on purpose: a filter box or a table sticking out of its panel even when the window is wide enough.
 */
function sticksOut(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const main = document.querySelector('main');
    const limit = main.getBoundingClientRect().right + 1;
    const found = [];
    for (const el of main.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= limit) continue;
      let box = el.parentElement;
      let contained = false;
      for (; box && box !== main; box = box.parentElement) {
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) { contained = true; break; }
      }
      if (contained) continue;
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      found.push(name + ' +' + Math.round(r.right - limit + 1) + 'px');
    }
    return found.slice(0, 4);
  })()`) as Promise<string[]>;
}

/** At a laptop's width the header keeps two rows: the account bar on one line, the brand and the sections on one. */
function headerRows(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const problems = [];
    const line = (el) => el.getBoundingClientRect().height <= parseFloat(getComputedStyle(el).lineHeight || '24') * 1.6 + 16;
    const utility = document.querySelector('.utility-row');
    if (!line(utility)) problems.push('account bar wraps (' + Math.round(utility.getBoundingClientRect().height) + 'px)');
    const brand = document.querySelector('.brand').getBoundingClientRect();
    const nav = document.querySelector('.site-nav').getBoundingClientRect();
    if (nav.top >= brand.bottom) problems.push('sections wrap below the brand');
    if (nav.height > 40) problems.push('sections take ' + Math.round(nav.height) + 'px');
    return problems;
  })()`) as Promise<string[]>;
}

let applicantPath = '';
let screeningId = '';
let sponsorshipId = '';
let mailId = '';

/** Data every page should show at its fullest: the demo applications, an approval's mail, a long edit in the history. */
beforeAll(async () => {
  const { ctx } = app();
  await seedDemoApplications(ctx);
  const rows = await ctx.db.select().from(applications);
  // The applicant's own page needs its secret link; the seed keeps none, so give one application a known link.
  const needsInfo = rows.find((r) => r.state === 'needs_info')!;
  const raw = newRawToken();
  await ctx.db
    .update(applications)
    .set({ accessTokenHash: hashToken(raw) })
    .where(eq(applications.id, needsInfo.id));
  applicantPath = `/applications/${raw}`;
  screeningId = rows.find((r) => r.state === 'screening')!.id;
  sponsorshipId = rows.find((r) => r.state === 'sponsorship' && r.entry.shortName === 'HIBARI-U-CSIRT')!.id;

  const actor = { userId: null, label: 'layout test' };
  const userOf = async (email: string) => {
    const [row] = await ctx.db.select().from(users).where(eq(users.email, email));
    return (await loadSessionUser(ctx.db, row.id))!;
  };
  const decision = rows.find((r) => r.state === 'decision')!;
  await decide(ctx, await userOf('secretariat@demo.example'), actor, decision.id, 'approve', {
    version: decision.version,
    reference: '2026年11月20日 運営委員会 第12号議案',
  });
  const [mail] = await ctx.db.select({ id: outbox.id }).from(outbox).limit(1);
  mailId = mail.id;

  const editor = await userOf('editor@demo.example');
  const current = await entryForEditing(ctx, editor, 'sakura-csirt', 'ja');
  const form = parseEntryForm({
    ...current.values,
    website: 'https://www.sakura-keisoku.example.jp/security/incident-response/contact-and-pgp-keys/index.html',
    introBackgroundJa: `${current.values.introBackgroundJa}\n製品セキュリティ（PSIRT）機能を統合し、体制を拡充しました。`,
    region: 'kinki',
  }).form!;
  await saveEntry(ctx, editor, actor, 'sakura-csirt', {
    form,
    visibility: { ...current.visibility, phone: 'public' },
    version: current.version,
    confirmCurrent: false,
  });
});

const WALKS: { account: string | null; pages: () => { name: string; path: string }[] }[] = [
  {
    account: null,
    pages: () => [
      { name: 'directory', path: '/' },
      { name: 'directory-page-999', path: '/?page=999' },
      { name: 'team', path: '/teams/sakura-csirt' },
      { name: 'stats', path: '/stats' },
      { name: 'apply', path: '/apply' },
      { name: 'applicant', path: applicantPath },
      { name: 'login', path: '/login' },
    ],
  },
  {
    account: 'editor@demo.example',
    pages: () => [
      { name: 'editor-directory', path: '/' },
      { name: 'editor-team', path: '/teams/sakura-csirt' },
      { name: 'edit', path: '/teams/sakura-csirt/edit' },
      { name: 'history', path: '/teams/sakura-csirt/history' },
      { name: 'sponsor-list', path: '/members/applications' },
      { name: 'sponsor-detail', path: `/members/applications/${sponsorshipId}` },
    ],
  },
  {
    account: 'editor2@demo.example',
    pages: () => [{ name: 'two-teams-sponsor', path: `/members/applications/${sponsorshipId}` }],
  },
  {
    account: 'secretariat@demo.example',
    pages: () => [
      { name: 'admin', path: '/admin' },
      { name: 'audit', path: '/admin/audit' },
      { name: 'mail', path: '/admin/mail' },
      { name: 'mail-message', path: `/admin/mail/${mailId}` },
      { name: 'admin-teams', path: '/admin/teams' },
      { name: 'admin-users', path: '/admin/users' },
      { name: 'admin-freshness', path: '/admin/freshness' },
      { name: 'admin-applications', path: '/admin/applications' },
      { name: 'admin-application', path: `/admin/applications/${screeningId}` },
    ],
  },
];

describe('layout', () => {
  for (const width of WIDTHS) {
    for (const walk of WALKS) {
      test(`when ${walk.account ?? 'an anonymous reader'} opens their pages ${width} px wide in ja and en, then nothing is wider than the window`, async () => {
        const { page } = await openPage({ viewport: { width, height: 900 } });
        if (walk.account) await logIn(page, walk.account);
        const problems: string[] = [];
        for (const lang of LANGS) {
          for (const p of walk.pages()) {
            await visit(page, `${p.path}${p.path.includes('?') ? '&' : '?'}lang=${lang}`);
            const where = `${p.name} ${lang} ${width}px`;
            const extra = await overflow(page);
            if (extra > 0) problems.push(`${where}: the page is ${extra}px wider than the window`);
            for (const el of await sticksOut(page)) problems.push(`${where}: ${el} sticks out`);
            if (width >= 1280) for (const h of await headerRows(page)) problems.push(`${where}: ${h}`);
            await screenshot(page, `layout-${p.name}-${lang}-${width}`);
          }
        }
        expect(problems).toEqual([]);
      });
    }
  }
});

describe('statistics', () => {
  test('when /stats draws its charts, then every count axis ticks in whole teams (answer times in hours)', async () => {
    const { page } = await openPage({ viewport: { width: 1280, height: 900 } });
    await visit(page, '/stats?lang=en');
    // A function, not a string: a string predicate is evaluated inside the page, which the strict CSP refuses.
    await page.waitForFunction(() => {
      const page = globalThis as unknown as {
        document: { querySelectorAll(selector: string): ArrayLike<unknown> };
        Chart?: unknown;
      };
      return page.document.querySelectorAll('canvas[data-chart]').length === 5 && page.Chart !== undefined;
    });
    const ticks = (await page.evaluate(`[...document.querySelectorAll('canvas[data-chart]')].map((canvas) => {
      const chart = window.Chart.getChart(canvas);
      const axis = chart.options.indexAxis === 'y' ? chart.scales.x : chart.scales.y;
      return canvas.id + ': ' + axis.ticks.map((t) => t.value).join(' ');
    })`)) as string[];
    expect(ticks).toHaveLength(5);
    for (const line of ticks.filter((l) => !l.startsWith('chart-answerTimes:'))) {
      expect(line).toMatch(/^chart-\w+: \d+( \d+)+$/);
    }
    expect(ticks.find((l) => l.startsWith('chart-answerTimes:'))).toMatch(/^chart-answerTimes: 0( [\d.]+)+$/);
  });
});
