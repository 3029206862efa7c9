import fs from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../src/audit/schema';
import { decryptWith, generateKeyPair } from '../../src/keys/pgp';
import { recheckKeys } from '../../src/keys/recheck';
import { teamKeys } from '../../src/keys/schema';
import { outbox } from '../../src/mail/schema';
import { createTeam } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, createUser, csrfFrom, login } from '../helpers/auth';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', name));
const grouped = (fpr: string) => fpr.toLowerCase().replace(/(.{4})(?=.)/g, '$1 ');

describe('team key management', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let editor: Agent;
  let team: Awaited<ReturnType<typeof createTeam>>;

  beforeAll(async () => {
    t = await createTestApp();
    team = await createTeam(t.ctx, { shortName: 'KEYS-CSIRT' }, { withKey: false });
    editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] })).email);
  });
  afterAll(() => t.close());

  async function upload(key: string | Buffer, fingerprint: string) {
    const page = await editor.get('/teams/keys-csirt/keys').expect(200);
    const req = editor
      .post('/teams/keys-csirt/keys')
      .field('_csrf', csrfFrom(page.text))
      .field('fingerprint', fingerprint);
    return typeof key === 'string' ? req.field('key', key) : req.attach('file', key, 'key.asc');
  }

  async function lastPossessionMail(): Promise<string> {
    const [mail] = await t.ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.template, 'key-possession'))
      .orderBy(desc(outbox.createdAt))
      .limit(1);
    return mail.textBody;
  }

  test('when an editor uploads a key and proves possession with the decrypted code, then the team page shows it verified', async () => {
    const pair = await generateKeyPair({ name: 'Keys CSIRT', email: team.entry.email, created: t.ctx.clock.now() });
    const fpr = (await import('../../src/keys/pgp')).checkKey(pair.publicKey, { now: t.ctx.clock.now() });
    const fingerprint = (await fpr).fingerprint!;
    const res = await upload(pair.publicKey, grouped(fingerprint));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`暗号化して ${team.entry.email} に送りました`);

    const mail = await lastPossessionMail();
    const message = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mail)![0];
    const code = /([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(await decryptWith(pair.privateKey, message))![1];
    expect(mail).not.toContain(code); // the code travels only encrypted

    const [row] = await t.ctx.db.select().from(teamKeys).where(eq(teamKeys.fingerprint, fingerprint));
    const page = await editor.get('/teams/keys-csirt/keys');
    const wrong = await editor
      .post(`/teams/keys-csirt/keys/${row.id}/verify`)
      .set('Referer', 'http://127.0.0.1/teams/keys-csirt/keys')
      .type('form')
      .send({ code: 'AAAA-AAAA', _csrf: csrfFrom(page.text) });
    expect(wrong.status).toBe(422);
    // The language link of a page answering a form leads back to the form's page, not to the POST-only action.
    expect(wrong.text).toContain('href="/teams/keys-csirt/keys?lang=en"');
    const ok = await editor
      .post(`/teams/keys-csirt/keys/${row.id}/verify`)
      .type('form')
      .send({ code: code.toLowerCase(), _csrf: csrfFrom(page.text) });
    expect(ok.status).toBe(200);
    const reused = await editor
      .post(`/teams/keys-csirt/keys/${row.id}/verify`)
      .type('form')
      .send({ code, _csrf: csrfFrom(page.text) });
    expect(reused.status).toBe(422);
    const teamPage = await request(t.app).get('/teams/keys-csirt').expect(200);
    expect(teamPage.text).toContain('確認済み（2026年11月22日）');
  });

  test('when the typed fingerprint does not match, then 422 and nothing is stored', async () => {
    const pair = await generateKeyPair({ name: 'X', email: team.entry.email, created: t.ctx.clock.now() });
    const before = await t.ctx.db.$count(teamKeys);
    const res = await upload(pair.publicKey, 'A'.repeat(40));
    expect(res.status).toBe(422);
    expect(res.text).toContain('入力されたフィンガープリントが鍵と一致しません。');
    expect(await t.ctx.db.$count(teamKeys)).toBe(before);
  });

  test('when a private key is uploaded, then it is refused plainly and neither stored nor kept anywhere', async () => {
    const before = await t.ctx.db.$count(teamKeys);
    const res = await upload(fixture('secret-key-DO-NOT-USE.asc'), '179D4BB485C6CA38222EEFA59A93E804F7EC7C92');
    expect(res.status).toBe(422);
    expect(res.text).toContain('これは秘密鍵です。');
    expect(res.text).toContain('gpg --armor --export');
    expect(await t.ctx.db.$count(teamKeys)).toBe(before);
    const audit = JSON.stringify(await t.ctx.db.select().from(auditLog));
    expect(audit).not.toContain('PRIVATE');
  });

  test('when the form misses the key or the fingerprint, then 422 says which', async () => {
    const page = await editor.get('/teams/keys-csirt/keys');
    const res = await editor
      .post('/teams/keys-csirt/keys')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), key: '', fingerprint: 'nope' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('公開鍵を貼り付けるか、ファイルを選んでください。');
    expect(res.text).toContain('フィンガープリントは16進数40桁で入力してください。');
  });

  test('when a second key is added while the first is valid, then both are served until the old one is retired', async () => {
    const [current] = await t.ctx.db.select().from(teamKeys).where(eq(teamKeys.teamId, team.id));
    const pair = await generateKeyPair({ name: 'Next', email: team.entry.email, created: t.ctx.clock.now() });
    const { checkKey } = await import('../../src/keys/pgp');
    const nextFpr = (await checkKey(pair.publicKey, { now: t.ctx.clock.now() })).fingerprint!;
    expect((await upload(pair.publicKey, nextFpr)).status).toBe(200);
    await request(t.app).get(`/vks/v1/by-fingerprint/${current.fingerprint}`).expect(200);
    await request(t.app).get(`/vks/v1/by-fingerprint/${nextFpr}`).expect(200);
    const api = await request(t.app).get('/api/v1/teams/keys-csirt').expect(200);
    expect(api.body.key.fingerprint).toBe(current.fingerprint);
    expect(api.body.nextKey.fingerprint).toBe(nextFpr);

    const third = await generateKeyPair({ name: 'Third', email: team.entry.email, created: t.ctx.clock.now() });
    const thirdFpr = (await checkKey(third.publicKey, { now: t.ctx.clock.now() })).fingerprint!;
    const refused = await upload(third.publicKey, thirdFpr);
    expect(refused.status).toBe(409);

    const page = await editor.get('/teams/keys-csirt/keys');
    await editor
      .post(`/teams/keys-csirt/keys/${current.id}/retire`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(302);
    await request(t.app).get(`/vks/v1/by-fingerprint/${current.fingerprint}`).expect(404);
    const after = await request(t.app).get('/api/v1/teams/keys-csirt').expect(200);
    expect(after.body.key.fingerprint).toBe(nextFpr);
    const publicPage = await request(t.app).get('/teams/keys-csirt').expect(200);
    expect(publicPage.text).toContain('鍵の履歴');
    expect(publicPage.text).toContain(current.fingerprint.replace(/(.{4})(?=.)/g, '$1 '));
    const manage = await editor.get('/teams/keys-csirt/keys').expect(200);
    expect(manage.text).toContain('鍵の履歴');
    expect(manage.text).toContain(current.fingerprint.replace(/(.{4})(?=.)/g, '$1 '));
  });

  test('when a current key has expired and a next key exists, then the recheck flags it and rotates', async () => {
    const rotating = await createTeam(
      t.ctx,
      { shortName: 'ROTATE-CSIRT' },
      { keyCreatedDaysAgo: 400, keyValidDays: 365 },
    );
    const nextPair = await generateKeyPair({ name: 'n', email: rotating.entry.email, created: t.ctx.clock.now() });
    const { describePublicKey } = await import('../../src/keys/pgp');
    const { insertTeamKeys } = await import('../../src/keys/queries');
    const { keyRowFrom } = await import('../../src/keys/service');
    await insertTeamKeys(t.ctx.db, [
      keyRowFrom(await describePublicKey(nextPair.publicKey), rotating.id, { role: 'next', now: t.ctx.clock.now() }),
    ]);
    const summary = await recheckKeys(t.ctx, t.ctx.clock.now());
    expect(summary.promoted).toBeGreaterThanOrEqual(1);
    const rows = await t.ctx.db.select().from(teamKeys).where(eq(teamKeys.teamId, rotating.id));
    expect(rows.find((k) => k.fingerprint === rotating.fingerprint)).toMatchObject({
      role: 'retired',
      status: 'expired',
    });
    expect(rows.find((k) => k.role === 'current')?.fingerprint).not.toBe(rotating.fingerprint);
  });

  test('when an editor of another team opens these pages, then 403', async () => {
    const other = await createTeam(t.ctx, {}, { withKey: false });
    const stranger = await login(t.app, (await createUser(t.ctx, { teams: [{ id: other.id, role: 'editor' }] })).email);
    await stranger.get('/teams/keys-csirt/keys').expect(403);
  });
});
