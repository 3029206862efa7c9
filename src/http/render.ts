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
  res
    .status(status)
    .type('html')
    .send(await pageHtml(res, view, locals));
}

/** The page renderPage would send, as text (for a page kept in a cache). */
export async function pageHtml(
  res: PageResponse,
  view: string,
  locals: Record<string, unknown> & { title: string },
): Promise<string> {
  const all = { ...res.locals, ...locals };
  const body = await renderView(res, view, all);
  return renderView(res, 'layout', { ...all, body });
}
