/** GET /association.asc: the association's public signing key, so members can verify its mail. */
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { notFound } from '../http/errors';

export function registerAssociationKeyRoute(ctx: AppContext, r: GuardedRouter): void {
  r.get('/association.asc', 'public', async (_req, res) => {
    const key = await ctx.mailer.associationKey();
    if (!key) throw notFound();
    res.type('application/pgp-keys').set('Cache-Control', 'public, max-age=3600').send(key.publicKey);
  });
}
