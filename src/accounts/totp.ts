/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) and recovery codes, with node:crypto only.
 * Parameters are the ones every authenticator app supports: HMAC-SHA1, 6 digits, 30-second steps.
 */
import crypto from 'node:crypto';

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const SECRET_BYTES = 20;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Lenient about case, spaces and padding because people copy secrets by hand; throws on any other character. */
export function base32Decode(input: string): Buffer {
  const clean = input.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = BASE32_ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP. Exported for the RFC test vectors, which use 8 digits. */
export function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function generateTotpSecret(): string {
  return base32Encode(crypto.randomBytes(SECRET_BYTES));
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);
}

export function totpCode(secretBase32: string, timeStep: number): string {
  return hotp(base32Decode(secretBase32), timeStep, DIGITS);
}

type TotpResult = { ok: true; step: number } | { ok: false };

/**
 * The caller must store the returned step and pass it back as `lastUsedStep`: a code seen once (e.g. shoulder-surfed
 * or phished) must not log in again within its validity window.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  now: Date,
  opts: { window?: number; lastUsedStep?: number | null } = {},
): TotpResult {
  const window = opts.window ?? 1;
  if (!Number.isInteger(window) || window < 0) throw new RangeError('window must be a non-negative integer');
  // NFKC turns full-width digits typed with a Japanese IME into ASCII ones.
  const given = code.normalize('NFKC').replace(/\s/g, '');
  if (!/^[0-9]{6}$/.test(given)) return { ok: false };
  const key = base32Decode(secretBase32);
  const current = totpStep(now);
  const lastUsed = opts.lastUsedStep ?? null;
  let matched: number | null = null;
  // Every candidate is compared, without stopping early, so timing says nothing about which step matched.
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0 || (lastUsed !== null && step <= lastUsed)) continue;
    const expected = Buffer.from(hotp(key, step, DIGITS));
    if (crypto.timingSafeEqual(expected, Buffer.from(given)) && matched === null) matched = step;
  }
  return matched === null ? { ok: false } : { ok: true, step: matched };
}

/**
 * Key URI format understood by Google Authenticator and others. encodeURIComponent, not URLSearchParams: some apps
 * show "+" literally instead of a space, and the issuer may be Japanese.
 */
export function otpauthUri(opts: { secret: string; accountName: string; issuer: string }): string {
  const label = `${encodeURIComponent(opts.issuer)}:${encodeURIComponent(opts.accountName)}`;
  const params = [
    ['secret', opts.secret.replace(/[\s=]/g, '').toUpperCase()],
    ['issuer', opts.issuer],
    ['algorithm', 'SHA1'],
    ['digits', String(DIGITS)],
    ['period', String(PERIOD_SECONDS)],
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `otpauth://totp/${label}?${params}`;
}

// No 0/O, 1/I/L: codes are read off paper and typed by hand.
const RECOVERY_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function generateRecoveryCodes(count = 10): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)]);
    codes.add(`${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`);
  }
  return [...codes];
}

/** NFKC first so full-width input from a Japanese IME matches; then the grouping is cosmetic. */
export function normalizeRecoveryCode(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

/**
 * A fast hash is enough: 12 characters from 31 carry ~59 bits of crypto-random entropy, far beyond brute force of
 * a leaked hash, unlike passwords people choose. It also lets us look a code up by its hash directly.
 */
export function hashRecoveryCode(code: string): string {
  return crypto.createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
}
