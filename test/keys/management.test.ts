import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../src/audit/schema';
import { recheckKeys } from '../../src/keys/recheck';
import { teamKeys } from '../../src/keys/schema';
import { mailEncryptionKey, setMailEncryption } from '../../src/keys/service';
import { runReminders } from '../../src/reminders/run';
import { reminderLog } from '../../src/reminders/schema';
import { createTeam, createTeamKey, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, login } from '../helpers/auth';
import { fingerprintsIn } from '../helpers/gpg';
import { keyPair, keysOf, possessionCode, post, upload } from './helpers';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', name));
const grouped = (fpr: string) => fpr.replace(/(.{4})(?=.)/g, '$1 ');

describe('team key management', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function editorOf(shortName: string, teamOpts: Parameters<typeof createTeam>[2] = { withKey: false }) {
    const team = await createTeam(t.ctx, { shortName }, teamOpts);
    const editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] })).email);
    return { team, editor, slug: team.slug, email: team.entry.email };
  }

  /** Every place a team's key is published, as an anonymous caller sees them. */
  async function published(slug: string, fingerprint: string) {
    const api = await request(t.app).get(`/api/v1/teams/${slug}`).expect(200);
    const page = await request(t.app).get(`/teams/${slug}`).expect(200);
    const keyAsc = await request(t.app).get(`/teams/${slug}/key.asc`);
    const keyring = await request(t.app).get('/api/v1/keyring.asc');
    const hkp = await request(t.app)
      .get('/pks/lookup')
      .query({ op: 'get', search: `0x${fingerprint}` });
    const vks = await request(t.app).get(`/vks/v1/by-fingerprint/${fingerprint}`);
    return {
      api: [api.body.key?.fingerprint, api.body.nextKey?.fingerprint].includes(fingerprint),
      page: page.text.includes(grouped(fingerprint)),
      keyAsc: keyAsc.status === 200 && fingerprintsIn(keyAsc.text).includes(fingerprint),
      keyring: keyring.status === 200 && fingerprintsIn(keyring.text).includes(fingerprint),
      hkp: hkp.status === 200,
      vks: vks.status === 200,
    };
  }
  async function armoredOf(fingerprint: string) {
    const [row] = await t.ctx.db.select().from(teamKeys).where(eq(teamKeys.fingerprint, fingerprint));
    return row.armored;
  }
  const nowhere = { api: false, page: false, keyAsc: false, keyring: false, hkp: false, vks: false };

  test('when an editor uploads a key, then it is pending and published nowhere until the mailed code is entered; then it is the current key', async () => {
    const { editor, slug, email } = await editorOf('KEYS-CSIRT');
    const pair = await keyPair(t.ctx, email);
    const res = await upload(editor, slug, pair.publicKey, grouped(pair.fingerprint).toLowerCase());
    expect(res.status).toBe(200);
    expect(res.text).toContain(`暗号化して ${email} に送りました。コードを入力するまで、この鍵は公開されません。`);
    expect(res.text).toContain('data-role="pending"');
    expect(res.text).toContain('新しい鍵（所持確認待ち・未公開）');
    expect(await published(slug, pair.fingerprint)).toEqual(nowhere);

    const code = await possessionCode(t.ctx, email, pair.privateKey);
    const [pending] = await t.ctx.db.select().from(teamKeys).where(eq(teamKeys.fingerprint, pair.fingerprint));
    expect(pending.role).toBe('pending');
    const wrong = await post(editor, slug, `/${pending.id}/verify`, { code: 'AAAA-AAAA' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(`href="/teams/${slug}/keys?lang=en"`);
    const ok = await post(editor, slug, `/${pending.id}/verify`, { code: code.toLowerCase() });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('この鍵がチームの現在の鍵として公開されています。');
    expect((await post(editor, slug, `/${pending.id}/verify`, { code })).status).toBe(422); // single use
    expect(await published(slug, pair.fingerprint)).toEqual({ ...nowhere, ...allTrue() });
    const teamPage = await request(t.app).get(`/teams/${slug}`).expect(200);
    expect(teamPage.text).toContain('確認済み（2026年11月22日）');
  });

  function allTrue() {
    return { api: true, page: true, keyAsc: true, keyring: true, hkp: true, vks: true };
  }

  test('when a team with a valid key uploads a new one, then the old key alone is served until the new one is verified; then both are', async () => {
    const { team, editor, slug, email } = await editorOf('ROLL-CSIRT');
    const old = await keyPair(t.ctx, email, 'Old');
    await createTeamKey(t.ctx, team.id, old.publicKey, { role: 'current', verified: true });
    await setMailEncryption(t.ctx.db, team.id, true);
    const fresh = await keyPair(t.ctx, email, 'New');
    expect((await upload(editor, slug, fresh.publicKey, fresh.fingerprint)).status).toBe(200);

    expect(await published(slug, fresh.fingerprint)).toEqual(nowhere);
    expect(await published(slug, old.fingerprint)).toEqual(allTrue());
    expect((await request(t.app).get(`/api/v1/teams/${slug}`)).body.nextKey ?? null).toBeNull();
    expect(await mailEncryptionKey(t.ctx.db, team.id)).toBe(await armoredOf(old.fingerprint));
    const vcard = await request(t.app).get(`/teams/${slug}.vcf`).expect(200);
    expect(vcard.text).not.toContain(fresh.fingerprint);

    const [pending] = await t.ctx.db.select().from(teamKeys).where(eq(teamKeys.fingerprint, fresh.fingerprint));
    const ok = await post(editor, slug, `/${pending.id}/verify`, {
      code: await possessionCode(t.ctx, email, fresh.privateKey),
    });
    expect(ok.text).toContain('この鍵は「次の鍵」として現在の鍵と一緒に公開されています。');
    expect(await published(slug, fresh.fingerprint)).toEqual(allTrue());
    expect(await published(slug, old.fingerprint)).toEqual(allTrue());
    const api = await request(t.app).get(`/api/v1/teams/${slug}`).expect(200);
    expect(api.body.key.fingerprint).toBe(old.fingerprint);
    expect(api.body.nextKey.fingerprint).toBe(fresh.fingerprint);

    // Both places of the rotation are taken: a third key is refused.
    const third = await keyPair(t.ctx, email, 'Third');
    expect((await upload(editor, slug, third.publicKey, third.fingerprint)).status).toBe(409);
  });

  test('when the key has no user ID with the team address, then the upload result says so prominently, in ja and en, and the key stays unpublished', async () => {
    const { editor, slug, email } = await editorOf('MISMATCH-CSIRT');
    const foreign = await keyPair(t.ctx, 'psirt@other-org.example.com', 'Other Org');
    const ja = await upload(editor, slug, foreign.publicKey, foreign.fingerprint);
    expect(ja.status).toBe(200);
    expect(ja.text).toMatch(/class="alert alert-error uid-mismatch" role="alert">.*チームのアドレス/);
    expect(ja.text).toContain(`この鍵のユーザー ID には、チームのアドレス ${email} が含まれていません。`);
    expect(ja.text).toContain('data-code="no_matching_uid"');
    expect(await published(slug, foreign.fingerprint)).toEqual(nowhere);
    // Still said on the page later, next to the pending key, in English too.
    const en = await editor.get(`/teams/${slug}/keys?lang=en`).expect(200);
    expect(en.text).toContain(`None of this key&#39;s user IDs contains the team address ${email}.`);
  });

  test('when a second key is uploaded while one is pending, then it replaces the pending one', async () => {
    const { team, editor, slug, email } = await editorOf('REPLACE-CSIRT');
    const first = await keyPair(t.ctx, email, 'First');
    const second = await keyPair(t.ctx, email, 'Second');
    await upload(editor, slug, first.publicKey, first.fingerprint);
    const [firstRow] = await keysOf(t.ctx, team.id);
    expect((await upload(editor, slug, second.publicKey, second.fingerprint)).status).toBe(200);
    const rows = await keysOf(t.ctx, team.id);
    expect(rows.map((k) => [k.fingerprint, k.role])).toEqual([[second.fingerprint, 'pending']]);
    // The first key's code leads nowhere now.
    const code = await possessionCode(t.ctx, email, first.privateKey).catch(() => 'AAAA-AAAA');
    expect((await post(editor, slug, `/${firstRow.id}/verify`, { code })).status).toBe(404);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.target, second.fingerprint));
    expect(audit.map((a) => [a.action, a.details])).toEqual([
      ['key.uploaded', expect.objectContaining({ role: 'pending', replaced: first.fingerprint })],
    ]);
  });

  test('when the current key has expired, then it stays until the new key is verified, and is retired then', async () => {
    const { team, editor, slug, email } = await editorOf('EXPIRED-CSIRT', {
      keyCreatedDaysAgo: 400,
      keyValidDays: 365,
    });
    const fresh = await keyPair(t.ctx, email);
    await upload(editor, slug, fresh.publicKey, fresh.fingerprint);
    expect((await keysOf(t.ctx, team.id)).find((k) => k.fingerprint === team.fingerprint)?.role).toBe('current');
    const ok = await uploadAndVerifyPending(editor, slug, email, fresh);
    expect(ok.text).toContain('この鍵がチームの現在の鍵として公開されています。');
    const rows = await keysOf(t.ctx, team.id);
    expect(rows.find((k) => k.fingerprint === team.fingerprint)).toMatchObject({ role: 'retired' });
    expect(rows.find((k) => k.fingerprint === fresh.fingerprint)).toMatchObject({ role: 'current' });
  });

  async function uploadAndVerifyPending(
    editor: Agent,
    slug: string,
    email: string,
    pair: { fingerprint: string; privateKey: string },
  ) {
    const [row] = await t.ctx.db.select().from(teamKeys).where(eq(teamKeys.fingerprint, pair.fingerprint));
    return post(editor, slug, `/${row.id}/verify`, { code: await possessionCode(t.ctx, email, pair.privateKey) });
  }

  test('when a team has a key expiring soon and a pending upload, then the key watch still reminds it (a pending key is not a next key)', async () => {
    const { team, editor, slug, email } = await editorOf('WATCH-CSIRT', { keyCreatedDaysAgo: 360, keyValidDays: 365 });
    const fresh = await keyPair(t.ctx, email);
    await upload(editor, slug, fresh.publicKey, fresh.fingerprint);
    await runReminders(t.ctx, { now: t.ctx.clock.now() });
    const sent = await t.ctx.db.select().from(reminderLog).where(eq(reminderLog.teamId, team.id));
    expect(sent.some((r) => r.kind === 'key')).toBe(true);
  });

  test('when the typed fingerprint does not match, then 422 and nothing is stored', async () => {
    const { team, editor, slug, email } = await editorOf('TYPO-CSIRT');
    const pair = await keyPair(t.ctx, email);
    const res = await upload(editor, slug, pair.publicKey, 'A'.repeat(40));
    expect(res.status).toBe(422);
    expect(res.text).toContain('入力されたフィンガープリントが鍵と一致しません。');
    expect(await keysOf(t.ctx, team.id)).toEqual([]);
  });

  test('when a private key is uploaded, then it is refused plainly and neither stored nor kept anywhere', async () => {
    const { team, editor, slug } = await editorOf('SECRET-CSIRT');
    const page = await editor.get(`/teams/${slug}/keys`).expect(200);
    const res = await editor
      .post(`/teams/${slug}/keys`)
      .field('_csrf', csrfFrom(page.text))
      .field('fingerprint', '179D4BB485C6CA38222EEFA59A93E804F7EC7C92')
      .attach('file', fixture('secret-key-DO-NOT-USE.asc'), 'key.asc');
    expect(res.status).toBe(422);
    expect(res.text).toContain('これは秘密鍵です。');
    expect(res.text).toContain('gpg --armor --export');
    expect(await keysOf(t.ctx, team.id)).toEqual([]);
    expect(JSON.stringify(await t.ctx.db.select().from(auditLog))).not.toContain('PRIVATE');
  });

  test('when the form misses the key or the fingerprint, then 422 says which', async () => {
    const { editor, slug } = await editorOf('EMPTY-CSIRT');
    const res = await post(editor, slug, '', { key: '', fingerprint: 'nope' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('公開鍵を貼り付けるか、ファイルを選んでください。');
    expect(res.text).toContain('フィンガープリントは16進数40桁で入力してください。');
  });

  test('when a current key has expired and a next key exists, then the recheck flags it and rotates', async () => {
    const rotating = await createTeam(
      t.ctx,
      { shortName: 'ROTATE-CSIRT' },
      { keyCreatedDaysAgo: 400, keyValidDays: 365 },
    );
    const next = await keyPair(t.ctx, rotating.entry.email);
    await createTeamKey(t.ctx, rotating.id, next.publicKey, { role: 'next', verified: true });
    const summary = await recheckKeys(t.ctx, t.ctx.clock.now());
    expect(summary.promoted).toBeGreaterThanOrEqual(1);
    const rows = await keysOf(t.ctx, rotating.id);
    expect(rows.find((k) => k.fingerprint === rotating.fingerprint)).toMatchObject({
      role: 'retired',
      status: 'expired',
    });
    expect(rows.find((k) => k.role === 'current')?.fingerprint).toBe(next.fingerprint);
  });

  test('when an editor of another team opens these pages, then 403', async () => {
    await editorOf('OWNER-CSIRT');
    const other = await createTeam(t.ctx, {}, { withKey: false });
    const stranger = await login(t.app, (await createUser(t.ctx, { teams: [{ id: other.id, role: 'editor' }] })).email);
    await stranger.get('/teams/owner-csirt/keys').expect(403);
  });
});
