/**
 * The public side of admission: the application form (/apply) and the applicant's page, reached through the secret
 * link mailed to them (/applications/:token). Routes parse and render; applicant-service.ts does the work.
 */
import type { Request, Response } from 'express';
import { actorOf } from '../accounts/request-user';
import type { AppContext } from '../context';
import { blankEntry, ENTRY_VOCABULARY, echoEntry, parseEntryForm, toEntry } from '../entry/entry-form';
import { fieldErrorsFrom } from '../entry/form-issues';
import type { GuardedRouter } from '../http/access';
import type { FieldError, HttpError } from '../http/errors';
import { uploadedFile } from '../http/forms';
import { renderPage } from '../http/render';
import { parseBody, refusalMessages, validate } from '../http/validate';
import { presentCheck } from '../keys/check-presenter';
import { answerInfo, applicantView, apply, confirmAndSubmit, reviewSubmission, withdraw } from './applicant-service';
import {
  APPLICANT_MESSAGES,
  APPLICATION_FIELD_LABELS,
  APPLICATION_MESSAGES,
  applicantAnswerForm,
  applicantConfirmForm,
  applicantWithdrawForm,
  applicationExtrasForm,
  attestationForm,
} from './forms';

const EXTRA_FIELDS = [
  'applicantName',
  'applicantEmail',
  'applicantPhone',
  'deputyName',
  'deputyEmail',
  'attestOperatesAsCsirtInJapan',
  'attestAgreesWithMission',
  'attestHandlesInformationAppropriately',
] as const;

function echoApplication(body: Record<string, unknown>) {
  const values: Record<string, string | string[]> = echoEntry(body);
  for (const field of EXTRA_FIELDS) {
    const raw = body[field];
    values[field] = typeof raw === 'string' ? raw.slice(0, 300) : '';
  }
  values.key = '';
  return values;
}

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * Every check of the form in one round: the entry fields, the applicant's fields, then what admission asks of the
 * application (reviewSubmission: the criteria, the key, the short name), whatever the fields said. This only reads
 * the form; the decisions are the service's.
 */
async function validateApplication(ctx: AppContext, body: Record<string, unknown>, file: Buffer | null) {
  const parsed = parseEntryForm(body);
  const errors: FieldError[] = [...parsed.errors];
  const spec = { messages: APPLICATION_MESSAGES, labels: APPLICATION_FIELD_LABELS };
  const extras = validate(applicationExtrasForm, body, (issues) => fieldErrorsFrom(issues, body, spec, errors));
  if (!extras.ok) errors.push(...extras.errors);
  // The boxes never fail to parse (an unticked box is false), so they are reported whatever else is wrong.
  const boxes = attestationForm.parse(body);
  const attestations = {
    operatesAsCsirtInJapan: boxes.attestOperatesAsCsirtInJapan,
    agreesWithMission: boxes.attestAgreesWithMission,
    handlesInformationAppropriately: boxes.attestHandlesInformationAppropriately,
  };
  const pasted = trimmed(body.key);
  const review = await reviewSubmission(ctx, {
    shortName: trimmed(body.shortName),
    key: file ? new Uint8Array(file) : pasted,
    email: trimmed(body.email),
    attestations,
  });
  errors.push(...review.errors);
  return {
    entry: parsed.form,
    extras: extras.ok ? extras.data : undefined,
    attestations,
    errors,
    check: review.check,
    pasted,
    fromFile: Boolean(file),
  };
}

/**
 * What the key field shows when the form comes back: the public key the check read (so a chosen file need not be
 * chosen again), else what was pasted — never a private key, which is refused and not echoed.
 */
function keptKey(v: Awaited<ReturnType<typeof validateApplication>>): { text: string; file: 'kept' | 'lost' | null } {
  const file = v.fromFile ? 'kept' : null;
  if (v.check?.key) return { text: v.check.key.armored, file };
  if (v.check?.errors.some((e) => e.code === 'private_key')) return { text: '', file: null };
  return { text: v.fromFile ? '' : v.pasted, file: v.fromFile ? 'lost' : null };
}

export function registerApplicationRoutes(ctx: AppContext, r: GuardedRouter): void {
  const showForm = async (
    res: Response,
    locals: {
      values?: Record<string, string | string[]>;
      errors?: FieldError[];
      keyReport?: unknown;
      /** A chosen key file: its key is kept in the text box, or could not be read and must be chosen again. */
      keyFile?: 'kept' | 'lost' | null;
    } = {},
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
        keyFile: locals.keyFile ?? null,
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
    const v = await validateApplication(ctx, body, uploadedFile(req));
    const kept = keptKey(v);
    values.key = kept.text;
    const keyReport = v.check ? presentCheck(v.check, res.locals.t, res.locals.fmtDate) : null;
    if (v.errors.length || !v.entry || !v.extras || !v.check) {
      return showForm(res, { values, errors: v.errors, keyReport, keyFile: kept.file }, 422);
    }
    const { extras } = v;
    const result = await apply(
      ctx,
      {
        entry: toEntry(v.entry, ''),
        check: v.check,
        attestations: v.attestations,
        applicant: { name: extras.applicantName, email: extras.applicantEmail, phone: extras.applicantPhone || null },
        deputy: extras.deputyEmail ? { name: extras.deputyName, email: extras.deputyEmail } : null,
        locale: res.locals.locale,
      },
      actorOf(req),
    );
    await renderPage(res, 'admission/apply-sent', { title: res.locals.t('apply.sent.title'), email: result.email });
  });

  const showApplicant = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const token = String(req.params.token);
    const { app, messages, options } = await applicantView(ctx, token);
    const t = res.locals.t;
    await renderPage(
      res,
      'admission/applicant',
      {
        title: t('applicant.title', { team: app.entry.shortName }),
        app,
        messages,
        token,
        actions: options.filter((o) => !o.blocked).map((o) => o.action),
        blocked: options.flatMap((o) => (o.blocked ? [t(o.blocked.messageKey, o.blocked.params)] : [])),
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
