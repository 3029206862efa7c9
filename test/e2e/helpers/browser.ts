/**
 * End-to-end helpers: Debian's Chromium driven by playwright-core, the real app on a random local port with the
 * demo teams, full-page screenshots for the developers, and a collector for console errors and CSP violations.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { seedDemoSnapshots, seedDemoTeams } from '../../../seeds/demo';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '../../../seeds/demo-accounts';
import { seedDemoAnnouncements } from '../../../seeds/demo-announcements';
import { seedDemoDrills } from '../../../seeds/demo-drills';
import type { Env } from '../../../src/config';
import { createTestApp, type TestContext } from '../../helpers/app';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

interface RunningApp {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  /** The app's context (database, fixed clock, mailer), for tests that read what the app wrote, e.g. the outbox. */
  ctx: TestContext;
  stop(): Promise<void>;
}

/**
 * The real app on a fresh migrated database (clock fixed at the test instant) with the 24 demo teams and the demo
 * accounts (secretariat, SAKURA-CSIRT editor, TMS-CSIRT member; password DEMO_PASSWORD), their past drills and
 * the demo announcements.
 */
async function startDemoApp(opts: { env?: Partial<Env> } = {}): Promise<RunningApp> {
  const { app, ctx } = await createTestApp(opts);
  let server: http.Server | undefined;
  try {
    await seedDemoTeams(ctx);
    await seedDemoSnapshots(ctx);
    await seedDemoAccounts(ctx);
    await seedDemoDrills(ctx);
    await seedDemoAnnouncements(ctx);
    const listening = http.createServer(app);
    server = listening;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await ctx.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const running = server;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    ctx,
    async stop() {
      // Keep-alive connections from the browser would hold close() open.
      running.closeAllConnections();
      await new Promise<void>((resolve, reject) => running.close((err) => (err ? reject(err) : resolve())));
      await ctx.close();
    },
  };
}

const SCREENSHOT_DIR = path.join(__dirname, '..', 'screenshots');

/** Saves a full-page PNG as test/e2e/screenshots/<name>.png (gitignored) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

interface PageProblems {
  /** Console errors, uncaught exceptions and CSP violations seen so far, one line each. */
  readonly list: string[];
}

/**
 * Watches a page for console errors, uncaught exceptions and Content-Security-Policy violations (the latter through
 * the `securitypolicyviolation` event, which fires even when the console message is not an error).
 * `ignore` drops console errors the test expects, matched against the whole line (message and source URL), e.g.
 * the 404 of a page opened on purpose: see expectedStatusLine().
 */
async function watchForProblems(page: Page, ignore: RegExp[] = []): Promise<PageProblems> {
  const list: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const { url } = msg.location();
    const line = `console error: ${msg.text()}${url ? ` (${url})` : ''}`;
    if (ignore.some((re) => re.test(line))) return;
    list.push(line);
  });
  page.on('pageerror', (err) => {
    list.push(`page error: ${err.message}`);
  });
  await page.exposeFunction('__reportCspViolation', (line: string) => {
    list.push(`CSP violation: ${line}`);
  });
  // A string, as the project's type-checking has no DOM library.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    window.__reportCspViolation(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' on ' + e.documentURI);
  });`);
  return { list };
}

/** Matches the console error Chromium logs for a document or resource answered with `status`, and only that one. */
export function expectedStatusLine(url: string, status: number): RegExp {
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^console error: Failed to load resource: the server responded with a status of ${status}\\b.* \\(${escaped}\\)$`,
  );
}

/** The text a reader sees in an element (rendered text, so hidden parts are left out), trimmed. */
export async function shown(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text a reader sees, which is what these tests check.
  return (await locator.innerText()).trim();
}

interface BrowserSuite {
  /** The running demo app (available once the suite's beforeAll has run). */
  app(): RunningApp;
  /** A fresh context (own cookies and permissions, so logged out) and page; every test gets one. */
  openPage(
    opts?: BrowserContextOptions & { ignoreConsole?: RegExp[] },
  ): Promise<{ page: Page; context: BrowserContext }>;
  url(path: string): string;
  /** Opens `path` and checks it was answered with 200. */
  visit(page: Page, path: string): Promise<void>;
  heading(page: Page): Promise<string>;
  /**
   * Logs in through the login form (in Japanese) with the demo password unless `password` is given, and waits for
   * the landing page: the secretariat's area for the demo secretariat, the directory for everyone else; for a demo
   * account also for its name in the header.
   */
  logIn(page: Page, email: string, password?: string): Promise<void>;
}

/**
 * One browser and one demo app per test file, a new context per test, and after every test the check that no page
 * it visited logged a console error, a script error or a CSP violation.
 */
export function useBrowserSuite(opts: { env?: Partial<Env> } = {}): BrowserSuite {
  let browser: Browser | undefined;
  let app: RunningApp | undefined;
  let context: BrowserContext | undefined;
  let problems: PageProblems | undefined;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startDemoApp(opts)]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  afterEach(async () => {
    const seen = problems?.list ?? [];
    await context?.close();
    context = undefined;
    problems = undefined;
    expect(seen).toEqual([]);
  });

  const running = (): RunningApp => {
    if (!app) throw new Error('the demo app is not running (used outside a test?)');
    return app;
  };
  const url = (path: string) => `${running().baseUrl}${path}`;
  const visit = async (page: Page, path: string) => {
    const response = await page.goto(url(path));
    expect(`${path} ${response?.status()}`).toBe(`${path} 200`);
  };

  return {
    app: running,
    url,
    visit,
    async openPage(opts = {}) {
      const { ignoreConsole, ...contextOptions } = opts;
      if (!browser) throw new Error('the browser is not running (used outside a test?)');
      context = await browser.newContext({
        locale: 'ja-JP',
        timezoneId: 'Asia/Tokyo',
        viewport: { width: 1280, height: 800 },
        ...contextOptions,
      });
      // Fail fast with Playwright's message rather than at Jest's test timeout.
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      problems = await watchForProblems(page, ignoreConsole);
      return { page, context };
    },
    heading: (page) => shown(page.getByRole('heading', { level: 1 })),
    async logIn(page, email, password = DEMO_PASSWORD) {
      const account = DEMO_ACCOUNTS.find((a) => a.email === email);
      await visit(page, '/login');
      await page.getByLabel('メールアドレス', { exact: true }).fill(email);
      await page.getByLabel('パスワード', { exact: true }).fill(password);
      await page.getByRole('main').getByRole('button', { name: 'ログイン', exact: true }).click();
      await page.waitForURL(url(account?.secretariat ? '/admin' : '/'));
      if (account) {
        await page
          .getByRole('navigation', { name: 'アカウント' })
          .getByRole('link', { name: account.name, exact: true })
          .waitFor();
      }
    },
  };
}
