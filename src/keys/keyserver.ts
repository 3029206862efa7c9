/**
 * Keyserver use cases: find served keys by fingerprint, key id, email or free text, as the caller may see them, and
 * render the HKP machine-readable index. Keys are served as stored: minimised public keys (a revoked key with its
 * revocation).
 */

import { clearance, type Viewer } from '../accounts/viewer';
import type { AppContext } from '../context';
import type { Horizon } from '../entry/read-cache';
import { canSeeKey } from '../entry/visibility';
import { type KeySearch, servedKeysMatching } from './queries';
import type { TeamKeyRow } from './schema';

type ParsedSearch =
  | { ok: true; search: KeySearch }
  | { ok: false; reason: 'short_key_id' | 'unsupported' | 'too_short' };

/** Free text shorter than this (after normalising) is refused: it would match nearly every key. */
const MIN_TEXT_LENGTH = 2;
const MAX_TEXT_WORDS = 8;

/** Free text as both sides of the comparison see it: NFKC (full-width letters become ASCII), lowercase, one space. */
function normalizeSearchText(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * HKP `search=`: 0x + 40 hex (fingerprint), 0x + 16 hex (key id), an email address (optionally in <>), or free text
 * matched against user IDs and team names (what `gpg --search-keys "Sakura Instruments"` sends).
 */
export function parseSearch(raw: string): ParsedSearch {
  const value = raw.trim();
  const hex = /^0x([0-9a-f]+)$/i.exec(value.replace(/\s+/g, ''));
  if (hex) {
    const digits = hex[1].toUpperCase();
    if (digits.length === 40) return { ok: true, search: { fingerprint: digits } };
    if (digits.length === 16) return { ok: true, search: { keyId: digits } };
    if (digits.length === 8) return { ok: false, reason: 'short_key_id' };
    return { ok: false, reason: 'unsupported' };
  }
  if (/^[0-9a-f]{40}$/i.test(value)) return { ok: true, search: { fingerprint: value.toUpperCase() } };
  if (/^[0-9a-f]{16}$/i.test(value)) return { ok: true, search: { keyId: value.toUpperCase() } };
  if (/^[0-9a-f]{8}$/i.test(value)) return { ok: false, reason: 'short_key_id' };
  const email = /^<?([^\s<>@]+@[^\s<>@]+)>?$/.exec(value);
  if (email && value.length <= 254) return { ok: true, search: { email: email[1].toLowerCase() } };
  const text = normalizeSearchText(value);
  // Control characters are no part of a name (the request edge refuses most of them already).
  if (/\p{Cc}/u.test(text)) return { ok: false, reason: 'unsupported' };
  if ([...text.replace(/ /g, '')].length < MIN_TEXT_LENGTH) return { ok: false, reason: 'too_short' };
  return { ok: true, search: { text: text.split(' ').slice(0, MAX_TEXT_WORDS).join(' ') } };
}

export async function findServedKeys(
  ctx: Pick<AppContext, 'db'>,
  search: KeySearch | null,
  viewer: Viewer,
): Promise<TeamKeyRow[]> {
  const rows = await servedKeysMatching(ctx.db, search);
  // The presenter's rule: a key whose user IDs hold the team's address is never more visible than the address.
  return rows.filter((r) => canSeeKey(clearance(viewer), r.team, r.key)).map((r) => r.key);
}

/**
 * One copy per fingerprint (two teams may have registered the same key): the revoked copy wins, since the
 * revocation is what holders of the key need to learn; otherwise the copy in service.
 */
export function onePerFingerprint(keys: TeamKeyRow[]): TeamKeyRow[] {
  const rank = (k: TeamKeyRow) => (k.status === 'revoked' ? 0 : k.role === 'retired' ? 2 : 1);
  const best = new Map<string, TeamKeyRow>();
  for (const key of keys) {
    const seen = best.get(key.fingerprint);
    if (!seen || rank(key) < rank(seen)) best.set(key.fingerprint, key);
  }
  return keys.filter((k) => best.get(k.fingerprint) === k);
}

/** OpenPGP public-key algorithm numbers (RFC 4880 §9.1) for the HKP index. */
const ALGORITHM_IDS: Record<string, number> = {
  RSA: 1,
  ElGamal: 16,
  DSA: 17,
  'ECDSA P-256': 19,
  'ECDSA P-384': 19,
  'ECDSA P-521': 19,
  Ed25519: 22,
  Ed448: 22,
};

/** HKP escapes ':' and '%' (and anything non-printable) in user IDs as %XX. */
function escapeUid(uid: string): string {
  return encodeURIComponent(uid)
    .replace(/%20/g, ' ')
    .replace(/[!'()*]/g, (c) => c);
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The machine-readable index (`op=index&options=mr`) as gpg --search-keys reads it. Flags: r revoked, e expired,
 * d for a key its team retired (gpg shows "disabled"), with one more uid line saying so in words.
 */
export function hkpIndex(keys: TeamKeyRow[], now: Date, horizon?: Horizon): string {
  const lines = [`info:1:${keys.length}`];
  for (const key of keys) {
    const expired = key.expiresAt !== null && key.expiresAt <= now;
    // The `e` flag appears at the expiry: a kept index holds until then.
    if (!expired) horizon?.until(key.expiresAt);
    const revoked = key.status === 'revoked';
    const retired = key.role === 'retired' && !revoked;
    const flags = `${revoked ? 'r' : ''}${retired ? 'd' : ''}${expired || key.status === 'expired' ? 'e' : ''}`;
    const expires = key.expiresAt ? String(seconds(key.expiresAt)) : '';
    lines.push(
      `pub:${key.fingerprint}:${ALGORITHM_IDS[key.algorithm] ?? ''}:${key.bits ?? ''}:${seconds(key.keyCreatedAt)}:${expires}:${flags}`,
    );
    for (const uid of key.uids) lines.push(`uid:${escapeUid(uid)}:${seconds(key.keyCreatedAt)}::${flags}`);
    if (retired) {
      const at = key.retiredAt ?? now;
      // A retirement without its date is said as of today: until tomorrow (UTC).
      if (!key.retiredAt) horizon?.until(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
      lines.push(`uid:${escapeUid(`[retired by its team on ${day(at)}; not in use]`)}:${seconds(at)}::${flags}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
