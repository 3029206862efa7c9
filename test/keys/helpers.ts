/** An editor's steps on /teams/:slug/keys, as a browser makes them, and the keys and mail they are made with. */
import { and, desc, eq, sql } from 'drizzle-orm';
import { teamKeys } from '../../src/keys/schema';
import { outbox } from '../../src/mail/schema';
import { checkKey, decryptWith, generateKeyPair } from '../../src/pgp';
import type { TestContext } from '../helpers/app';
import { type Agent, csrfFrom } from '../helpers/auth';

interface KeyPair {
  publicKey: string;
  privateKey: string;
  fingerprint: string;
}

/** A fresh Ed25519 key pair made at the test clock's now (one user ID, `email`). */
export async function keyPair(ctx: TestContext, email: string, name = 'Test CSIRT'): Promise<KeyPair> {
  const pair = await generateKeyPair({ name, email, created: ctx.clock.now() });
  const fingerprint = (await checkKey(pair.publicKey, { now: ctx.clock.now() })).fingerprint as string;
  return { ...pair, fingerprint };
}

export async function keysOf(ctx: TestContext, teamId: string) {
  return ctx.db.select().from(teamKeys).where(eq(teamKeys.teamId, teamId));
}

export async function upload(agent: Agent, slug: string, key: string, fingerprint: string) {
  const page = await agent.get(`/teams/${slug}/keys`).expect(200);
  return agent
    .post(`/teams/${slug}/keys`)
    .field('_csrf', csrfFrom(page.text))
    .field('fingerprint', fingerprint)
    .field('key', key);
}

/** The possession code of the last mail to `email`, decrypted with the key's private half. */
export async function possessionCode(ctx: TestContext, email: string, privateKey: string): Promise<string> {
  const [mail] = await ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.template, 'key-possession'), sql`${email} = any(${outbox.toAddresses})`))
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  const message = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mail.textBody)![0];
  return /([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(await decryptWith(privateKey, message))![1];
}

export async function post(agent: Agent, slug: string, path: string, form: Record<string, string> = {}) {
  const page = await agent.get(`/teams/${slug}/keys`).expect(200);
  return agent
    .post(`/teams/${slug}/keys${path}`)
    .set('Referer', `http://127.0.0.1/teams/${slug}/keys`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...form });
}
