/**
 * Password hashing with scrypt from node:crypto, so there is no native dependency to build. The parameters travel
 * inside each stored hash, so they can be raised later and old hashes still verify (see `needsRehash`).
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
const SALT_BYTES = 16;
// scrypt needs 128·N·r bytes (32 MiB here) plus overhead; Node's default 32 MiB cap rejects these parameters.
const MAXMEM = 64 * 1024 * 1024;
// Room for stronger parameters stored in the future, while a corrupted row cannot make us allocate gigabytes.
const VERIFY_MAXMEM = 256 * 1024 * 1024;

// promisify() types only the last overload of crypto.scrypt, which lacks the options argument.
const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

// Verified against when there is no stored hash, so that a missing account costs the same time as a wrong password.
// No password is known to produce it, and verifyPassword returns false for it regardless.
const DUMMY_HASH = 'scrypt$32768$8$1$c2NyeXB0LWR1bW15LXNhbHQ$ZHVtbXktaGFzaC1ub3QtYW55b25lcy1wYXNzd29yZCE';

const B64URL = /^[A-Za-z0-9_-]+$/;

function parse(encoded: string): Parsed | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4).map((x) => (/^[1-9][0-9]{0,9}$/.test(x) ? Number(x) : Number.NaN));
  // Bounds keep a corrupted row from making us spin for minutes; memory is capped by VERIFY_MAXMEM.
  if (!(n >= 2 && n <= 2 ** 20 && (n & (n - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16)) return null;
  if (!B64URL.test(parts[4]) || !B64URL.test(parts[5])) return null;
  const salt = Buffer.from(parts[4], 'base64url');
  const hash = Buffer.from(parts[5], 'base64url');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { n, r, p, salt, hash };
}

// The same password typed on different systems or IMEs (e.g. full-width vs half-width characters) can reach us as
// different code points; NFKC makes them hash alike.
function normalize(plain: string): string {
  return plain.normalize('NFKC');
}

export async function hashPassword(plain: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const hash = await scrypt(normalize(plain), salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(plain: string, encoded: string | null): Promise<boolean> {
  const stored = encoded === null ? null : parse(encoded);
  const target = stored ?? parse(DUMMY_HASH)!;
  try {
    const actual = await scrypt(normalize(plain), target.salt, target.hash.length, {
      N: target.n,
      r: target.r,
      p: target.p,
      maxmem: VERIFY_MAXMEM,
    });
    return stored !== null && crypto.timingSafeEqual(actual, stored.hash);
  } catch {
    return false;
  }
}

export function needsRehash(encoded: string): boolean {
  const parsed = parse(encoded);
  return (
    parsed === null ||
    parsed.n !== N ||
    parsed.r !== R ||
    parsed.p !== P ||
    parsed.salt.length !== SALT_BYTES ||
    parsed.hash.length !== KEYLEN
  );
}
