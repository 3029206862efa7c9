/**
 * Codes a person reads from an encrypted mail and types back: proof that they received and decrypted it. Used for
 * a new key's proof of possession (keys/) and for reachability drills (drills/). Only a hash bound to what the code
 * is for (the key, the drill) is stored in the tokens table; each code is valid until its expiry and used once.
 */
import { createHash, randomInt } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { type TokenRow, tokens } from './schema';

export type CodePurpose = Extract<TokenRow['purpose'], 'key_possession' | 'drill'>;

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** "K7PD-9XWA": 8 characters from an unambiguous alphabet (~40 bits), typed by a person. */
function newCode(): string {
  const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** What a person may have typed for a code: any case, full-width, spaces or dashes. */
export function normalizeCode(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

function codeHash(scope: string, code: string): string {
  return createHash('sha256')
    .update(`${scope}:${normalizeCode(code)}`)
    .digest('hex');
}

export async function issueCode(
  tx: DbOrTx,
  p: { purpose: CodePurpose; scope: string; email: string; now: Date; ttlMs: number; createdBy: string | null },
): Promise<{ code: string; expiresAt: Date }> {
  const code = newCode();
  const expiresAt = new Date(p.now.getTime() + p.ttlMs);
  await tx.insert(tokens).values({
    purpose: p.purpose,
    tokenHash: codeHash(p.scope, code),
    email: p.email,
    data: { scope: p.scope },
    expiresAt,
    createdBy: p.createdBy,
    createdAt: p.now,
  });
  return { code, expiresAt };
}

/** Uses the code issued for this purpose and scope: true for exactly one caller while it is valid. */
export async function consumeCode(
  tx: DbOrTx,
  p: { purpose: CodePurpose; scope: string; code: string; now: Date },
): Promise<boolean> {
  const used = await tx
    .update(tokens)
    .set({ usedAt: p.now })
    .where(
      and(
        eq(tokens.purpose, p.purpose),
        eq(tokens.tokenHash, codeHash(p.scope, p.code)),
        isNull(tokens.usedAt),
        gt(tokens.expiresAt, p.now),
      ),
    )
    .returning({ id: tokens.id });
  return used.length === 1;
}
