import crypto from 'node:crypto';
import { hashPassword, needsRehash, verifyPassword } from '../../src/accounts/password';

const PASSWORD = 'correct horse battery staple';

describe('password hashing', () => {
  let stored: string;
  beforeAll(async () => {
    stored = await hashPassword(PASSWORD);
  });

  test('when a password is hashed, then the stored form names scrypt and its parameters and not the password', () => {
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain(PASSWORD);
  });

  test('when the same password is hashed twice, then the results differ (random salt)', async () => {
    expect(await hashPassword(PASSWORD)).not.toBe(stored);
  });

  test('when the right password is given, then it verifies', async () => {
    await expect(verifyPassword(PASSWORD, stored)).resolves.toBe(true);
  });

  test.each([
    ['a wrong password', 'correct horse battery stapl'],
    ['a different case', PASSWORD.toUpperCase()],
    ['an empty password', ''],
  ])('when %s is given, then it does not verify', async (_label, attempt) => {
    await expect(verifyPassword(attempt, stored)).resolves.toBe(false);
  });

  test('when a password is typed in full-width characters, then it matches its half-width form', async () => {
    const fullWidth = await hashPassword('ｐａｓｓｗｏｒｄ１２３４');
    await expect(verifyPassword('password1234', fullWidth)).resolves.toBe(true);
  });

  test('when a Japanese password is used, then it verifies', async () => {
    const japanese = await hashPassword('日本シーサート協議会のパスワード');
    await expect(verifyPassword('日本シーサート協議会のパスワード', japanese)).resolves.toBe(true);
    await expect(verifyPassword('日本シーサート協議会のパスワー', japanese)).resolves.toBe(false);
  });

  test.each([
    ['an empty string', ''],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['too few fields', 'scrypt$32768$8$1$c2FsdA'],
    ['non-numeric parameters', 'scrypt$lots$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'],
    ['an N that is not a power of two', 'scrypt$30000$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'],
    ['an absurd N', 'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'],
    ['parameters needing gigabytes', 'scrypt$1048576$16$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'],
    ['characters outside base64url', 'scrypt$32768$8$1$c2Fsd!!!!$aGFzaGhhc2hoYXNoaGFzaA'],
  ])('when the stored hash is garbled (%s), then verification is false and does not throw', async (_label, bad) => {
    await expect(verifyPassword(PASSWORD, bad)).resolves.toBe(false);
  });

  test('when the stored hash was truncated, then the right password does not verify', async () => {
    await expect(verifyPassword(PASSWORD, stored.slice(0, -30))).resolves.toBe(false);
  });

  test('when the stored hash used other parameters, then it still verifies and is flagged for rehashing', async () => {
    const salt = crypto.randomBytes(16);
    const hash = crypto.scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = `scrypt$16384$8$1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
    await expect(verifyPassword(PASSWORD, old)).resolves.toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('password verification without an account', () => {
  // The module captures crypto.scrypt when it loads, so it is loaded afresh with the spy in place.
  let scryptSpy: jest.SpyInstance;
  let verify: typeof verifyPassword;
  beforeAll(() => {
    jest.isolateModules(() => {
      scryptSpy = jest.spyOn(require('node:crypto'), 'scrypt');
      verify = require('../../src/accounts/password').verifyPassword;
    });
  });
  afterAll(() => scryptSpy.mockRestore());
  beforeEach(() => scryptSpy.mockClear());

  test('when there is no stored hash, then it is false after the same full-cost scrypt as a real check', async () => {
    await expect(verify(PASSWORD, null)).resolves.toBe(false);
    expect(scryptSpy).toHaveBeenCalledTimes(1);
    expect(scryptSpy.mock.calls[0][3]).toMatchObject({ N: 2 ** 15, r: 8, p: 1 });
  });

  test('when the guessed password is the one in the dummy hash, then it is still false', async () => {
    await expect(verify('', null)).resolves.toBe(false);
    await expect(verify('dummy-hash-not-anyones-password!', null)).resolves.toBe(false);
  });
});
