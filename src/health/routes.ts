import { Router } from 'express';
import type { AppContext } from '../context';

/** Liveness (the process answers) and readiness (the database answers) for load balancers and orchestrators. */
export function createHealthRouter(ctx: Pick<AppContext, 'database'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ok = await ctx.database.ping(2000);
    res
      .status(ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(ok ? { status: 'ok' } : { status: 'unavailable', database: 'unreachable' });
  });
  return router;
}
