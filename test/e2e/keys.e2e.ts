/**
 * PGP keys in a real browser: the public key check (file upload, pasted private key, a user ID with HTML in it),
 * and SAKURA-CSIRT's editor registering a next key, proving possession with the code mailed encrypted to it, and the
 * public team page then serving both keys — with the demo teams and accounts, on a clock fixed at 2026-11-22.
 */
import fs from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import type { Locator, Page, Response } from 'playwright-core';
import { DEMO_TEAMS } from '../../seeds/demo-teams';
import { outbox } from '../../src/mail/schema';
import { checkKey, decryptWith, describePublicKey, generateKeyPair } from '../../src/pgp';
import { expectedStatusLine, screenshot, shown, useBrowserSuite } from './helpers/browser';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'keys');
/** SAKURA-CSIRT's current key as the demo seed registers it. */
const SAKURA_SEED_KEY = path.join(__dirname, '..', '..', 'seeds', 'keys', 'sakura-csirt.asc');
const EDITOR = 'editor@demo.example';
const SAKURA = DEMO_TEAMS.find((team) => team.shortName === 'SAKURA-CSIRT')!;
const SAKURA_SLUG = 'sakura-csirt';
/** The possession code as the app makes it: 2×4 characters of an alphabet without 0, 1, I, O. */
const POSSESSION_CODE = /^([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})$/m;
const PGP_MESSAGE = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/;

