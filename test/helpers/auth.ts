/**
 * Users and logins for tests: real accounts in the suite's database, real login through the form (CSRF token
 * included), and a Supertest agent that keeps the session cookie.
 */
import type express from 'express';
import request from 'supertest';
import { hashPassword } from '../../src/accounts/password';
import { upsertMembership } from '../../src/accounts/queries';
import { users } from '../../src/accounts/schema';
import type { AppContext } from '../../src/context';

export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;
let cachedHash: Promise<string> | undefined;

export async function createUser(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  opts: {
    email?: string;
    name?: string;
    secretariat?: boolean;
    teams?: { id: string; role: 'member' | 'editor' }[];
    password?: string | null;
  } = {},
) {
  counter += 1;
  const email = opts.email ?? `user${process.pid}-${counter}@test.example`;
  // Hashing is deliberately slow; tests share one hash of the common password.
  if (!cachedHash) cachedHash = hashPassword(TEST_PASSWORD);
  const passwordHash =
    opts.password === null ? null : opts.password ? await hashPassword(opts.password) : await cachedHash;
  const [user] = await ctx.db
    .insert(users)
    .values({
      email,
      name: opts.name ?? '',
      passwordHash,
      isSecretariat: opts.secretariat ?? false,
      createdAt: ctx.clock.now(),
    })
    .returning();
  for (const team of opts.teams ?? []) {
    await upsertMembership(ctx.db, { userId: user.id, teamId: team.id, role: team.role, now: ctx.clock.now() });
  }
  return user;
}

/** The CSRF token of the form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

export type Agent = ReturnType<typeof request.agent>;

/** Fetches `path` with the agent and returns the CSRF token of its form. */
export async function csrfOf(agent: Agent, path = '/login'): Promise<string> {
  const page = await agent.get(path);
  return csrfFrom(page.text);
}

export async function login(app: express.Express, email: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const csrf = await csrfOf(agent, '/login');
  const res = await agent.post('/login').type('form').send({ email, password, _csrf: csrf });
  if (res.status !== 302) throw new Error(`login of ${email} failed with ${res.status}`);
  return agent;
}

/** A POST with the agent's CSRF token, taken from a page the agent may see. */
export async function postForm(agent: Agent, path: string, form: Record<string, string>, tokenPage = '/account') {
  const csrf = await csrfOf(agent, tokenPage);
  return agent
    .post(path)
    .type('form')
    .send({ ...form, _csrf: csrf });
}
