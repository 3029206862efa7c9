/** GET /api/openapi.json (the document) and GET /docs/api (the same, as a page to read). */
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { openApiDocument } from './openapi';

export function registerOpenApiRoute(ctx: AppContext, r: GuardedRouter): void {
  // Built once: the document depends on the code and the public URL only.
  const document = openApiDocument(ctx.config.publicUrl);
  r.get('/openapi.json', 'public', async (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(document);
  });
}

export function registerApiDocsPage(ctx: AppContext, r: GuardedRouter): void {
  const document = openApiDocument(ctx.config.publicUrl) as {
    paths: Record<
      string,
      Record<
        string,
        {
          summary: string;
          parameters?: { name: string; in: string; description?: string }[];
          responses: Record<string, { description: string }>;
        }
      >
    >;
  };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, ...op })),
  );
  r.get('/docs/api', 'public', async (_req, res) => {
    await renderPage(res, 'docs/api', { title: res.locals.t('apiDocs.title'), operations });
  });
}
