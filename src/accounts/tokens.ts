/**
 * Single-use emailed tokens: 32 random bytes in the link, only their SHA-256 in the database (a leaked table does
 * not reveal usable links), an expiry, and consumption by one atomic UPDATE so a token works exactly once even when
 * two requests race.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { type TokenRow, tokens } from './schema';

type TokenPurpose = TokenRow['purpose'];

const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  invitation: 7 * 24 * 60 * 60_000,
  password_reset: 60 * 60_000,
  key_possession: 7 * 24 * 60 * 60_000,
  // Long enough to outlive the next reminder: every reminder carries its own link.
  confirmation: 45 * 24 * 60 * 60_000,
  // A drill's code stays good after the drill has failed: a late answer still records when the team answered.
  drill: 30 * 24 * 60 * 60_000,
};

export function hashToken(raw: string): string {
  return createHash('sha256').update(raw, 'utf8').digest('hex');
}

export function newRawToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function issueToken(
  db: DbOrTx,
  t: {
    purpose: TokenPurpose;
    email: string;
    userId?: string | null;
    data?: Record<string, unknown>;
    createdBy?: string | null;
    now: Date;
  },
): Promise<{ raw: string; expiresAt: Date }> {
  const raw = newRawToken();
  const expiresAt = new Date(t.now.getTime() + TOKEN_TTL_MS[t.purpose]);
  await db.insert(tokens).values({
    purpose: t.purpose,
    tokenHash: hashToken(raw),
    email: t.email,
    userId: t.userId ?? null,
    data: t.data ?? {},
    createdBy: t.createdBy ?? null,
    expiresAt,
    createdAt: t.now,
  });
  return { raw, expiresAt };
}

export type TokenProblem = 'unknown' | 'used' | 'expired';

/** Looks a token up without using it (to show the form it opens). */
export async function peekToken(
  db: DbOrTx,
  purpose: TokenPurpose,
  raw: string,
  now: Date,
): Promise<{ ok: true; token: TokenRow } | { ok: false; problem: TokenProblem }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(raw)) return { ok: false, problem: 'unknown' };
  const [row] = await db
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, hashToken(raw)), eq(tokens.purpose, purpose)))
    .limit(1);
  if (!row) return { ok: false, problem: 'unknown' };
  if (row.usedAt) return { ok: false, problem: 'used' };
  if (row.expiresAt <= now) return { ok: false, problem: 'expired' };
  return { ok: true, token: row };
}

/** Uses a token: succeeds for exactly one caller. */
export async function consumeToken(
  db: DbOrTx,
  purpose: TokenPurpose,
  raw: string,
  now: Date,
): Promise<{ ok: true; token: TokenRow } | { ok: false; problem: TokenProblem }> {
  const seen = await peekToken(db, purpose, raw, now);
  if (!seen.ok) return seen;
  const [used] = await db
    .update(tokens)
    .set({ usedAt: now })
    .where(and(eq(tokens.id, seen.token.id), isNull(tokens.usedAt), gt(tokens.expiresAt, now)))
    .returning();
  return used ? { ok: true, token: used } : { ok: false, problem: 'used' };
}

/** Many tokens in one insert (reminder runs): answers each raw token with its expiry, in the order given. */
export async function issueTokens(
  db: DbOrTx,
  purpose: TokenPurpose,
  items: { email: string; data: Record<string, unknown> }[],
  now: Date,
): Promise<{ raw: string; expiresAt: Date }[]> {
  if (items.length === 0) return [];
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[purpose]);
  const issued = items.map(() => ({ raw: newRawToken(), expiresAt }));
  await db.insert(tokens).values(
    items.map((item, i) => ({
      purpose,
      tokenHash: hashToken(issued[i].raw),
      email: item.email,
      data: item.data,
      expiresAt,
      createdAt: now,
    })),
  );
  return issued;
}

/**
 * What a token was issued for, whatever has become of it since: a used or expired link can still say which team or
 * account it was about, so its page can point the way on. Never a way to use it.
 */
export async function tokenData(
  db: DbOrTx,
  purpose: TokenPurpose,
  raw: string,
): Promise<Record<string, unknown> | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(raw)) return null;
  const [row] = await db
    .select({ data: tokens.data })
    .from(tokens)
    .where(and(eq(tokens.tokenHash, hashToken(raw)), eq(tokens.purpose, purpose)))
    .limit(1);
  return (row?.data as Record<string, unknown> | undefined) ?? null;
}
