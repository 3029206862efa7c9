/** Personal API tokens: created and revoked in account settings, stored hashed, last use recorded. */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../audit/service';
import { record } from '../audit/service';
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { apiTokens } from './schema';
import { loadSessionUser, type SessionUser } from './session-user';
import { hashToken } from './tokens';

const TOKEN_PREFIX = 'csr_';
/** last_used_at is written at most this often per token, so API reads do not each cost a write. */
const LAST_USE_RESOLUTION_MS = 60_000;

export async function createApiToken(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  name: string,
): Promise<{ id: string; token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: user.id,
        name,
        prefix: token.slice(0, 10),
        tokenHash: hashToken(token),
        scopes: ['read'],
        createdAt: now,
      })
      .returning({ id: apiTokens.id });
    await record(tx, actor, now, { action: 'api_token.created', target: `${name} (${token.slice(0, 10)}…)` });
    return { id: row.id, token };
  });
}

export async function listApiTokens(ctx: Pick<AppContext, 'db'>, userId: string) {
  return ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      scopes: apiTokens.scopes,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  tokenId: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const validId = /^[0-9a-f-]{36}$/i.test(tokenId);
    const [row] = validId
      ? await tx
          .update(apiTokens)
          .set({ revokedAt: now })
          .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)))
          .returning({ name: apiTokens.name, prefix: apiTokens.prefix })
      : [];
    if (!row) throw notFound();
    await record(tx, actor, now, { action: 'api_token.revoked', target: `${row.name} (${row.prefix}…)` });
  });
}

/** What a token may do. One scope today: reading (the API, feeds, keys and exports, by GET). */
const API_TOKEN_SCOPES = ['read'] as const;
type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export async function authenticateApiToken(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  raw: string,
): Promise<{ user: SessionUser; scopes: ApiTokenScope[] } | null> {
  if (!raw.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await ctx.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(raw)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  const now = ctx.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USE_RESOLUTION_MS) {
    await ctx.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  const user = await loadSessionUser(ctx.db, row.userId);
  const scopes = row.scopes.filter((s): s is ApiTokenScope => (API_TOKEN_SCOPES as readonly string[]).includes(s));
  return user ? { user, scopes } : null;
}
