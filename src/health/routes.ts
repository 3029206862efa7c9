import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';

/** Liveness (the process answers) and readiness (the database answers) for load balancers and orchestrators. */
export function registerHealthRoutes(ctx: Pick<AppContext, 'database'>, r: GuardedRouter): void {
  r.get('/healthz', 'public', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  r.get('/readyz', 'public', async (_req, res) => {
    const ok = await ctx.database.ping(2000);
    res
      .status(ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(ok ? { status: 'ok' } : { status: 'unavailable', database: 'unreachable' });
  });
}
