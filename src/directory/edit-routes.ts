/** /teams/:slug/edit and /teams/:slug/history — the team's editors (and the secretariat) keep the entry right. */

import { actorOf, signedInUser } from '../accounts/request-user';
import { claimsOfTeam } from '../constituency/queries';
import type { AppContext } from '../context';
import { ENTRY_VOCABULARY, type EntryFormValues, echoEntry, parseEntryForm } from '../entry/entry-form';
import { describeChange, VISIBILITY_FIELD_LABELS } from '../entry/field-labels';
import type { VisibilityOverrides } from '../entry/schema';
import { CONFIGURABLE_FIELDS, FIELD_RULES } from '../entry/visibility';
import { accessTeamOf, type GuardedRouter } from '../http/access';
import type { FieldError } from '../http/errors';
import type { PageResponse } from '../http/locals';
import { renderPage } from '../http/render';
import { entryForEditing, type FieldChange, levelsFor, saveEntry, teamHistory, visibilityFrom } from './editing';

export function registerEditRoutes(ctx: AppContext, r: GuardedRouter): void {
  const show = async (
    res: PageResponse,
    locals: {
      values: EntryFormValues;
      visibility: VisibilityOverrides;
      version: number;
      errors?: FieldError[];
      conflict?: FieldChange[];
      saved?: string | null;
      keyHeldBack?: boolean;
    },
    status = 200,
  ) => {
    const t = res.locals.t;
    const team = accessTeamOf(res);
    const claimCounts = { domain: 0, prefix: 0, asn: 0 };
    for (const c of await claimsOfTeam(ctx.db, team.id)) claimCounts[c.kind] += 1;
    const fieldErrors: Record<string, string> = {};
    for (const e of locals.errors ?? []) fieldErrors[e.field] ??= t(e.messageKey, e.params);
    await renderPage(
      res,
      'directory/edit',
      {
        title: t('edit.title', { team: team.shortName }),
        team,
        values: locals.values,
        visibility: locals.visibility,
        version: locals.version,
        errors: (locals.errors ?? []).map((e) => t(e.messageKey, e.params)),
        fieldErrors,
        conflict: locals.conflict ? locals.conflict.map((c) => describeChange(c, t)) : null,
        saved: locals.saved ?? null,
        keyHeldBack: locals.keyHeldBack ?? false,
        vocab: ENTRY_VOCABULARY,
        visibilityFields: CONFIGURABLE_FIELDS.map((f) => ({
          field: f,
          label: t(VISIBILITY_FIELD_LABELS[f]),
          levels: levelsFor(f),
          fallback: FIELD_RULES[f].default,
        })),
        lockShortName: true,
        claimCounts,
      },
      status,
    );
  };

  r.get('/teams/:slug/edit', 'team-editor', async (req, res) => {
    const view = await entryForEditing(ctx, signedInUser(req), String(req.params.slug), res.locals.locale);
    const saved = typeof req.query.saved === 'string' ? req.query.saved : null;
    await show(res, {
      values: view.values,
      visibility: view.visibility,
      version: view.version,
      saved,
      keyHeldBack: view.keyHeldBack,
    });
  });

  r.post('/teams/:slug/edit', 'team-editor', async (req, res) => {
    const team = accessTeamOf(res);
    const body: Record<string, unknown> = { ...(req.body as Record<string, unknown>), shortName: team.shortName };
    const values = echoEntry(body);
    const visibility = visibilityFrom(body);
    const version = /^\d{1,9}$/.test(String(body.version ?? '')) ? Number(body.version) : -1;
    const parsed = parseEntryForm(body);
    if (!parsed.form) return show(res, { values, visibility, version, errors: parsed.errors }, 422);
    const result = await saveEntry(ctx, signedInUser(req), actorOf(req), team.slug, {
      form: parsed.form,
      visibility,
      version,
      confirmCurrent: body.confirmCurrent === 'yes',
    });
    if (result.kind === 'conflict') {
      // Their values stay in the form; the version moves on, so saving again (after merging) goes through.
      return show(res, { values, visibility, version: result.current.version, conflict: result.changes }, 409);
    }
    const saved = result.confirmed ? 'confirmed' : result.changed.length ? 'saved' : 'unchanged';
    res.redirect(303, `/teams/${team.slug}/edit?saved=${saved}`);
  });

  r.get('/teams/:slug/history', 'team-editor', async (req, res) => {
    const { team, rows } = await teamHistory(ctx, signedInUser(req), String(req.params.slug));
    const t = res.locals.t;
    await renderPage(res, 'directory/history', {
      title: t('history.title', { team: team.shortName }),
      team,
      // Field names and codes as the reader says them ("チーム紹介: 概要（日本語）", "関東"), not as stored.
      rows: rows.map((r) => ({ ...r, changes: r.changes.map((c) => describeChange(c, t)) })),
    });
  });
}
