/**
 * Proof of possession: a one-time code, mailed encrypted to the new key, that the team decrypts and enters. Only a
 * hash bound to the key is stored (tokens table, purpose key_possession); valid 7 days; single use.
 */
import { createHash, randomInt } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { tokens } from '../accounts/schema';
import type { DbOrTx } from '../db/client';

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const POSSESSION_TTL_MS = 7 * 24 * 60 * 60_000;

/** "K7PD-9XWA": 8 characters from an unambiguous alphabet (~40 bits), typed by a person. */
function newPossessionCode(): string {
  const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

function normalizeCode(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

function codeHash(keyRowId: string, code: string): string {
  return createHash('sha256')
    .update(`${keyRowId}:${normalizeCode(code)}`)
    .digest('hex');
}

export async function issuePossessionCode(
  tx: DbOrTx,
  p: { keyRowId: string; email: string; now: Date; createdBy: string | null },
): Promise<{ code: string; expiresAt: Date }> {
  const code = newPossessionCode();
  const expiresAt = new Date(p.now.getTime() + POSSESSION_TTL_MS);
  await tx.insert(tokens).values({
    purpose: 'key_possession',
    tokenHash: codeHash(p.keyRowId, code),
    email: p.email,
    data: { keyRowId: p.keyRowId },
    expiresAt,
    createdBy: p.createdBy,
    createdAt: p.now,
  });
  return { code, expiresAt };
}

/** Uses the code for this key: true for exactly one caller while it is valid. */
export async function consumePossessionCode(tx: DbOrTx, keyRowId: string, code: string, now: Date): Promise<boolean> {
  const used = await tx
    .update(tokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(tokens.purpose, 'key_possession'),
        eq(tokens.tokenHash, codeHash(keyRowId, code)),
        isNull(tokens.usedAt),
        gt(tokens.expiresAt, now),
      ),
    )
    .returning({ id: tokens.id });
  return used.length === 1;
}
