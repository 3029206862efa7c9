/**
 * createApp(ctx): the middleware order, the routers, the 404 and the error handler. It never listens (server.ts
 * does), so tests run it in-process with Supertest.
 */
import path from 'node:path';
import express from 'express';
import { accessChecks } from './accounts/access-checks';
import { createAuthentication } from './accounts/authentication';
import { registerInvitationRoutes } from './accounts/invitation-routes';
import { ACCOUNT_LABELS } from './accounts/labels';
import { registerLoginRoutes } from './accounts/login-routes';
import { registerPasswordRoutes } from './accounts/password-routes';
import { currentUser } from './accounts/request-user';
import { registerSettingsRoutes } from './accounts/settings-routes';
import { registerTeamUserRoutes } from './accounts/team-users-routes';
import { secretariatTwoFactorGate } from './accounts/two-factor-gate';
import { registerAdminRoutes } from './admin/routes';
import { registerAdmissionAdminRoutes } from './admission/admin-routes';
import { ADMISSION_LABELS } from './admission/labels';
import { registerApplicationRoutes } from './admission/routes';
import { registerSponsorRoutes } from './admission/sponsor-routes';
import { registerAnnouncementAdminRoutes } from './announcements/admin-routes';
import { registerAnnouncementFeed } from './announcements/feed';
import { ANNOUNCEMENT_LABELS } from './announcements/labels';
import { registerAnnouncementMemberRoutes } from './announcements/member-routes';
import { registerConstituencyRoutes } from './constituency/routes';
import type { AppContext } from './context';
import { registerDirectoryApiRoutes } from './directory/api-routes';
import { registerChangeFeed } from './directory/change-feed';
import { registerEditRoutes } from './directory/edit-routes';
import { registerDirectoryExportApi, registerTeamExportRoutes } from './directory/export-routes';
import { createLookupService } from './directory/lookup';
import { registerLookupApi } from './directory/lookup-routes';
import { registerApiDocsPage, registerOpenApiRoute } from './directory/openapi-routes';
import { registerDirectoryRoutes } from './directory/routes';
import { createDirectoryService } from './directory/service';
import { entryLocaleHelpers, entryViewHelpers } from './directory/view-locals';
import { registerDrillAdminRoutes } from './drills/admin-routes';
import { DRILL_LABELS } from './drills/labels';
import { registerDrillRoutes } from './drills/routes';
import { entryFieldLabel } from './entry/field-labels';
import { DIRECTORY_LABELS } from './entry/labels';
import { registerHealthRoutes } from './health/routes';
import { guardedRouter, RouteTable } from './http/access';
import { requestCookies } from './http/cookies';
import { csrfLocals, verifyCsrf } from './http/csrf';
import { createErrorHandler, notFoundHandler } from './http/error-handler';
import { multipartForms, urlencodedForms } from './http/forms';
import { guardBody, guardQuery } from './http/input-guard';
import { localeMiddleware } from './http/locale';
import { requestLogger } from './http/request-log';
import { securityHeaders } from './http/security';
import { inSequence } from './http/sequence';
import { viewHelpers } from './http/view-helpers';
import type { MessageKey } from './i18n';
import { IMPORT_LABELS } from './import/labels';
import { registerImportRoutes } from './import/routes';
import { registerKeyCheckApi, registerKeyCheckPage } from './keys/check-routes';
import { registerKeyringRoute, registerKeyserverRoutes } from './keys/keyserver-routes';
import { KEY_LABELS } from './keys/labels';
import { registerKeyManagementRoutes } from './keys/management-routes';
import { registerDevMailboxRoutes } from './mail/dev-mailbox-routes';
import { MAIL_LABELS } from './mail/labels';
import { registerAssociationKeyRoute } from './mail/routes';
import { registerFreshnessAdminRoutes } from './reminders/admin-routes';
import { registerConfirmationRoutes } from './reminders/routes';
import { registerStatsRoutes } from './stats/routes';

/** How the edge names a refused field: the directory's query parameters and the entry's fields by their labels. */
const QUERY_LABELS: Partial<Record<string, MessageKey>> = {
  q: 'directory.search.label',
  region: 'directory.filter.region',
  industry: 'directory.filter.industry',
};
const fieldLabel = (field: string) => QUERY_LABELS[field] ?? entryFieldLabel(field);

