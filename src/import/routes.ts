/**
 * /admin/import — the secretariat moves its members in: upload a file, read the preview (correct the column
 * mapping and the defaults, preview again), then write it. Each step is its own request; the file stays stored
 * between them, so the commit writes what the last preview showed.
 */
import type { Request, Response } from 'express';
import { actorOf, signedInUser } from '../accounts/request-user';
import type { AppContext } from '../context';
import { describeChange } from '../entry/field-labels';
import { INDUSTRIES, REGIONS } from '../entry/vocabulary';
import type { GuardedRouter } from '../http/access';
import { HttpError, unprocessable } from '../http/errors';
import { uploadedFile, uploadedFileName } from '../http/forms';
import { renderPage } from '../http/render';
import { refusalMessages } from '../http/validate';
import { defaultsFrom, IMPORT_TARGETS, mappingFrom, targetLabel } from './columns';
import { heldInvitations, sendHeldInvitations } from './invitations';
import { commitImport, listImports, type PreviewedImport, reviewImport, startImport } from './service';

const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

export function registerImportRoutes(ctx: AppContext, r: GuardedRouter): void {
  const showUpload = async (req: Request, res: Response, errors: string[] = [], status = 200) =>
    renderPage(
      res,
      'import/upload',
      { title: res.locals.t('import.title'), imports: await listImports(ctx, signedInUser(req)), errors },
      status,
    );

  const showPreview = async (
    res: Response,
    p: PreviewedImport,
    extra: { errors?: string[]; notice?: string; invitations?: { waiting: number; sent: number } } = {},
    status = 200,
  ) => {
    const t = res.locals.t;
    const label = (target: (typeof IMPORT_TARGETS)[number]) => {
      const { key, params } = targetLabel(target);
      return t(key, params);
    };
    await renderPage(
      res,
      'import/preview',
      {
        title: t('import.previewTitle', { file: p.filename }),
        imported: p,
        columns: p.table.headers.map((header, i) => ({
          header,
          sample: (p.table.rows[0]?.[i] ?? '').slice(0, 80),
          target: p.mapping[i] ?? '',
        })),
        targets: IMPORT_TARGETS.map((target) => ({ value: target, label: label(target) })),
        rows: p.preview.rows.map((row) => ({
          ...row,
          changes: row.changes.map((c) => describeChange(c, t)),
          reasons: row.reasons.map((reason) => ({
            column: reason.column,
            text: t(reason.messageKey, reason.params),
          })),
        })),
        regions: REGIONS,
        industries: INDUSTRIES,
        writable: p.preview.counts.new + p.preview.counts.changed,
        errors: extra.errors ?? [],
        notice: extra.notice ?? null,
        invitations: extra.invitations ?? { waiting: 0, sent: 0 },
      },
      status,
    );
  };

  r.get('/admin/import', 'secretariat', async (req, res) => showUpload(req, res));

  r.post('/admin/import', 'secretariat', async (req, res) => {
    const file = uploadedFile(req);
    try {
      if (!file) throw unprocessable([{ field: 'file', messageKey: 'import.error.noFile' }]);
      const started = await startImport(ctx, signedInUser(req), actorOf(req), {
        bytes: new Uint8Array(file),
        filename: uploadedFileName(req),
        allowUpdate: body(req).allowUpdate === 'on',
      });
      res.redirect(303, `/admin/import/${started.id}`);
    } catch (err) {
      const status = err instanceof HttpError && err.status === 413 ? 413 : 422;
      await showUpload(req, res, refusalMessages(err, res.locals.t, [413, 422]), status);
    }
  });

  r.get('/admin/import/:id', 'secretariat', async (req, res) => {
    const user = signedInUser(req);
    const id = String(req.params.id);
    const invited =
      typeof req.query.invited === 'string' && /^\d{1,6}$/.test(req.query.invited) ? req.query.invited : null;
    await showPreview(res, await reviewImport(ctx, user, id), {
      invitations: await heldInvitations(ctx, user, id),
      notice: invited ? res.locals.t('import.invitationsSent', { count: Number(invited) }) : undefined,
    });
  });

  r.post('/admin/import/:id/invitations', 'secretariat', async (req, res) => {
    const id = String(req.params.id);
    const sent = await sendHeldInvitations(ctx, signedInUser(req), actorOf(req), id);
    res.redirect(303, `/admin/import/${id}?invited=${sent}`);
  });

  r.post('/admin/import/:id/preview', 'secretariat', async (req, res) => {
    const id = String(req.params.id);
    const user = signedInUser(req);
    const current = await reviewImport(ctx, user, id);
    const mapping = mappingFrom(body(req), current.mapping.length);
    if (!mapping) return showPreview(res, current, { errors: [res.locals.t('import.error.mapping')] }, 422);
    await reviewImport(ctx, user, id, {
      mapping,
      defaults: defaultsFrom(body(req)),
      allowUpdate: body(req).allowUpdate === 'on',
      inviteContacts: body(req).inviteContacts === 'on',
    });
    res.redirect(303, `/admin/import/${id}`);
  });

  r.post('/admin/import/:id/commit', 'secretariat', async (req, res) => {
    const id = String(req.params.id);
    const digest = String(body(req).digest ?? '').slice(0, 64);
    try {
      await commitImport(ctx, signedInUser(req), actorOf(req), id, digest);
      res.redirect(303, `/admin/import/${id}`);
    } catch (err) {
      const errors = refusalMessages(err, res.locals.t, [409]);
      await showPreview(res, await reviewImport(ctx, signedInUser(req), id), { errors }, 409);
    }
  });
}
