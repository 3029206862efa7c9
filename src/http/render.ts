import type { Response } from 'express';
import type { PageResponse } from './locals';

function renderView(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.app.render(view, locals, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? '')));
  });
}

/**
 * Renders `views/<view>.ejs` inside `views/layout.ejs`. Views see res.locals (locale, t, helpers) plus `locals`;
 * `title` names the page in the layout's <title>.
 */
export async function renderPage(
  res: PageResponse,
  view: string,
  locals: Record<string, unknown> & { title: string },
  status = 200,
): Promise<void> {
  const all = { ...res.locals, ...locals };
  const body = await renderView(res, view, all);
  const html = await renderView(res, 'layout', { ...all, body });
  res.status(status).type('html').send(html);
}
