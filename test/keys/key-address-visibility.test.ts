/**
 * A key's user IDs carry addresses. A team that shows its address to members only must not have it published
 * through its key: wherever keys or their user IDs are shown, such a key is shown only to members.
 */
import request from 'supertest';
import { generateKeyPair } from '../../src/pgp';
import { createTeam, createTeamKey, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, login } from '../helpers/auth';

describe('a key is never more visible than the address its user IDs hold', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let member: Agent;
  let editor: Agent;
  let held: { slug: string; fingerprint: string; email: string };
  let free: { slug: string; fingerprint: string };

  beforeAll(async () => {
    t = await createTestApp();
    // The factory's key has one user ID with the team's own address.
    const a = await createTeam(t.ctx, { shortName: 'QUIET-CSIRT', visibility: { email: 'members' } });
    held = { slug: a.slug, fingerprint: a.fingerprint as string, email: a.entry.email };
    // This team's key names another address only: hiding the team address does not hide the key.
    const b = await createTeam(
      t.ctx,
      { shortName: 'OPENKEY-CSIRT', visibility: { email: 'members' } },
      { withKey: false },
    );
    const pair = await generateKeyPair({
      name: 'Open Key',
      email: 'pgp-contact@openkey.example.jp',
      created: t.ctx.clock.now(),
    });
    free = { slug: b.slug, fingerprint: (await createTeamKey(t.ctx, b.id, pair.publicKey)).fingerprint };
    member = await login(t.app, (await createUser(t.ctx, { teams: [{ id: b.id, role: 'member' }] })).email);
    editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: a.id, role: 'editor' }] })).email);
  });
  afterAll(() => t.close());

  test('when the public asks for the team, its key and its user IDs, then neither the key nor the address appears anywhere', async () => {
    const anonymous = request(t.app);
    const api = (await anonymous.get(`/api/v1/teams/${held.slug}`).expect(200)).body;
    expect(api.email).toBeUndefined();
    expect(api.key).toBeUndefined();
    const everything = [
      JSON.stringify(api),
      JSON.stringify((await anonymous.get('/api/v1/teams.json')).body),
      (await anonymous.get('/api/v1/teams.csv')).text,
      (await anonymous.get(`/teams/${held.slug}`)).text,
      (await anonymous.get(`/teams/${held.slug}.vcf`)).text,
      (await anonymous.get(`/teams/${held.slug}/rfc2350.txt`)).text,
      (await anonymous.get('/api/v1/keyring.asc')).text,
      (await anonymous.get(`/pks/lookup?op=index&options=mr&search=${encodeURIComponent(held.email)}`)).text,
      (await anonymous.get(`/pks/lookup?op=index&options=mr&search=0x${held.fingerprint}`)).text,
    ];
    for (const text of everything) {
      expect(text).not.toContain(held.email);
      expect(text).not.toContain(held.fingerprint);
    }
    await anonymous.get(`/pks/lookup?op=get&options=mr&search=0x${held.fingerprint}`).expect(404);
    await anonymous.get(`/vks/v1/by-fingerprint/${held.fingerprint}`).expect(404);
    await anonymous.get(`/teams/${held.slug}/key.asc`).expect(404);
  });

  test('when a member asks, then the key and its user IDs are shown as usual', async () => {
    const api = (await member.get(`/api/v1/teams/${held.slug}`).expect(200)).body;
    expect(api.key.fingerprint).toBe(held.fingerprint);
    expect(api.key.uids.join(' ')).toContain(held.email);
    await member.get(`/teams/${held.slug}/key.asc`).expect(200);
  });

  test('when the key names another address only, then it stays public while the team address is hidden', async () => {
    const api = (await request(t.app).get(`/api/v1/teams/${free.slug}`).expect(200)).body;
    expect(api.email).toBeUndefined();
    expect(api.key.fingerprint).toBe(free.fingerprint);
    await request(t.app).get(`/vks/v1/by-fingerprint/${free.fingerprint}`).expect(200);
  });

  test('when the editor opens the edit page, then it says why the key is shown to members only', async () => {
    const page = await editor.get(`/teams/${held.slug}/edit`).expect(200);
    expect(page.text).toContain('data-key-held-back="true"');
    expect(page.text).toContain('鍵もメールアドレスと同じ範囲にのみ公開されています');
  });
});
