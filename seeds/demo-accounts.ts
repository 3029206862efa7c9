/**
 * Demo accounts (demo data only; refused in production), all with the password below, so a newcomer can walk
 * every part of the registry: the secretariat; editors of three member teams — enough distinct teams to give the
 * two endorsements a sponsorship needs, and one editor of two teams to show choosing which team speaks; and a
 * member who is no editor. The README's table and the start-up banner list exactly these. Idempotent.
 */
import { eq } from 'drizzle-orm';
import { hashPassword } from '../src/accounts/password';
import { findUserByEmail, upsertMembership } from '../src/accounts/queries';
import { users } from '../src/accounts/schema';
import type { AppContext } from '../src/context';
import { findTeamBySlug } from '../src/entry/queries';

export const DEMO_PASSWORD = 'demo-password';

interface DemoAccount {
  email: string;
  name: string;
  secretariat: boolean;
  teams: readonly { slug: string; shortName: string; role: 'editor' | 'member' }[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'secretariat@demo.example', name: '事務局 デモ', secretariat: true, teams: [] },
  {
    email: 'editor@demo.example',
    name: '編集者 デモ',
    secretariat: false,
    teams: [{ slug: 'sakura-csirt', shortName: 'SAKURA-CSIRT', role: 'editor' }],
  },
  {
    email: 'editor2@demo.example',
    name: '編集者２ デモ',
    secretariat: false,
    teams: [
      { slug: 'hokkai-net-csirt', shortName: 'HOKKAI-NET-CSIRT', role: 'editor' },
      { slug: 'naniwa-csirt', shortName: 'NANIWA-CSIRT', role: 'editor' },
    ],
  },
  {
    email: 'member@demo.example',
    name: 'メンバー デモ',
    secretariat: false,
    teams: [{ slug: 'tms-csirt', shortName: 'TMS-CSIRT', role: 'member' }],
  },
];

/** "secretariat", "editor of SAKURA-CSIRT", "editor of HOKKAI-NET-CSIRT and NANIWA-CSIRT": the banner's words. */
export function demoRole(account: DemoAccount): string {
  if (account.secretariat) return 'secretariat';
  const roles = [...new Set(account.teams.map((t) => t.role))];
  return roles
    .map(
      (role) =>
        `${role} of ${account.teams
          .filter((t) => t.role === role)
          .map((t) => t.shortName)
          .join(' and ')}`,
    )
    .join(', ');
}

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
      for (const membership of account.teams) {
        const team = await findTeamBySlug(tx, membership.slug);
        if (team) await upsertMembership(tx, { userId: user.id, teamId: team.id, role: membership.role, now });
      }
    }
  });
  return added;
}
