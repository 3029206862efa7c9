import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { teams } from '../../src/entry/schema';
import { createApiTokenOf, createTeam, createTeamKey, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { fingerprintsIn } from '../helpers/gpg';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', name), 'utf8');
const RSA = '43859125336D1F351046AAFEFCECC539E85C04C1';

describe('keyserver: HKP, VKS, key.asc and keyring.asc', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: http.Server;
  let port: number;
  let hidden: Awaited<ReturnType<typeof createTeam>>;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await createTeam(
      t.ctx,
      { shortName: 'HKP-CSIRT', email: 'rsa@fixture.example.jp' },
      { withKey: false },
    );
    await createTeamKey(t.ctx, team.id, fixture('rsa4096.asc'));
    hidden = await createTeam(t.ctx, { shortName: 'QUIET-CSIRT', visibility: { key: 'members' } });
    await createTeam(t.ctx, { shortName: 'GONE-CSIRT', status: 'suspended' });
    server = http.createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  test('when HKP op=get searches by fingerprint, key id or email, then the armored key answers', async () => {
    for (const search of [`0x${RSA}`, `0x${RSA.slice(24)}`, 'rsa@fixture.example.jp']) {
      const res = await request(t.app).get('/pks/lookup').query({ op: 'get', options: 'mr', search }).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/pgp-keys/);
      expect(res.text).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    }
  });

  test('when HKP op=index asks in machine-readable form, then one pub line and its uids answer', async () => {
    const res = await request(t.app)
      .get('/pks/lookup')
      .query({ op: 'index', options: 'mr', search: 'rsa@fixture.example.jp' })
      .expect(200);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe('info:1:1');
    expect(lines[1]).toMatch(new RegExp(`^pub:${RSA}:1:4096:\\d+::$`));
    expect(lines[2]).toMatch(/^uid:Fixture RSA %3Crsa%40fixture.example.jp%3E:\d+::$/);
  });

  test('when HKP is asked badly, then plain 4xx answers', async () => {
    const short = await request(t.app).get('/pks/lookup').query({ op: 'get', search: '0xE85C04C1' }).expect(400);
    expect(short.text).toContain('short key IDs are not supported');
    await request(t.app).get('/pks/lookup').query({ op: 'get' }).expect(400);
    await request(t.app).get('/pks/lookup').query({ op: 'stats', search: 'x@y.z' }).expect(400);
    await request(t.app)
      .get('/pks/lookup')
      .query({ op: 'get', search: `0x${'0'.repeat(40)}` })
      .expect(404);
  });

  test('when VKS is asked, then by-fingerprint, by-keyid and by-email answer, and malformed ids are 400', async () => {
    await request(t.app)
      .get(`/vks/v1/by-fingerprint/${RSA}`)
      .expect(200)
      .expect('Content-Type', /pgp-keys/);
    await request(t.app)
      .get(`/vks/v1/by-keyid/${RSA.slice(24)}`)
      .expect(200);
    await request(t.app).get('/vks/v1/by-email/rsa%40fixture.example.jp').expect(200);
    await request(t.app).get('/vks/v1/by-fingerprint/XYZ').expect(400);
    await request(t.app)
      .get(`/vks/v1/by-keyid/${'A'.repeat(16)}`)
      .expect(404);
  });

  test('when a team hides its key from the public or is suspended, then anonymous keyservers do not serve it', async () => {
    await request(t.app).get(`/vks/v1/by-fingerprint/${hidden.fingerprint}`).expect(404);
    await request(t.app).get('/teams/quiet-csirt/key.asc').expect(404);
    await request(t.app).get('/teams/gone-csirt/key.asc').expect(404);
    const ring = await request(t.app).get('/api/v1/keyring.asc').expect(200);
    const served = fingerprintsIn(ring.text);
    expect(served).toContain(RSA);
    expect(served).not.toContain(hidden.fingerprint);
  });

  test('when a member fetches a members-only key with an API token, then the keyserver serves it', async () => {
    const member = await createUser(t.ctx, { teams: [{ id: hidden.id, role: 'member' }] });
    const token = await createApiTokenOf(t.ctx, member.id, 'gpg');
    await request(t.app).get(`/vks/v1/by-fingerprint/${hidden.fingerprint}`).expect(404);
    await request(t.app)
      .get(`/vks/v1/by-fingerprint/${hidden.fingerprint}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    await request(t.app).get('/teams/quiet-csirt/key.asc').set('Authorization', `Bearer ${token}`).expect(200);
    await request(t.app)
      .get('/pks/lookup')
      .query({ op: 'get', search: `0x${hidden.fingerprint}` })
      .set('Authorization', 'Bearer nope')
      .expect(401);
  });

  test('when a team key is downloaded, then key.asc is an attachment named after the team', async () => {
    const res = await request(t.app).get('/teams/hkp-csirt/key.asc').expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?hkp-csirt\.asc"?$/);
  });

  test('when a team is suspended, then its key leaves the keyserver', async () => {
    const team = await createTeam(t.ctx, { shortName: 'BRIEF-CSIRT' });
    await request(t.app).get(`/vks/v1/by-fingerprint/${team.fingerprint}`).expect(200);
    await t.ctx.db.update(teams).set({ status: 'suspended' }).where(eq(teams.id, team.id));
    await request(t.app).get(`/vks/v1/by-fingerprint/${team.fingerprint}`).expect(404);
  });

  test('when real gpg asks the server with --recv-keys and --search-keys, then it imports and finds the key', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-gpg-'));
    try {
      // Asynchronous: the server under test runs in this process and must keep answering while gpg waits.
      const gpg = async (...args: string[]) =>
        (
          await promisify(execFile)(
            'gpg',
            ['--homedir', home, '--batch', '--keyserver', `hkp://127.0.0.1:${port}`, ...args],
            {
              encoding: 'utf8',
              timeout: 60_000,
            },
          )
        ).stdout;
      await gpg('--recv-keys', RSA);
      const listed = execFileSync('gpg', ['--homedir', home, '--batch', '--with-colons', '--list-keys', RSA], {
        encoding: 'utf8',
      });
      expect(listed).toContain(`fpr:::::::::${RSA}:`);
      const found = await gpg('--with-colons', '--search-keys', 'rsa@fixture.example.jp');
      expect(found).toContain(RSA);
    } finally {
      try {
        execFileSync('gpgconf', ['--homedir', home, '--kill', 'all']);
      } catch {
        // no agent was started
      }
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
