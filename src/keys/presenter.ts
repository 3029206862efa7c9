import { addDays } from '../clock';
import type { Horizon } from '../entry/read-cache';
import { KEY_CHECK_STATUSES, type TeamKeyRow } from './schema';

/** Keys expiring within this many days carry a warning wherever they are shown. */
const EXPIRY_WARNING_DAYS = 60;

/** What a key is at an instant: its last check's status, or "expiring" within the warning window. */
export const KEY_STATES = [...KEY_CHECK_STATUSES, 'expiring'] as const;
type KeyState = (typeof KEY_STATES)[number];

/** A key's own facts as every answer about a key states them (dates as ISO strings). */
export interface KeyFacts {
  fingerprint: string;
  keyId: string;
  algorithm: string;
  bits: number | null;
  created: string;
  expires: string | null;
  uids: string[];
}

export interface KeySummary extends KeyFacts {
  status: KeyState;
  role: 'pending' | 'current' | 'next' | 'retired';
  verifiedAt: string | null;
  retiredAt: string | null;
}

/** Expiry is judged against the clock here too, so a key that expired since the last recheck is never shown as valid. */
export function keyStateAt(key: Pick<TeamKeyRow, 'status' | 'expiresAt'>, now: Date): KeyState {
  if (key.status === 'revoked' || key.status === 'invalid') return key.status;
  if (key.status === 'expired' || (key.expiresAt && key.expiresAt <= now)) return 'expired';
  if (key.expiresAt && key.expiresAt <= addDays(now, EXPIRY_WARNING_DAYS)) return 'expiring';
  return 'valid';
}

/**
 * When keyStateAt's answer changes next by the clock alone: the start of the warning window, then the expiry; null
 * for a key without expiry or one whose state no longer depends on the clock.
 */
export function keyStateChangesAt(key: Pick<TeamKeyRow, 'status' | 'expiresAt'>, now: Date): Date | null {
  if (key.status !== 'valid' || !key.expiresAt || key.expiresAt <= now) return null;
  const warning = addDays(key.expiresAt, -EXPIRY_WARNING_DAYS);
  return warning > now ? warning : key.expiresAt;
}

/** A key as answers show it; `horizon` (a cached answer's) learns when the shown state changes by the clock. */
export function presentKey(key: TeamKeyRow, now: Date, horizon?: Horizon): KeySummary {
  horizon?.until(keyStateChangesAt(key, now));
  return {
    fingerprint: key.fingerprint,
    keyId: key.keyId,
    algorithm: key.algorithm,
    bits: key.bits,
    created: key.keyCreatedAt.toISOString(),
    expires: key.expiresAt ? key.expiresAt.toISOString() : null,
    status: keyStateAt(key, now),
    role: key.role,
    verifiedAt: key.verifiedAt ? key.verifiedAt.toISOString() : null,
    retiredAt: key.retiredAt ? key.retiredAt.toISOString() : null,
    uids: key.uids,
  };
}

/** "ABCD 1234 …": fingerprints are read aloud and compared by people in groups of four. */
export function groupFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?=.)/g, '$1 ');
}
