/**
 * Proof of possession: a one-time code, mailed encrypted to the new key, that the team decrypts and enters
 * (accounts/one-time-codes.ts, bound to the key); valid 7 days; single use.
 */
import { consumeCode, issueCode } from '../accounts/one-time-codes';
import type { DbOrTx } from '../db/client';

const POSSESSION_TTL_MS = 7 * 24 * 60 * 60_000;

export function issuePossessionCode(
  tx: DbOrTx,
  p: { keyRowId: string; email: string; now: Date; createdBy: string | null },
): Promise<{ code: string; expiresAt: Date }> {
  return issueCode(tx, {
    purpose: 'key_possession',
    scope: p.keyRowId,
    email: p.email,
    now: p.now,
    ttlMs: POSSESSION_TTL_MS,
    createdBy: p.createdBy,
  });
}

/** Uses the code for this key: true for exactly one caller while it is valid. */
export function consumePossessionCode(tx: DbOrTx, keyRowId: string, code: string, now: Date): Promise<boolean> {
  return consumeCode(tx, { purpose: 'key_possession', scope: keyRowId, code, now });
}
