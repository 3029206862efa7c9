/**
 * createApp(ctx): the middleware order, the routers, the 404 and the error handler. It never listens (server.ts
 * does), so tests run it in-process with Supertest.
 */
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express from 'express';
import type { AppContext } from './context';
import { createDirectoryApiRouter } from './directory/api-routes';
import { createDirectoryRouter } from './directory/routes';
import { createHealthRouter } from './health/routes';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { localeMiddleware } from './http/locale';
import { requestLogger } from './http/request-log';
import { securityHeaders } from './http/security';
import { viewHelpers } from './http/view-helpers';

export function createApp(ctx: AppContext): express.Express {
  const { config } = ctx;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('views', path.join(config.rootDir, 'views'));
  app.set('view engine', 'ejs');
  app.set('view cache', config.isProduction);
  app.set('json spaces', config.isProduction ? 0 : 2);
  Object.assign(app.locals, viewHelpers);

  app.use(requestLogger(ctx.log));
  app.use(createHealthRouter(ctx));
  app.use(securityHeaders(config));
  app.use(
    express.static(path.join(config.rootDir, 'public'), {
      maxAge: config.isProduction ? '7d' : 0,
      index: false,
      fallthrough: true,
    }),
  );
  app.use(cookieParser());
  app.use(localeMiddleware(config));

  app.use('/api/v1', createDirectoryApiRouter(ctx));
  app.use(createDirectoryRouter(ctx));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
