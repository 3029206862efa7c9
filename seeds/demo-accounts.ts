/**
 * Demo accounts (demo data only; refused in production): one per role, all with the password below, so a newcomer
 * can see every part of the registry. Idempotent.
 */
import { eq } from 'drizzle-orm';
import { hashPassword } from '../src/accounts/password';
import { findUserByEmail, upsertMembership } from '../src/accounts/queries';
import { users } from '../src/accounts/schema';
import type { AppContext } from '../src/context';
import { findTeamBySlug } from '../src/directory/queries';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_ACCOUNTS = [
  { email: 'secretariat@demo.example', name: '事務局 デモ', secretariat: true, team: null, role: null },
  { email: 'editor@demo.example', name: '編集者 デモ', secretariat: false, team: 'sakura-csirt', role: 'editor' },
  { email: 'member@demo.example', name: 'メンバー デモ', secretariat: false, team: 'tms-csirt', role: 'member' },
] as const;

export async function seedDemoAccounts(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>): Promise<number> {
  if (ctx.config.isProduction) throw new Error('demo accounts are refused when NODE_ENV=production');
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let added = 0;
  await ctx.db.transaction(async (tx) => {
    for (const account of DEMO_ACCOUNTS) {
      let user = await findUserByEmail(tx, account.email);
      if (!user) {
        [user] = await tx
          .insert(users)
          .values({
            email: account.email,
            name: account.name,
            passwordHash,
            isSecretariat: account.secretariat,
            createdAt: now,
          })
          .returning();
        added += 1;
      } else if (user.isSecretariat !== account.secretariat) {
        await tx.update(users).set({ isSecretariat: account.secretariat }).where(eq(users.id, user.id));
      }
      if (account.team && account.role) {
        const team = await findTeamBySlug(tx, account.team);
        if (team) await upsertMembership(tx, { userId: user.id, teamId: team.id, role: account.role, now });
      }
    }
  });
  return added;
}
