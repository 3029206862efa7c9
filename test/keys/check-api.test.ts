import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestApp } from '../helpers/app';
import { csrfOf } from '../helpers/auth';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', name));

describe('POST /api/v1/keys/check and the /keys/check page', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());
  let address = 0;
  const api = () => {
    address += 1;
    return request(t.app).post('/api/v1/keys/check').set('X-Forwarded-For', `192.0.2.${address}`);
  };

  test('when a good armored key is posted, then ok with its fingerprint and record, in the contract shape', async () => {
    const res = await api().set('Content-Type', 'application/pgp-keys').send(fixture('rsa4096.asc')).expect(200);
    expect(res.body).toEqual({
      ok: true,
      fingerprint: '43859125336D1F351046AAFEFCECC539E85C04C1',
      errors: [],
      warnings: expect.any(Array),
      key: expect.objectContaining({
        fingerprint: '43859125336D1F351046AAFEFCECC539E85C04C1',
        algorithm: 'RSA',
        bits: 4096,
      }),
    });
  });

  test('when the key is sent as binary, then it is read the same', async () => {
    const res = await api().set('Content-Type', 'application/octet-stream').send(fixture('rsa4096.gpg')).expect(200);
    expect(res.body.fingerprint).toBe('43859125336D1F351046AAFEFCECC539E85C04C1');
  });

  test('when ?email= does not match a user ID, then a warning says so in the caller language', async () => {
    const res = await api()
      .query({ email: 'other@example.jp' })
      .set('Content-Type', 'text/plain')
      .set('Accept-Language', 'en')
      .send(fixture('ed25519.asc').toString())
      .expect(200);
    expect(res.body.warnings).toContainEqual({
      code: 'no_matching_uid',
      message: 'No user ID of the key contains other@example.jp.',
    });
  });

  test.each([
    ['secret-key-DO-NOT-USE.asc', 'private_key'],
    ['two-keys.asc', 'multiple_keys'],
    ['revoked.asc', 'revoked'],
    ['sign-only.asc', 'no_encryption_key'],
    ['rsa1024.asc', 'weak_key'],
  ])('when %s is posted, then 200 with ok=false and error %s', async (file, code) => {
    const res = await api().set('Content-Type', 'text/plain').send(fixture(file).toString()).expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.errors.map((e: { code: string }) => e.code)).toContain(code);
    expect(JSON.stringify(res.body)).not.toMatch(/PRIVATE KEY BLOCK/);
  });

  test('when the input is garbage, empty or truncated, then 200 with a clear error, never a 5xx', async () => {
    const garbage = await api().set('Content-Type', 'application/octet-stream').send(randomBytes(4096)).expect(200);
    expect(garbage.body.errors[0].code).toBe('not_openpgp');
    const empty = await api().set('Content-Type', 'text/plain').send('').expect(200);
    expect(empty.body.errors[0].code).toBe('empty');
    const text = fixture('rsa4096.asc').toString();
    const truncated = await api()
      .set('Content-Type', 'text/plain')
      .send(text.slice(0, text.length / 2))
      .expect(200);
    expect(truncated.body.errors[0]).toEqual({ code: 'corrupted', message: expect.stringContaining('壊れている') });
  });

  test('when the body is over 1 MiB, then 413', async () => {
    const res = await api()
      .set('Content-Type', 'application/octet-stream')
      .send(randomBytes(5 * 1024 * 1024));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  test('when the content type is not a key type, or the email is malformed, then a clear 4xx', async () => {
    await api().set('Content-Type', 'application/json').send('{"key":"x"}').expect(415);
    const bad = await api().query({ email: 'not an address' }).set('Content-Type', 'text/plain').send('x').expect(400);
    expect(bad.body.error.message).toBe('メールアドレスの形式が正しくありません。');
  });

  test('when one address checks keys too often, then 429 with Retry-After', async () => {
    const agent = () => request(t.app).post('/api/v1/keys/check').set('X-Forwarded-For', '198.51.100.200');
    for (let i = 0; i < 60; i++) await agent().set('Content-Type', 'text/plain').send('x').expect(200);
    const limited = await agent().set('Content-Type', 'text/plain').send('x');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('when a key file is uploaded on the page, then the report shows in the page language, with the uid escaped', async () => {
    const agent = request.agent(t.app).set('X-Forwarded-For', '203.0.113.50');
    const csrf = await csrfOf(agent, '/keys/check?lang=en');
    const res = await agent
      .post('/keys/check')
      .field('_csrf', csrf)
      .field('email', 'html@fixture.example.jp')
      .attach('file', fixture('html-uid.asc'), 'html-uid.asc');
    expect(res.text).toContain('0F63 5F63 7E59 4989 AEC8  CE32 8CA4 C1EB 2874 621A'.replace('  ', ' '));
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).toContain('&lt;script&gt;');
    const pasted = await agent
      .post('/keys/check')
      .type('form')
      .send({ _csrf: csrf, key: fixture('secret-key-DO-NOT-USE.asc').toString() });
    expect(pasted.status).toBe(422);
    expect(pasted.text).toContain('This is a PRIVATE key.');
  });

  test('when the page form is posted without its CSRF token, then 403', async () => {
    const res = await request(t.app).post('/keys/check').field('key', 'x');
    expect(res.status).toBe(403);
  });
});
