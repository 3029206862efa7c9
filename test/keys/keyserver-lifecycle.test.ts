/**
 * The keyserver over a key's life, checked with real gpg against the running app: found by a team's names, revoked
 * in the registry and learnt by `gpg --refresh-keys`, retired and still found by fingerprint with its retirement
 * shown. Pending uploads are found by nothing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { createApiTokenOf, createTeam, createTeamKey, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfFrom, login } from '../helpers/auth';
import { fingerprintsIn, type RevocableKey, revocableKey } from '../helpers/gpg';
import { keyPair, post, upload } from './helpers';

const run = promisify(execFile);

describe('the keyserver over a key life, with real gpg', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: http.Server;
  let port: number;
  let sakura: Awaited<ReturnType<typeof createTeam>>;
  let sakuraKey: RevocableKey;
  const homes: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    sakura = await createTeam(
      t.ctx,
      {
        shortName: 'SAKURA-CSIRT',
        officialName: { ja: 'さくら計測器 CSIRT', en: 'Sakura Instruments CSIRT' },
        organization: { ja: 'さくら計測器株式会社', en: 'Sakura Keisoku Co., Ltd.' },
        email: 'csirt@sakura-keisoku.example.jp',
      },
      { withKey: false },
    );
    // The user ID names neither the team nor its organisation: a hit on those names is a hit on the team's names.
    sakuraKey = await revocableKey(t.ctx.clock.now(), 'PoC Desk <csirt@sakura-keisoku.example.jp>');
    await createTeamKey(t.ctx, sakura.id, sakuraKey.publicKey, { role: 'current', verified: true });
    server = http.createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(async () => {
    for (const home of homes) {
      await run('gpgconf', ['--homedir', home, '--kill', 'all']).catch(() => undefined);
      fs.rmSync(home, { recursive: true, force: true });
    }
    await new Promise((r) => server.close(r));
    await t.close();
  });

  /** gpg in a fresh home of its own, talking to the app under test (asynchronously: the app must keep answering). */
  function gpgClient() {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-gpg-'));
    homes.push(home);
    return async (...args: string[]) =>
      (
        await run('gpg', ['--homedir', home, '--batch', '--keyserver', `hkp://127.0.0.1:${port}`, ...args], {
          encoding: 'utf8',
          timeout: 60_000,
        })
      ).stdout;
  }

  const index = (search: string) => request(t.app).get('/pks/lookup').query({ op: 'index', options: 'mr', search });

  test('when gpg searches by the team official name or short name, then it lists the team key', async () => {
    const gpg = gpgClient();
    for (const words of ['Sakura Instruments', 'SAKURA-CSIRT']) {
      const found = await gpg('--with-colons', '--search-keys', words);
      expect(found).toContain(`pub:${sakuraKey.fingerprint}:`);
    }
  });

  test('when HKP is searched by name, then case, full-width letters and Japanese match, every word must, and only keys in service are found', async () => {
    for (const words of ['sakura instruments', 'ＳＡＫＵＲＡ－ＣＳＩＲＴ', 'さくら計測器', 'Keisoku', 'PoC Desk']) {
      const res = await index(words).expect(200);
      expect([words, res.text.split('\n')[1]]).toEqual([words, expect.stringContaining(sakuraKey.fingerprint)]);
    }
    await index('Sakura Nonexistent').expect(404);
    await index('%_').expect(404); // wildcards match literally
    const short = await index('x').expect(400);
    expect(short.text).toContain('at least two characters');
  });

  test('when a team hides its key from the public, is suspended, or has only a pending key, then a name search does not find it', async () => {
    await createTeam(t.ctx, { shortName: 'HIDDENNAME-CSIRT', visibility: { key: 'members' } });
    await createTeam(t.ctx, { shortName: 'SUSPNAME-CSIRT', status: 'suspended' });
    const pendingTeam = await createTeam(t.ctx, { shortName: 'PENDNAME-CSIRT' }, { withKey: false });
    const editor = await login(
      t.app,
      (await createUser(t.ctx, { teams: [{ id: pendingTeam.id, role: 'editor' }] })).email,
    );
    const pair = await keyPair(t.ctx, pendingTeam.entry.email);
    expect((await upload(editor, pendingTeam.slug, pair.publicKey, pair.fingerprint)).status).toBe(200);
    for (const name of ['HIDDENNAME-CSIRT', 'SUSPNAME-CSIRT', 'PENDNAME-CSIRT']) await index(name).expect(404);
    // A member (API token) may see the members-only key, and finds it by name too.
    const member = await createUser(t.ctx, { teams: [{ id: pendingTeam.id, role: 'member' }] });
    const token = await createApiTokenOf(t.ctx, member.id, 'gpg');
    const asMember = await index('HIDDENNAME-CSIRT').set('Authorization', `Bearer ${token}`).expect(200);
    expect(asMember.text).toMatch(/^info:1:1$/m);
    await index(`0x${pair.fingerprint}`).expect(404);
    await request(t.app).get(`/vks/v1/by-fingerprint/${pair.fingerprint}`).expect(404);
  });

  test('when a team revokes its key in the registry, then gpg --refresh-keys learns the key is revoked', async () => {
    const gpg = gpgClient();
    await gpg('--recv-keys', sakuraKey.fingerprint);
    expect(await gpg('--with-colons', '--list-keys', sakuraKey.fingerprint)).toMatch(/^pub:[-uf]:/m);

    const editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: sakura.id, role: 'editor' }] })).email);
    const page = await editor.get('/teams/sakura-csirt/keys').expect(200);
    const revoked = await editor
      .post('/teams/sakura-csirt/keys/revocation')
      .field('_csrf', csrfFrom(page.text))
      .field('revocation', sakuraKey.revocationCertificate);
    expect(revoked.status).toBe(303);

    await gpg('--refresh-keys');
    expect(await gpg('--with-colons', '--list-keys', sakuraKey.fingerprint)).toMatch(/^pub:r:/m);
    // By fingerprint it is found, flagged revoked; by address, name or in the keyring it is not offered any more.
    const byFingerprint = await index(`0x${sakuraKey.fingerprint}`).expect(200);
    expect(byFingerprint.text).toMatch(new RegExp(`^pub:${sakuraKey.fingerprint}:22:\\d*:\\d+::r$`, 'm'));
    await index('csirt@sakura-keisoku.example.jp').expect(404);
    await index('Sakura Instruments').expect(404);
    const ring = await request(t.app).get('/api/v1/keyring.asc');
    expect(ring.status === 404 || !fingerprintsIn(ring.text).includes(sakuraKey.fingerprint)).toBe(true);
  });

  test('when a team retires a key without revoking it, then gpg --search-keys by fingerprint still finds it, marked retired', async () => {
    const team = await createTeam(t.ctx, { shortName: 'RETIRING-CSIRT' }, { withKey: false });
    const old = await createTeamKey(
      t.ctx,
      team.id,
      (await keyPair(t.ctx, team.entry.email, 'Retiring PoC')).publicKey,
      { role: 'current', verified: true },
    );
    const editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] })).email);
    expect((await post(editor, team.slug, `/${old.id}/retire`, { confirmNoKey: 'yes' })).status).toBe(303);

    const gpg = gpgClient();
    const found = await gpg('--with-colons', '--search-keys', `0x${old.fingerprint}`);
    expect(found).toMatch(new RegExp(`^pub:${old.fingerprint}:22:\\d*:\\d+::d$`, 'm'));
    const uids = found
      .split('\n')
      .filter((l) => l.startsWith('uid:'))
      .map((l) => decodeURIComponent(l.split(':')[1]));
    expect(uids).toEqual([`Retiring PoC <${team.entry.email}>`, '[retired by its team on 2026-11-22; not in use]']);
    await gpg('--recv-keys', old.fingerprint); // and fetching it still works
    await index(team.entry.email).expect(404);
    await request(t.app).get(`/teams/${team.slug}/key.asc`).expect(404);
  });
});