export function createApp(ctx: AppContext): express.Express {
  const { config } = ctx;
  const app = express();
  const routes = new RouteTable(accessChecks(ctx.db));
  app.set('routeTable', routes);
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('views', path.join(config.rootDir, 'views'));
  app.set('view engine', 'ejs');
  // Compiled views are cached everywhere but development, where templates are being edited.
  app.set('view cache', config.env !== 'development');
  app.set('json spaces', config.isProduction ? 0 : 2);
  // Labels of every closed list, looked up by code in views (`t(labels.region[code])`), never built from data.
  const labels = {
    ...DIRECTORY_LABELS,
    ...ACCOUNT_LABELS,
    ...KEY_LABELS,
    ...MAIL_LABELS,
    ...ADMISSION_LABELS,
    ...DRILL_LABELS,
    ...IMPORT_LABELS,
    ...ANNOUNCEMENT_LABELS,
  };
  Object.assign(app.locals, viewHelpers, entryViewHelpers, { labels });
  // The layout links the development mailbox (mail/dev-mailbox-routes.ts), which exists in development only.
  app.locals.devMailbox = config.env === 'development';

  // Before anything reads a query string: text the application does not accept is refused here, for every route.
  app.use(inSequence(requestLogger(ctx.log), guardQuery(fieldLabel)));
  const health = guardedRouter(routes);
  registerHealthRoutes(ctx, health);
  app.use(health.gated);
  // Keyservers are read by programs (gpg) at volume: ahead of the page middleware, no CSRF, plain-text errors.
  const auth = createAuthentication(ctx);
  // Authentication runs on these routes only, as part of each route (cheap for gpg's cookie-less requests); members
  // with an API token fetch keys shown to members only.
  const keyserver = guardedRouter(routes, '', { tokens: 'read', authenticate: auth.middleware });
  registerKeyserverRoutes(ctx, keyserver);
  // Keys are never HTML, so the page headers (CSP and the rest of helmet's set) are not theirs to pay for; only
  // nosniff matters, and the keyserver sets it itself.
  app.use(keyserver.gated);
  app.use(securityHeaders(config));
  // Static files only under their own prefixes: a catch-all static handler would look on disk for every API call.
  const assets = { maxAge: config.isProduction ? '7d' : 0, index: false, fallthrough: true } as const;
  app.use('/css', express.static(path.join(config.rootDir, 'public', 'css'), assets));
  app.use('/js', express.static(path.join(config.rootDir, 'public', 'js'), assets));
  // Chart.js from the installed package, served from this origin (the CSP allows scripts from 'self' only).
  // (The package's exports map hides its dist/ files: found next to its main entry instead.)
  const chartJs = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
  const favicon = path.join(config.rootDir, 'public', 'favicon.svg');
  // What every page and API request passes through, in this order (as one router layer: http/sequence.ts).
  app.use(
    inSequence(
      (req, res, next) =>
        req.path === '/js/vendor/chart.umd.min.js' && req.method === 'GET' ? res.sendFile(chartJs, assets) : next(),
      (req, res, next) =>
        // Browsers also ask for /favicon.ico on their own (Chromium does on error pages): the same icon answers.
        (req.path === '/favicon.svg' || req.path === '/favicon.ico') && req.method === 'GET'
          ? res.type('image/svg+xml').sendFile(favicon, assets)
          : next(),
      requestCookies(),
      urlencodedForms,
      guardBody(fieldLabel),
      ...auth.middleware,
      localeMiddleware(config, [entryLocaleHelpers]),
      (req, res, next) => {
        res.locals.currentUser = currentUser(req);
        next();
      },
      secretariatTwoFactorGate(config),
    ),
  );

  // One directory service per app: its read cache serves the pages and the API alike.
  const directory = createDirectoryService(ctx);
  const lookup = createLookupService(ctx);
  const api = guardedRouter(routes, '/api/v1', { tokens: 'read' });
  registerDirectoryExportApi(ctx, api, directory);
  registerDirectoryApiRoutes(api, directory);
  registerLookupApi(api, lookup);
  registerKeyringRoute(ctx, api);
  registerKeyCheckApi(ctx, api);
  registerChangeFeed(ctx, api);
  registerAnnouncementFeed(ctx, api);
  app.use('/api/v1', api.router);
  const apiDocs = guardedRouter(routes, '/api', { tokens: 'read' });
  registerOpenApiRoute(ctx, apiDocs);
  app.use('/api', apiDocs.router);

  // Everything below serves pages and forms: every state-changing request needs the CSRF token.
  app.use(multipartForms, guardBody(fieldLabel), csrfLocals, verifyCsrf);
  // A team's exports (vCard, RFC 2350, security.txt) are read by scripts too: API tokens are honoured there.
  const exports = guardedRouter(routes, '', { tokens: 'read' });
  registerTeamExportRoutes(ctx, exports, directory);
  app.use(exports.router);
  const pages = guardedRouter(routes);
  registerDirectoryRoutes(ctx, pages, directory, lookup);
  registerConstituencyRoutes(ctx, pages);
  registerEditRoutes(ctx, pages);
  registerKeyCheckPage(ctx, pages);
  registerLoginRoutes(ctx, pages, auth);
  registerPasswordRoutes(ctx, pages);
  registerInvitationRoutes(ctx, pages);
  registerSettingsRoutes(ctx, pages);
  registerTeamUserRoutes(ctx, pages);
  registerKeyManagementRoutes(ctx, pages);
  registerAdminRoutes(ctx, pages);
  registerApplicationRoutes(ctx, pages);
  registerAdmissionAdminRoutes(ctx, pages);
  registerSponsorRoutes(ctx, pages);
  registerConfirmationRoutes(ctx, pages);
  registerDrillRoutes(ctx, pages);
  registerDrillAdminRoutes(ctx, pages);
  registerImportRoutes(ctx, pages);
  registerAnnouncementAdminRoutes(ctx, pages);
  registerAnnouncementMemberRoutes(ctx, pages);
  registerFreshnessAdminRoutes(ctx, pages);
  registerAssociationKeyRoute(ctx, pages);
  registerApiDocsPage(ctx, pages);
  registerStatsRoutes(ctx, pages);
  registerDevMailboxRoutes(ctx, pages);
  app.use(pages.router);

  app.use(notFoundHandler);
  app.use(createErrorHandler(ctx));
  return app;
}
