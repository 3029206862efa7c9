/** Taking a key out of service on /teams/:slug/keys: retiring, discarding, revoking, and what the page says after. */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog } from '../../src/audit/schema';
import { checkKey } from '../../src/pgp';
import { createTeam, createTeamKey, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfFrom, login } from '../helpers/auth';
import { dearmor, revocableKey, revokedUidKey } from '../helpers/gpg';
import { keyPair, keysOf, post, upload } from './helpers';

describe('retiring and revoking team keys', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function teamWithEditor(shortName: string) {
    const team = await createTeam(t.ctx, { shortName }, { withKey: false });
    const editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] })).email);
    return { team, editor, slug: team.slug, email: team.entry.email };
  }

  test('when the only key is about to be retired, then the page warns plainly in ja and en and asks for an explicit confirmation', async () => {
    const { team, editor, slug, email } = await teamWithEditor('LAST-CSIRT');
    const only = await createTeamKey(t.ctx, team.id, (await keyPair(t.ctx, email)).publicKey, {
      role: 'current',
      verified: true,
    });
    const ja = await editor.get(`/teams/${slug}/keys`).expect(200);
    expect(ja.text).toContain('この鍵を廃止すると、チームには使える鍵がなくなります。');
    expect(ja.text).toMatch(/<input type="checkbox" name="confirmNoKey" value="yes" required>/);
    const en = await editor.get(`/teams/${slug}/keys?lang=en`).expect(200);
    expect(en.text).toContain('If you retire this key, the team will have no usable key');
    expect(en.text).toContain('I understand that the team will have no key');

    // Without the box ticked (a script, or a browser that skipped the check), the server refuses.
    const refused = await post(editor, slug, `/${only.id}/retire`);
    expect(refused.status).toBe(422);
    // (The language chosen last, English, is remembered.)
    expect(refused.text).toContain('To retire it anyway, tick &#34;I understand that the team will have no key&#34;.');
    expect((await keysOf(t.ctx, team.id))[0].role).toBe('current');

    const done = await post(editor, slug, `/${only.id}/retire`, { confirmNoKey: 'yes' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/teams/${slug}/keys?done=no_key`);
    const after = await editor.get(`${done.headers.location}&lang=ja`).expect(200);
    expect(after.text).toContain(
      '鍵を廃止しました。チームには現在、使える鍵がありません。新しい鍵を登録してください。',
    );
    expect((await keysOf(t.ctx, team.id))[0].role).toBe('retired');
    await request(t.app).get(`/teams/${slug}/key.asc`).expect(404);
  });

  test('when the current key is retired while a usable next key exists, then no extra confirmation is asked and the next key takes over', async () => {
    const { team, editor, slug, email } = await teamWithEditor('SWAP-CSIRT');
    const current = await createTeamKey(t.ctx, team.id, (await keyPair(t.ctx, email, 'Old')).publicKey, {
      role: 'current',
      verified: true,
    });
    const next = await createTeamKey(t.ctx, team.id, (await keyPair(t.ctx, email, 'New')).publicKey, {
      role: 'next',
      verified: true,
    });
    const page = await editor.get(`/teams/${slug}/keys`).expect(200);
    expect(page.text).not.toContain('name="confirmNoKey"');
    const res = await post(editor, slug, `/${current.id}/retire`);
    expect(res.headers.location).toBe(`/teams/${slug}/keys?done=promoted`);
    const en = await editor.get(`${res.headers.location}&lang=en`).expect(200);
    expect(en.text).toContain('The key was retired. The next key is now the current key.');
    const api = await request(t.app).get(`/api/v1/teams/${slug}`).expect(200);
    expect(api.body.key.fingerprint).toBe(next.fingerprint);
  });

  test('when a next key is retired, then the page says the current key is still published', async () => {
    const { team, editor, slug, email } = await teamWithEditor('NEXTOUT-CSIRT');
    await createTeamKey(t.ctx, team.id, (await keyPair(t.ctx, email, 'Cur')).publicKey, {
      role: 'current',
      verified: true,
    });
    const next = await createTeamKey(t.ctx, team.id, (await keyPair(t.ctx, email, 'Nxt')).publicKey, {
      role: 'next',
      verified: true,
    });
    const res = await post(editor, slug, `/${next.id}/retire`);
    expect(res.headers.location).toBe(`/teams/${slug}/keys?done=retired`);
    const page = await editor.get(res.headers.location).expect(200);
    expect(page.text).toContain('鍵を廃止しました。現在の鍵はそのまま公開されています。');
  });

  test('when a pending key is discarded, then it is gone and the page says so', async () => {
    const { team, editor, slug, email } = await teamWithEditor('DROP-CSIRT');
    const pair = await keyPair(t.ctx, email);
    await upload(editor, slug, pair.publicKey, pair.fingerprint);
    const [pending] = await keysOf(t.ctx, team.id);
    const page = await editor.get(`/teams/${slug}/keys`).expect(200);
    expect(page.text).toContain(`action="/teams/${slug}/keys/${pending.id}/retire"`);
    expect(page.text).toContain('破棄する');
    const res = await post(editor, slug, `/${pending.id}/retire`);
    expect(res.headers.location).toBe(`/teams/${slug}/keys?done=discarded`);
    expect((await editor.get(res.headers.location)).text).toContain('所持確認待ちの鍵を破棄しました。');
    expect(await keysOf(t.ctx, team.id)).toEqual([]);
  });

  test('when the mail encryption choice is saved, then the page confirms it', async () => {
    const { editor, slug } = await teamWithEditor('MAILSET-CSIRT');
    const page = await editor.get(`/teams/${slug}/keys`).expect(200);
    const res = await editor
      .post(`/teams/${slug}/mail-encryption`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), encrypt: 'yes' });
    expect(res.headers.location).toBe(`/teams/${slug}/keys?done=mail`);
    expect((await editor.get(res.headers.location)).text).toContain('メールの暗号化の設定を保存しました。');
  });

  test.each([
    ['the certificate gpg --gen-revoke writes', 'revocationCertificate'],
    ['the certificate gpg wrote at generation, ":" guard and all', 'generatedRevocation'],
    ['the key exported again after importing its revocation', 'revokedExport'],
  ] as const)(
    'when an editor uploads %s, then the key is stored revoked and retired, audited, and the next key takes over',
    async (_label, form) => {
      const { team, editor, slug, email } = await teamWithEditor(`REV${form.length}-CSIRT`);
      const gpgKey = await revocableKey(t.ctx.clock.now(), `Rev CSIRT <${email}>`);
      const current = await createTeamKey(t.ctx, team.id, gpgKey.publicKey, { role: 'current', verified: true });
      const next = await createTeamKey(t.ctx, team.id, (await keyPair(t.ctx, email)).publicKey, {
        role: 'next',
        verified: true,
      });
      const page = await editor.get(`/teams/${slug}/keys`).expect(200);
      const res = await editor
        .post(`/teams/${slug}/keys/revocation`)
        .field('_csrf', csrfFrom(page.text))
        .attach('file', Buffer.from(gpgKey[form]), 'revocation.asc');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/teams/${slug}/keys?done=revoked_promoted`);
      const after = await editor.get(res.headers.location).expect(200);
      expect(after.text).toContain('失効を取り込みました。');
      expect(after.text).toContain('<span class="badge badge-stale">失効済み</span>');

      const rows = await keysOf(t.ctx, team.id);
      const revoked = rows.find((k) => k.id === current.id)!;
      expect(revoked).toMatchObject({ role: 'retired', status: 'revoked' });
      expect(rows.find((k) => k.id === next.id)?.role).toBe('current');
      // The stored key now carries the revocation (and nothing else new): every check calls it revoked.
      expect((await checkKey(revoked.armored, { now: t.ctx.clock.now() })).errors).toEqual([{ code: 'revoked' }]);
      expect(revoked.uids).toEqual(current.uids);
      const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'key.revoked'));
      expect(audit).toBeDefined();

      // The same revocation again: nothing changes, the page says so.
      const again = await editor
        .post(`/teams/${slug}/keys/revocation`)
        .field('_csrf', csrfFrom(after.text))
        .field('revocation', gpgKey[form]);
      expect(again.headers.location).toBe(`/teams/${slug}/keys?done=already`);
    },
  );

  test('when the revocation is not one, is for another key, does not verify or is a private key, then 422 says which in the page language', async () => {
    const { team, editor, slug, email } = await teamWithEditor('BADREV-CSIRT');
    const mine = await revocableKey(t.ctx.clock.now(), `Mine <${email}>`);
    const other = await revocableKey(t.ctx.clock.now(), 'Other <other@elsewhere.example.jp>');
    await createTeamKey(t.ctx, team.id, mine.publicKey, { role: 'current', verified: true });
    const uidOnly = await revokedUidKey(t.ctx.clock.now(), email);
    // Flip one byte inside the signature's value: still issued by this key, no longer valid.
    const bytes = dearmor(mine.revocationCertificate);
    bytes[bytes.length - 5] ^= 0xff;
    const cases: [string | Buffer, string, string][] = [
      ['', 'ja', '失効証明書を貼り付けるか、ファイルを選んでください。'],
      [mine.publicKey, 'ja', '鍵の失効署名が見つかりません。'],
      [uidOnly!.publicKey, 'en', 'a revoked user ID does not revoke the key'],
      [other.revocationCertificate, 'en', 'This revokes none of the keys registered for this team.'],
      [bytes, 'en', 'The revocation does not verify with the key.'],
      [
        '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxx\n-----END PGP PRIVATE KEY BLOCK-----\n',
        'ja',
        'これは秘密鍵です。',
      ],
    ];
    for (const [input, lang, message] of cases) {
      const page = await editor.get(`/teams/${slug}/keys?lang=${lang}`).expect(200);
      const req = editor.post(`/teams/${slug}/keys/revocation?lang=${lang}`).field('_csrf', csrfFrom(page.text));
      const res = await (typeof input === 'string'
        ? req.field('revocation', input)
        : req.attach('file', input, 'revocation.gpg'));
      expect([res.status, res.text.includes(message)]).toEqual([422, true]);
    }
    expect((await keysOf(t.ctx, team.id))[0]).toMatchObject({ role: 'current', status: 'valid' });
  });

  test('when a team revokes its only key, then the page says the team has no key now', async () => {
    const { team, editor, slug, email } = await teamWithEditor('ONLYREV-CSIRT');
    const gpgKey = await revocableKey(t.ctx.clock.now(), `Only <${email}>`);
    await createTeamKey(t.ctx, team.id, gpgKey.publicKey, { role: 'current', verified: true });
    const page = await editor.get(`/teams/${slug}/keys`).expect(200);
    const res = await editor
      .post(`/teams/${slug}/keys/revocation`)
      .field('_csrf', csrfFrom(page.text))
      .field('revocation', gpgKey.revocationCertificate);
    expect(res.headers.location).toBe(`/teams/${slug}/keys?done=revoked_no_key`);
    const en = await editor.get(`${res.headers.location}&lang=en`).expect(200);
    expect(en.text).toContain('The team has no usable key now: please register a new key.');
  });
});
