/**
 * The work a key may cost is bounded before openpgp verifies anything: user IDs, subkeys and packets are counted
 * after third-party certifications are dropped. Keys over the limits are made with gpg at test time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { teamKeys } from '../../src/keys/schema';
import { checkKey } from '../../src/pgp';
import { MAX_PACKETS, MAX_SUBKEYS, MAX_USER_IDS } from '../../src/pgp/packets';
import { postApplication, validApplication } from '../admission/helpers';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfFrom, login } from '../helpers/auth';
import { dearmor, manyPartsKey, type Packet, readPackets, signatures, type TestKey } from '../helpers/gpg';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', name), 'utf8');

/** Packets back to bytes, each with a new-format header and a five-octet length. */
function writePackets(packets: Packet[]): Buffer {
  return Buffer.concat(
    packets.map((p) => {
      const head = Buffer.alloc(6);
      head[0] = 0xc0 | p.tag;
      head[1] = 255;
      head.writeUInt32BE(p.body.length, 2);
      return Buffer.concat([head, p.body]);
    }),
  );
}

function isCertification(p: Packet): boolean {
  return p.tag === 2 && p.body[1] >= 0x10 && p.body[1] <= 0x13;
}

describe('the work a key may cost', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tooManyUids: TestKey;
  let tooManySubkeys: TestKey;
  let atTheLimits: TestKey;
  let address = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    const now = t.ctx.clock.now();
    [tooManyUids, tooManySubkeys, atTheLimits] = await Promise.all([
      manyPartsKey(now, { userIds: MAX_USER_IDS + 1, subkeys: 1 }),
      manyPartsKey(now, { userIds: 1, subkeys: MAX_SUBKEYS + 1 }),
      manyPartsKey(now, { userIds: MAX_USER_IDS, subkeys: 3 }),
    ]);
  }, 60_000);
  afterAll(() => t.close());

  const api = (lang = 'en') => {
    address += 1;
    return request(t.app)
      .post('/api/v1/keys/check')
      .set('X-Forwarded-For', `198.51.100.${address}`)
      .set('Accept-Language', lang)
      .set('Content-Type', 'application/pgp-keys');
  };

  test('when a key has one user ID or one subkey more than allowed, then it is refused with a code naming the count and the limit', async () => {
    const uids = await checkKey(tooManyUids.publicKey, { now: t.ctx.clock.now() });
    expect(uids).toMatchObject({ ok: false, key: null });
    expect(uids.errors).toEqual([{ code: 'too_many_user_ids', params: { count: 101, limit: 100 } }]);
    const subkeys = await checkKey(tooManySubkeys.publicKey, { now: t.ctx.clock.now() });
    expect(subkeys.errors).toEqual([{ code: 'too_many_subkeys', params: { count: 51, limit: 50 } }]);
  });

  test('when a key is exactly at the user-ID limit, then it is accepted', async () => {
    const result = await checkKey(atTheLimits.publicKey, { now: t.ctx.clock.now() });
    expect(result.errors).toEqual([]);
    expect(result.key?.uids).toHaveLength(MAX_USER_IDS);
  });

  test('when a key carries more of its own packets than allowed, then too_many_packets', async () => {
    // A real key whose user ID carries its self-signature 600 times over (as years of re-signing would).
    const packets = readPackets(dearmor(fixture('ed25519.asc')));
    const selfSig = packets.findIndex((p, i) => isCertification(p) && packets[i - 1]?.tag === 13);
    const repeated = [
      ...packets.slice(0, selfSig),
      ...Array.from({ length: MAX_PACKETS + 100 }, () => packets[selfSig]),
      ...packets.slice(selfSig + 1),
    ];
    const result = await checkKey(new Uint8Array(writePackets(repeated)), { now: t.ctx.clock.now() });
    expect(result.errors).toEqual([
      { code: 'too_many_packets', params: { count: expect.any(Number), limit: MAX_PACKETS } },
    ]);
    expect(result.errors[0].params!.count).toBeGreaterThan(MAX_PACKETS);
  });

  test('when a key is flooded with thousands of third-party certifications, then they are dropped first and it passes', async () => {
    const packets = readPackets(dearmor(fixture('flooded.asc')));
    const keyId = signatures(writePackets(packets)).find((s) => s.type === 0x13)!.issuer;
    const flood = packets.flatMap((p) => {
      const thirdParty = isCertification(p) && signatures(writePackets([p]))[0].issuer !== keyId;
      return thirdParty ? Array.from({ length: 25 }, () => p) : [p];
    });
    const thirdParty = signatures(writePackets(flood)).filter((s) => s.type <= 0x13 && s.issuer !== keyId).length;
    expect(thirdParty).toBeGreaterThan(MAX_PACKETS * 5);
    const result = await checkKey(new Uint8Array(writePackets(flood)), { now: t.ctx.clock.now() });
    expect(result.ok).toBe(true);
    const stored = signatures(dearmor(result.key!.armored));
    expect(stored.filter((s) => s.issuer !== keyId)).toEqual([]);
  });

  test('when the check API gets a key over a limit, then 200 with the code and a message in the caller language', async () => {
    const en = await api('en').send(tooManyUids.publicKey).expect(200);
    expect(en.body.ok).toBe(false);
    expect(en.body.errors).toEqual([
      {
        code: 'too_many_user_ids',
        message:
          'The key has too many user IDs (101; at most 100 are accepted). Delete the user IDs you no longer use and export it again.',
      },
    ]);
    const ja = await api('ja').send(tooManySubkeys.publicKey).expect(200);
    expect(ja.body.errors[0]).toEqual({
      code: 'too_many_subkeys',
      message: 'サブ鍵が多すぎます（51 個、上限 50 個）。使っていないサブ鍵を削除して書き出し直してください。',
    });
  });

  test('when an editor uploads a key over a limit, then 422 with the message and nothing is stored', async () => {
    const team = await createTeam(t.ctx, { shortName: 'BUDGET-CSIRT' }, { withKey: false });
    const editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] })).email);
    const page = await editor.get('/teams/budget-csirt/keys').expect(200);
    const res = await editor
      .post('/teams/budget-csirt/keys')
      .field('_csrf', csrfFrom(page.text))
      .field('fingerprint', tooManyUids.fingerprint)
      .attach('file', Buffer.from(tooManyUids.publicKey), 'key.asc');
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-code="too_many_user_ids"');
    expect(res.text).toContain('ユーザー ID が多すぎます（101 個、上限 100 個）');
    expect(await t.ctx.db.$count(teamKeys, eq(teamKeys.teamId, team.id))).toBe(0);
  });

  test('when an application carries a key over a limit, then 422 shows the key report with the code', async () => {
    const fields = await validApplication(t.ctx, { key: tooManySubkeys.publicKey });
    const { res } = await postApplication(t.app, fields, 'en', t.ctx);
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-code="too_many_subkeys"');
    expect(res.text).toContain('The key has too many subkeys (51; at most 50 are accepted).');
  });
});
