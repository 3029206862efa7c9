/**
 * The public side of admission: the application form (/apply) and the applicant's page, reached through the secret
 * link mailed to them (/applications/:token). Routes parse and render; applicant-service.ts does the work.
 */
import type { Request, Response } from 'express';
import type { AppContext } from '../context';
import { blankEntry, ENTRY_VOCABULARY, echoEntry, parseEntryForm, toEntry } from '../directory/entry-form';
import type { GuardedRouter } from '../http/access';
import { actorOf } from '../http/actor';
import { type FieldError, HttpError } from '../http/errors';
import { uploadedFile } from '../http/forms';
import { renderPage } from '../http/render';
import { parseBody, refusalMessages } from '../http/validate';
import { presentCheck } from '../keys/check-presenter';
import { answerInfo, applicantView, apply, confirmAndSubmit, withdraw } from './applicant-service';
import {
  APPLICANT_MESSAGES,
  APPLICATION_MESSAGES,
  applicantAnswerForm,
  applicantConfirmForm,
  applicantWithdrawForm,
  applicationExtrasForm,
} from './forms';
import { allowedActions } from './state';

const EXTRA_FIELDS = [
  'applicantName',
  'applicantEmail',
  'applicantPhone',
  'deputyName',
  'deputyEmail',
  'attestOperatesAsCsirtInJapan',
  'attestAgreesWithMission',
  'attestHandlesInformationAppropriately',
  'key',
] as const;

function echoApplication(body: Record<string, unknown>) {
  const values: Record<string, string | string[]> = echoEntry(body);
  for (const field of EXTRA_FIELDS) {
    const raw = body[field];
    values[field] = typeof raw === 'string' ? raw.slice(0, field === 'key' ? 1024 * 1024 : 300) : '';
  }
  return values;
}

/** Both halves of the form validated at once, so the applicant sees every problem in one round. */
function validateApplication(body: Record<string, unknown>) {
  const errors: FieldError[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof HttpError) || err.status !== 422) throw err;
      errors.push(...err.fields);
      return undefined;
    }
  };
  const parsed = parseEntryForm(body);
  errors.push(...parsed.errors);
  const entry = parsed.form;
  const extras = attempt(() => parseBody(applicationExtrasForm, body, APPLICATION_MESSAGES));
  return { entry, extras, errors };
}

export function registerApplicationRoutes(ctx: AppContext, r: GuardedRouter): void {
  const showForm = async (
    res: Response,
    locals: { values?: Record<string, string | string[]>; errors?: FieldError[]; keyReport?: unknown } = {},
    status = 200,
  ) => {
    const t = res.locals.t;
    const errors = locals.errors ?? [];
    const fieldErrors: Record<string, string> = {};
    for (const e of errors) fieldErrors[e.field] ??= t(e.messageKey, e.params);
    await renderPage(
      res,
      'admission/apply',
      {
        title: t('apply.title'),
        values: locals.values ?? { ...echoApplication({}), ...blankEntry() },
        errors: errors.map((e) => t(e.messageKey, e.params)),
        fieldErrors,
        keyReport: locals.keyReport ?? null,
        vocab: ENTRY_VOCABULARY,
        sponsorsRequired: ctx.config.admission.sponsorsRequired,
        objectionWindowDays: ctx.config.admission.objectionWindowDays,
      },
      status,
    );
  };

  r.get('/apply', 'public', async (_req, res) => showForm(res));

  r.post('/apply', 'public', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = echoApplication(body);
    const { entry, extras, errors } = validateApplication(body);
    const file = uploadedFile(req);
    const key = file ? new Uint8Array(file) : (extras?.key ?? '').trim();
    if (extras && key.length === 0) errors.push({ field: 'key', messageKey: 'apply.error.key' });
    const attested =
      extras?.attestOperatesAsCsirtInJapan &&
      extras.attestAgreesWithMission &&
      extras.attestHandlesInformationAppropriately;
    if (extras && !attested) errors.push({ field: 'attestations', messageKey: 'apply.error.attestations' });
    if (errors.length || !entry || !extras) return showForm(res, { values, errors }, 422);
    try {
      const result = await apply(
        ctx,
        {
          entry: toEntry(entry, ''),
          key,
          attestations: {
            operatesAsCsirtInJapan: true,
            agreesWithMission: true,
            handlesInformationAppropriately: true,
          },
          applicant: { name: extras.applicantName, email: extras.applicantEmail, phone: extras.applicantPhone || null },
          deputy: extras.deputyEmail ? { name: extras.deputyName, email: extras.deputyEmail } : null,
          locale: res.locals.locale,
        },
        actorOf(req),
      );
      if (result.kind === 'key_rejected') {
        const keyReport = presentCheck(result.check, res.locals.t, res.locals.fmtDate);
        return showForm(
          res,
          { values, errors: [{ field: 'key', messageKey: 'apply.error.keyRejected' }], keyReport },
          422,
        );
      }
      await renderPage(res, 'admission/apply-sent', { title: res.locals.t('apply.sent.title'), email: result.email });
    } catch (err) {
      if (!(err instanceof HttpError) || err.status !== 422) throw err;
      return showForm(res, { values, errors: err.fields }, 422);
    }
  });

  const showApplicant = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const token = String(req.params.token);
    const { app, messages } = await applicantView(ctx, token);
    await renderPage(
      res,
      'admission/applicant',
      {
        title: res.locals.t('applicant.title', { team: app.entry.shortName }),
        app,
        messages,
        token,
        actions: allowedActions(app.state, 'applicant'),
        errors: [],
        answer: '',
        ...locals,
      },
      status,
    );
  };

  r.get('/applications/:token', 'public', async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    await showApplicant(req, res);
  });

  /** Refused input (422) and refused moves (409: out of turn, stale page) re-show the page with the message. */
  const orShowPage = async (req: Request, res: Response, work: () => Promise<string>) => {
    let next: string;
    try {
      next = await work();
    } catch (err) {
      const errors = refusalMessages(err, res.locals.t);
      const answer = String((req.body as Record<string, unknown>).answer ?? '').slice(0, 5000);
      return showApplicant(req, res, { errors, answer }, (err as HttpError).status);
    }
    res.redirect(303, `/applications/${next}`);
  };

  r.post('/applications/:token/submit', 'public', async (req, res) =>
    orShowPage(req, res, async () => {
      const form = parseBody(applicantConfirmForm, req.body, APPLICANT_MESSAGES);
      return confirmAndSubmit(ctx, String(req.params.token), form.version, actorOf(req));
    }),
  );

  r.post('/applications/:token/answer', 'public', async (req, res) =>
    orShowPage(req, res, async () => {
      const form = parseBody(applicantAnswerForm, req.body, APPLICANT_MESSAGES);
      await answerInfo(ctx, String(req.params.token), form.version, form.answer, actorOf(req));
      return String(req.params.token);
    }),
  );

  r.post('/applications/:token/withdraw', 'public', async (req, res) =>
    orShowPage(req, res, async () => {
      const form = parseBody(applicantWithdrawForm, req.body, APPLICANT_MESSAGES);
      await withdraw(ctx, String(req.params.token), form.version, actorOf(req));
      return String(req.params.token);
    }),
  );
}