/** The fingerprint a fixture has, from fingerprints.txt (written by make-fixtures.sh from gpg's output). */
function fixtureFingerprint(file: string): string {
  const line = fs
    .readFileSync(path.join(FIXTURES, 'fingerprints.txt'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${file} `));
  if (!line) throw new Error(`no fingerprint for ${file} in fingerprints.txt`);
  return line.split(' ')[1].trim();
}

/** "ABCD 1234 …": a fingerprint the way the pages show it. */
function grouped(fingerprint: string): string {
  return (fingerprint.match(/.{4}/g) ?? []).join(' ');
}

const { app, heading, logIn, openPage, url, visit } = useBrowserSuite();

/** Clicks a form's submit button and returns the response to the POST it makes, once its page has loaded. */
async function submit(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    button.click(),
  ]);
  await page.waitForLoadState();
  return response;
}

/** Full-page screenshots at the two widths people use: a desktop (1280 px) and a phone (390 px). */
async function screenshots(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function switchToEnglish(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: '言語' }).getByRole('link', { name: 'English' }).click();
  await page.waitForURL(/[?&]lang=en\b/);
}

/** The codes of the problems of one kind the key report lists, in order. */
async function problemCodes(page: Page, kind: 'errors' | 'warnings'): Promise<(string | null)[]> {
  const items = page.locator(`.key-report ul.problems[data-kind="${kind}"] li`);
  return Promise.all((await items.all()).map((li) => li.getAttribute('data-code')));
}

function problem(page: Page, kind: 'errors' | 'warnings', code: string): Locator {
  return page.locator(`.key-report ul.problems[data-kind="${kind}"] li[data-code="${code}"]`);
}

describe('the key check page', () => {
  test('when a reader uploads an RSA 2048 key file, then it can be registered with a warning about its size', async () => {
    const { page } = await openPage();
    await visit(page, '/keys/check');
    expect(await heading(page)).toBe('PGP 公開鍵のチェック');
    expect(await page.getByLabel('公開鍵（ASCII 形式）', { exact: true }).isVisible()).toBe(true);
    // Nothing checked yet: no report.
    expect(await page.locator('.key-report').count()).toBe(0);

    await page.locator('#file').setInputFiles(path.join(FIXTURES, 'rsa2048.asc'));
    const response = await submit(page, page.getByRole('button', { name: 'チェック', exact: true }));
    expect(response.status()).toBe(200);

    const report = page.locator('.key-report');
    await report.waitFor();
    expect(await shown(report.locator('.report-verdict'))).toBe('この鍵は登録できます。');
    expect(await shown(report.locator('code.fingerprint'))).toBe(grouped(fixtureFingerprint('rsa2048.asc')));
    expect(await problemCodes(page, 'errors')).toEqual([]);
    expect(await problemCodes(page, 'warnings')).toEqual(expect.arrayContaining(['rsa_under_3072', 'no_expiry']));
    expect(await shown(problem(page, 'warnings', 'rsa_under_3072'))).toBe(
      'RSA 2048 ビットの鍵です。3072 ビット以上を推奨します。',
    );
    await screenshot(page, 'keycheck-ok-ja');
  });

  test('when a reader pastes a private key, then it is refused without being echoed, in Japanese and in English', async () => {
    // A refused key is answered with 422, which the browser logs; that one is expected.
    const { page } = await openPage({ ignoreConsole: [expectedStatusLine(url('/keys/check'), 422)] });
    const secret = fs.readFileSync(path.join(FIXTURES, 'secret-key-DO-NOT-USE.asc'), 'utf8');
    // Lines of the armored body: none may come back in the page.
    const secretLines = secret.split('\n').filter((line) => /^[A-Za-z0-9+/]{40,}={0,2}$/.test(line));
    expect(secretLines.length).toBeGreaterThan(0);

    await visit(page, '/keys/check');
    await page.getByLabel('公開鍵（ASCII 形式）', { exact: true }).fill(secret);
    let response = await submit(page, page.getByRole('button', { name: 'チェック', exact: true }));
    expect(response.status()).toBe(422);

    const report = page.locator('.key-report');
    await report.waitFor();
    expect(await shown(report.locator('.report-verdict'))).toBe('この鍵は登録できません。');
    expect(await problemCodes(page, 'errors')).toEqual(['private_key']);
    expect(await shown(problem(page, 'errors', 'private_key'))).toContain('これは秘密鍵です');
    expect(await page.locator('#key').inputValue()).toBe('');
    const html = await page.content();
    expect(html).not.toContain('PRIVATE KEY BLOCK');
    for (const line of secretLines) expect(html).not.toContain(line);

    await switchToEnglish(page);
    expect(await heading(page)).toBe('Check a PGP public key');
    await page.getByLabel('Public key (ASCII armor)', { exact: true }).fill(secret);
    response = await submit(page, page.getByRole('button', { name: 'Check', exact: true }));
    expect(response.status()).toBe(422);
    await report.waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await shown(report.locator('.report-verdict'))).toBe('This key cannot be registered.');
    expect(await problemCodes(page, 'errors')).toEqual(['private_key']);
    expect(await shown(problem(page, 'errors', 'private_key'))).toContain('This is a PRIVATE key.');
    const htmlEn = await page.content();
    for (const line of secretLines) expect(htmlEn).not.toContain(line);
    await screenshot(page, 'keycheck-private-en');
  });

  test('when a reader uploads a key whose user ID holds a script tag, then the user ID is shown as text and nothing runs', async () => {
    const { page } = await openPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await visit(page, '/keys/check');

    await page.locator('#file').setInputFiles(path.join(FIXTURES, 'html-uid.asc'));
    const response = await submit(page, page.getByRole('button', { name: 'チェック', exact: true }));
    expect(response.status()).toBe(200);

    const report = page.locator('.key-report');
    await report.waitFor();
    expect(await shown(report.locator('.report-verdict'))).toBe('この鍵は登録できます。');
    expect((await report.locator('ul.plain li').allInnerTexts()).map((s) => s.trim())).toEqual([
      '<script>alert(1)</script> <html@fixture.example.jp>',
    ]);
    // Text, not markup: no script element came into the report.
    expect(await report.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});

/**
 * One rotation, in order: the editor registers a next key and proves possession, then the public sees both keys.
 * The second test reads what the first one left in this file's database.
 */
describe('the team key rotation', () => {
  let newFingerprint: string | undefined;

  test('when the SAKURA-CSIRT editor registers a new key and enters the code mailed encrypted to it, then it is the verified next key', async () => {
    const { page } = await openPage();
    const currentFingerprint = (await describePublicKey(fs.readFileSync(SAKURA_SEED_KEY, 'utf8'))).fingerprint;
    const pair = await generateKeyPair({
      name: 'SAKURA-CSIRT e2e',
      email: SAKURA.email,
      created: app().ctx.clock.now(),
    });
    const check = await checkKey(pair.publicKey, { now: app().ctx.clock.now() });
    expect(check.errors).toEqual([]);
    const fingerprint = check.fingerprint!;
    expect(fingerprint).toMatch(/^[0-9A-F]{40}$/);

    await logIn(page, EDITOR);
    await visit(page, `/teams/${SAKURA_SLUG}/keys`);
    expect(await heading(page)).toBe('SAKURA-CSIRT の PGP 鍵');

    const currentPanel = page.locator('section.key-panel[data-role="current"]');
    expect(await shown(currentPanel.getByRole('heading', { level: 2 }))).toBe('現在の鍵');
    expect(await shown(currentPanel.locator('code.fingerprint'))).toBe(grouped(currentFingerprint));
    expect(await page.locator('section.key-panel[data-role="next"]').count()).toBe(0);

    const upload = page.getByRole('region', { name: '鍵を登録' });
    expect(await upload.locator('textarea#key').isVisible()).toBe(true);
    expect(await upload.locator('input#file[type="file"]').isVisible()).toBe(true);
    expect(await upload.locator('input#fingerprint[type="text"]').isVisible()).toBe(true);
    const register = upload.getByRole('button', { name: '鍵を登録', exact: true });
    expect(await register.isVisible()).toBe(true);

    await upload.getByLabel('公開鍵（ASCII 形式）', { exact: true }).fill(pair.publicKey);
    // As a person copies it from gpg: groups of four, lowercase here; spaces and case do not matter.
    await upload.locator('#fingerprint').fill(grouped(fingerprint).toLowerCase());
    const uploaded = await submit(page, register);
    expect(uploaded.status()).toBe(200);

    const notice = page.locator('.alert-ok[role="status"]');
    await notice.waitFor();
    expect(await shown(notice)).toContain('鍵を受け付けました');
    expect(await shown(notice)).toContain(SAKURA.email);
    expect(await shown(notice)).toContain('コードを入力するまで、この鍵は公開されません。');
    // Pending: not the next key yet, and not published.
    expect(await page.locator('section.key-panel[data-role="next"]').count()).toBe(0);
    const pendingPanel = page.locator('section.key-panel[data-role="pending"]');
    expect(await shown(pendingPanel.getByRole('heading', { level: 2 }))).toBe('新しい鍵（所持確認待ち・未公開）');
    expect(await shown(pendingPanel.locator('code.fingerprint'))).toBe(grouped(fingerprint));
    expect(await shown(pendingPanel.locator('[data-verified]'))).toBe('未確認');
    expect((await page.request.get(url(`/vks/v1/by-fingerprint/${fingerprint}`))).status()).toBe(404);
    // The current key stays current until it is retired.
    expect(await shown(currentPanel.locator('code.fingerprint'))).toBe(grouped(currentFingerprint));
    await screenshots(page, 'keys-pending-ja');

    // The code went to the team's address, encrypted to the new key.
    const [mail] = await app()
      .ctx.db.select()
      .from(outbox)
      .where(eq(outbox.template, 'key-possession'))
      .orderBy(desc(outbox.createdAt))
      .limit(1);
    expect(mail?.toAddresses).toEqual([SAKURA.email]);
    expect(mail.textBody).toContain(fingerprint);
    const encrypted = PGP_MESSAGE.exec(mail.textBody)?.[0];
    expect(encrypted).toBeDefined();
    const code = POSSESSION_CODE.exec(await decryptWith(pair.privateKey, encrypted!))?.[1];
    expect(code).toBeDefined();

    await pendingPanel.locator('input[name="code"]').fill(code!);
    const verified = await submit(page, pendingPanel.getByRole('button', { name: '所持を確認', exact: true }));
    expect(verified.status()).toBe(200);
    await notice.waitFor();
    expect(await shown(notice)).toBe(
      '鍵の所持を確認しました。この鍵は「次の鍵」として現在の鍵と一緒に公開されています。現在の鍵を廃止すると切り替わります。',
    );
    const nextPanel = page.locator('section.key-panel[data-role="next"]');
    expect(await shown(nextPanel.locator('code.fingerprint'))).toBe(grouped(fingerprint));
    expect(await shown(nextPanel.locator('[data-verified]'))).toMatch(/^確認済み（\d{4}年\d{1,2}月\d{1,2}日）$/);
    expect(await nextPanel.locator('input[name="code"]').count()).toBe(0);

    // The switch is made from the keys page itself: after the verify POST the address is the form's action.
    await visit(page, `/teams/${SAKURA_SLUG}/keys`);
    await switchToEnglish(page);
    expect(await heading(page)).toBe('PGP keys of SAKURA-CSIRT');
    expect(await shown(currentPanel.getByRole('heading', { level: 2 }))).toBe('Current key');
    expect(await shown(nextPanel.getByRole('heading', { level: 2 }))).toBe('Next key (rotation)');
    expect(await shown(nextPanel.locator('code.fingerprint'))).toBe(grouped(fingerprint));
    expect(await shown(nextPanel.locator('[data-verified]'))).toMatch(/^Verified on \d{1,2} [A-Z][a-z]{2,3} \d{4}$/);
    await screenshots(page, 'keys-manage-verified-en');
    newFingerprint = fingerprint;
  });

  test('when the public opens SAKURA-CSIRT after the new key was registered, then both keys and the download link are shown', async () => {
    expect(newFingerprint).toBeDefined();
    const { page } = await openPage();
    await visit(page, `/teams/${SAKURA_SLUG}`);

    const keys = page.getByRole('region', { name: 'PGP 公開鍵' });
    const fingerprints = (await keys.locator('code.fingerprint').allInnerTexts()).map((s) => s.trim());
    expect(fingerprints).toHaveLength(2);
    expect(fingerprints[1]).toBe(grouped(newFingerprint!));
    expect(fingerprints[0]).not.toBe(fingerprints[1]);
    expect(await shown(keys.getByRole('heading', { level: 3, name: '次の鍵（切り替え中）' }))).toBe(
      '次の鍵（切り替え中）',
    );

    const download = keys.getByRole('link', { name: '公開鍵をダウンロード（.asc）', exact: true });
    expect(await download.getAttribute('href')).toBe(`/teams/${SAKURA_SLUG}/key.asc`);
    // The link serves both keys as one armored keyring.
    const asc = await page.request.get(url(`/teams/${SAKURA_SLUG}/key.asc`));
    expect(asc.status()).toBe(200);
    expect(asc.headers()['content-type']).toMatch(/^application\/pgp-keys/);
    expect(await asc.text()).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    await screenshot(page, 'team-keys-ja');
  });

  test('when the editor uploads a key whose only user ID is another organisation address, then the page warns at once, in ja and en, and the key can be discarded', async () => {
    const { page } = await openPage();
    page.on('dialog', (dialog) => void dialog.accept());
    const foreign = await generateKeyPair({
      name: 'Other Org PSIRT',
      email: 'psirt@other-org.example.com',
      created: app().ctx.clock.now(),
    });
    const fingerprint = (await checkKey(foreign.publicKey, { now: app().ctx.clock.now() })).fingerprint!;
    await logIn(page, EDITOR);
    await visit(page, `/teams/${SAKURA_SLUG}/keys`);
    // After the rotation above both places are taken (no upload form): retiring the current key ends it.
    const upload = page.getByRole('region', { name: '鍵を登録' });
    expect(await upload.locator('textarea#key').count()).toBe(0);

    const currentPanel = page.locator('section.key-panel[data-role="current"]');
    await submit(page, currentPanel.getByRole('button', { name: '廃止する', exact: true }));
    const notice = page.locator('.alert-ok[role="status"]');
    expect(await shown(notice)).toBe('鍵を廃止しました。次の鍵が現在の鍵になりました。');
    expect(page.url()).toBe(url(`/teams/${SAKURA_SLUG}/keys?done=promoted`));
    await screenshots(page, 'keys-retired-promoted-ja');

    await upload.getByLabel('公開鍵（ASCII 形式）', { exact: true }).fill(foreign.publicKey);
    await upload.locator('#fingerprint').fill(fingerprint);
    expect((await submit(page, upload.getByRole('button', { name: '鍵を登録', exact: true }))).status()).toBe(200);
    const warning = page.locator('.uid-mismatch[role="alert"]');
    expect(await shown(warning)).toContain(
      `この鍵のユーザー ID には、チームのアドレス ${SAKURA.email} が含まれていません。`,
    );
    // Above everything else of the result: the first thing after the notice.
    const order = await page
      .locator('main .alert, main .key-report')
      .evaluateAll((els) => els.map((el) => (el as unknown as { className: string }).className));
    expect(order.slice(0, 2)).toEqual(['alert alert-ok', 'alert alert-error uid-mismatch']);
    await screenshots(page, 'keys-uid-mismatch-ja');

    await visit(page, `/teams/${SAKURA_SLUG}/keys?lang=en`);
    expect(await shown(page.locator('section.key-panel[data-role="pending"] .uid-mismatch'))).toContain(
      `None of this key's user IDs contains the team address ${SAKURA.email}.`,
    );
    await screenshots(page, 'keys-uid-mismatch-en');
    const pendingPanel = page.locator('section.key-panel[data-role="pending"]');
    await submit(page, pendingPanel.getByRole('button', { name: 'Discard', exact: true }));
    expect(await shown(notice)).toBe('The key awaiting proof of possession was discarded.');
    expect(await page.locator('section.key-panel[data-role="pending"]').count()).toBe(0);
  });

  test('when the editor retires the only key left, then the page says plainly the team will have no key and asks for the box to be ticked', async () => {
    const { page } = await openPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await logIn(page, EDITOR);
    await visit(page, `/teams/${SAKURA_SLUG}/keys`);
    const currentPanel = page.locator('section.key-panel[data-role="current"]');
    expect(await shown(currentPanel.locator('.last-key'))).toContain(
      'この鍵を廃止すると、チームには使える鍵がなくなります。',
    );
    await screenshots(page, 'keys-last-key-ja');

    // Not ticked: the browser does not send the form (and the server would refuse it).
    const retire = currentPanel.getByRole('button', { name: '廃止する', exact: true });
    await retire.click();
    expect(page.url()).toBe(url(`/teams/${SAKURA_SLUG}/keys`));
    expect(dialogs).toEqual([]);

    await currentPanel.getByLabel('チームに鍵がなくなることを理解したうえで廃止します').check();
    await submit(page, retire);
    expect(dialogs).toEqual(['チームに使える鍵がなくなります。本当に廃止しますか？']);
    expect(await shown(page.locator('.alert-warning[role="status"]'))).toBe(
      '鍵を廃止しました。チームには現在、使える鍵がありません。新しい鍵を登録してください。',
    );
    expect(await page.locator('section.key-panel').count()).toBe(0);
    await switchToEnglish(page);
    expect(await shown(page.locator('.alert-warning[role="status"]'))).toBe(
      'The key was retired. The team has no usable key now: please register a new key.',
    );
    await screenshots(page, 'keys-no-key-en');
  });
});
