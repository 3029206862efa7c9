/**
 * Keyserver use cases: find served keys by fingerprint, key id or email, as the caller may see them, and render
 * the HKP machine-readable index. Keys are served as stored: minimised public keys.
 */
import type { AppContext } from '../context';
import { canSeeKey, type Viewer } from '../directory/visibility';
import { type KeySearch, servedKeysMatching } from './queries';
import type { TeamKeyRow } from './schema';

export type ParsedSearch = { ok: true; search: KeySearch } | { ok: false; reason: 'short_key_id' | 'unsupported' };

/** HKP `search=`: 0x + 40 hex (fingerprint), 0x + 16 hex (key id), or an email address (optionally in <>). */
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
  const email = /^<?([^\s<>@]+@[^\s<>@]+)>?$/.exec(value);
  if (email && value.length <= 254) return { ok: true, search: { email: email[1].toLowerCase() } };
  return { ok: false, reason: 'unsupported' };
}

export async function findServedKeys(
  ctx: Pick<AppContext, 'db'>,
  search: KeySearch | null,
  viewer: Viewer,
): Promise<TeamKeyRow[]> {
  const rows = await servedKeysMatching(ctx.db, search);
  // The presenter's rule: a key whose user IDs hold the team's address is never more visible than the address.
  return rows.filter((r) => canSeeKey(viewer, r.team, r.key)).map((r) => r.key);
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

/** The machine-readable index (`op=index&options=mr`) as gpg --search-keys reads it. */
export function hkpIndex(keys: TeamKeyRow[], now: Date): string {
  const lines = [`info:1:${keys.length}`];
  for (const key of keys) {
    const expired = key.expiresAt !== null && key.expiresAt <= now;
    const flags = `${key.status === 'revoked' ? 'r' : ''}${expired || key.status === 'expired' ? 'e' : ''}`;
    const expires = key.expiresAt ? String(seconds(key.expiresAt)) : '';
    lines.push(
      `pub:${key.fingerprint}:${ALGORITHM_IDS[key.algorithm] ?? ''}:${key.bits ?? ''}:${seconds(key.keyCreatedAt)}:${expires}:${flags}`,
    );
    for (const uid of key.uids) lines.push(`uid:${escapeUid(uid)}:${seconds(key.keyCreatedAt)}::${flags}`);
  }
  return `${lines.join('\n')}\n`;
}
