import { createHash } from 'node:crypto';
import {
  base32Decode,
  base32Encode,
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  hotp,
  normalizeRecoveryCode,
  otpauthUri,
  totpCode,
  verifyTotp,
} from '../../src/accounts/totp';

const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

describe('RFC 6238 Appendix B (SHA-1)', () => {
  const key = Buffer.from('12345678901234567890', 'ascii');
  test.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('when the time is %i, then the 8-digit code is %s', (unixSeconds, expected) => {
    expect(hotp(key, Math.floor(unixSeconds / 30), 8)).toBe(expected);
  });

  test('when the same secret is given in base32, then the 6-digit code is the last six digits', () => {
    const secret = base32Encode(key);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(totpCode(secret, Math.floor(1111111109 / 30))).toBe('081804');
  });
});

describe('base32', () => {
  test.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('when %j is encoded, then it matches RFC 4648 without padding', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  test('when random bytes of every length up to 40 are encoded, then decoding gives them back', () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 37 + length * 11) & 0xff));
      expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
    }
  });

  test('when a secret is typed in lower case with spaces and padding, then it decodes the same', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
  });

  test('when a secret contains a character outside the alphabet, then decoding refuses it', () => {
    expect(() => base32Decode('MZXW1')).toThrow(/invalid base32/);
  });

  test('when a secret is generated, then it is 20 random bytes in base32', () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(a);
  });
});

describe('TOTP verification', () => {
  const secret = generateTotpSecret();
  const now = at(1_700_000_015);
  const step = Math.floor(1_700_000_015 / 30);
  const codeAt = (offset: number) => totpCode(secret, step + offset);

  test('when the current code is given, then it is accepted and its step returned', () => {
    expect(verifyTotp(secret, codeAt(0), now)).toEqual({ ok: true, step });
  });

  test.each([-1, 1])('when the code is %i step(s) off, then the default window accepts it', (offset) => {
    expect(verifyTotp(secret, codeAt(offset), now)).toEqual({ ok: true, step: step + offset });
  });

  test.each([-2, 2])('when the code is %i steps off, then the default window rejects it', (offset) => {
    expect(verifyTotp(secret, codeAt(offset), now)).toEqual({ ok: false });
  });

  test('when the window is widened or set to zero, then acceptance follows it', () => {
    expect(verifyTotp(secret, codeAt(2), now, { window: 2 })).toEqual({ ok: true, step: step + 2 });
    expect(verifyTotp(secret, codeAt(1), now, { window: 0 })).toEqual({ ok: false });
  });

  test('when a code is typed with spaces or in full-width digits, then it is accepted', () => {
    const code = codeAt(0);
    expect(verifyTotp(secret, ` ${code.slice(0, 3)} ${code.slice(3)} `, now)).toMatchObject({ ok: true });
    const fullWidth = code.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(verifyTotp(secret, fullWidth, now)).toMatchObject({ ok: true });
  });

  test('when a code was already used, then the same code and older ones are refused', () => {
    const first = verifyTotp(secret, codeAt(0), now);
    expect(first.ok).toBe(true);
    const lastUsedStep = first.ok ? first.step : null;
    expect(verifyTotp(secret, codeAt(0), now, { lastUsedStep })).toEqual({ ok: false });
    expect(verifyTotp(secret, codeAt(-1), now, { lastUsedStep })).toEqual({ ok: false });
    expect(verifyTotp(secret, codeAt(1), now, { lastUsedStep })).toEqual({ ok: true, step: step + 1 });
  });

  test('when 30 seconds pass after a use, then the next code is accepted', () => {
    const later = new Date(now.getTime() + 30_000);
    expect(verifyTotp(secret, totpCode(secret, step + 1), later, { lastUsedStep: step })).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  test.each([
    ['empty', ''],
    ['letters', 'abcdef'],
    ['digits with a letter', '12345a'],
    ['5 digits', () => codeAt(0).slice(0, 5)],
    ['7 digits', () => `${codeAt(0)}0`],
    ['a code for another secret', () => totpCode(generateTotpSecret(), step)],
  ])('when the input is %s, then it is not ok', (_label, input) => {
    const code = typeof input === 'function' ? input() : input;
    expect(verifyTotp(secret, code, now)).toEqual({ ok: false });
  });
});

describe('otpauth URI', () => {
  test('when the issuer is Japanese and the account has an @, then both are percent-encoded', () => {
    const uri = otpauthUri({
      secret: 'JBSWY3DPEHPK3PXP',
      accountName: 'alice@example.jp',
      issuer: '日本シーサート協議会',
    });
    const issuer = encodeURIComponent('日本シーサート協議会');
    expect(uri).toBe(
      `otpauth://totp/${issuer}:alice%40example.jp?secret=JBSWY3DPEHPK3PXP&issuer=${issuer}` +
        '&algorithm=SHA1&digits=6&period=30',
    );
    expect(uri).toMatch(/^[\x21-\x7e]+$/);
  });

  test('when names contain spaces, colons or ampersands, then they cannot break the label or the query', () => {
    const uri = otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', accountName: 'a:b&c d', issuer: 'X & Y' });
    const parsed = new URL(uri);
    expect(parsed.host).toBe('totp');
    expect(parsed.pathname.slice(1).split(':').map(decodeURIComponent)).toEqual(['X & Y', 'a:b&c d']);
    expect(parsed.searchParams.get('issuer')).toBe('X & Y');
    expect(parsed.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
  });
});

describe('recovery codes', () => {
  test('when codes are generated, then there are ten distinct codes of three groups of four unambiguous characters', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(code).not.toMatch(/[01OIL]/);
    }
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  test('when a code is typed in lower case, without hyphens, with spaces or full-width, then it normalizes the same', () => {
    const canonical = normalizeRecoveryCode('7KQ4-9XWM-2PDA');
    expect(canonical).toBe('7KQ49XWM2PDA');
    for (const typed of ['7kq4-9xwm-2pda', '7KQ49XWM2PDA', ' 7KQ4 9XWM 2PDA ', '７ＫＱ４－９ＸＷＭ－２ＰＤＡ']) {
      expect(normalizeRecoveryCode(typed)).toBe(canonical);
      expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode('7KQ4-9XWM-2PDA'));
    }
  });

  test('when a code is hashed, then the hash is SHA-256 hex of the normalized code and differs between codes', () => {
    expect(hashRecoveryCode('7KQ4-9XWM-2PDA')).toBe(createHash('sha256').update('7KQ49XWM2PDA').digest('hex'));
    expect(hashRecoveryCode('7KQ4-9XWM-2PDB')).not.toBe(hashRecoveryCode('7KQ4-9XWM-2PDA'));
  });
});
