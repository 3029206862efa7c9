/** The forms and queries of admission, validated at the edge; each field names the message its error shows. */

import { z } from 'zod';
import { ENTRY_MESSAGES, SHORT_NAME_PATTERN } from '../entry/entry-form';
import { pageParameter } from '../http/paging';
import type { MessageKey } from '../i18n';
import { SPONSORSHIP_KINDS } from './schema';
import { CHECKLIST_ITEMS } from './screening-service';
import { APPLICATION_ACTIONS, APPLICATION_STATES } from './state';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const checked = z.preprocess((v) => v === 'yes' || v === 'on' || v === 'true', z.boolean());
const list = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const version = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
const optionalEmail = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.union([z.literal(''), z.string().max(254).pipe(z.email())]).default(''),
);

/** /apply: the entry fields (entry-form.ts) plus these. */
export const applicationExtrasForm = z
  .object({
    applicantName: z.string().trim().min(1).max(100),
    applicantEmail: z.string().trim().max(254).pipe(z.email()),
    applicantPhone: z.preprocess((v) => v ?? '', z.string().trim().max(40)),
    deputyName: z.preprocess((v) => v ?? '', z.string().trim().max(100)),
    deputyEmail: optionalEmail,
  })
  .superRefine((v, issue) => {
    if (v.deputyEmail && !v.deputyName) issue.addIssue({ code: 'custom', path: ['deputyName'] });
  });

/** /apply: the three criteria, each its own box. Parsing never fails (an unticked box is false), so they are read and
 * reported whatever else is wrong with the form. */
export const attestationForm = z.object({
  attestOperatesAsCsirtInJapan: checked,
  attestAgreesWithMission: checked,
  attestHandlesInformationAppropriately: checked,
});

export const APPLICATION_MESSAGES: Partial<Record<string, MessageKey>> = {
  ...ENTRY_MESSAGES,
  applicantEmail: 'apply.error.applicantEmail',
  applicantPhone: 'entry.error.phone',
  deputyName: 'apply.error.deputyName',
  deputyEmail: 'apply.error.deputyEmail',
};

/** The applicant's fields as their errors name them (the entry's own fields are in field-labels.ts). */
export const APPLICATION_FIELD_LABELS: Partial<Record<string, MessageKey>> = {
  applicantName: 'field.applicantName',
  applicantEmail: 'field.applicantEmail',
  applicantPhone: 'field.applicantPhone',
  deputyEmail: 'field.deputyEmail',
};

export const applicantConfirmForm = z.object({ version });
export const applicantAnswerForm = z.object({ version, answer: z.string().trim().min(1).max(5000) });
export const applicantWithdrawForm = z.object({ version, confirm: z.literal('yes') });
export const APPLICANT_MESSAGES: Partial<Record<string, MessageKey>> = {
  version: 'error.badRequest',
  answer: 'applicant.error.answer',
  confirm: 'applicant.error.confirmWithdraw',
};

/** GET /admin/applications */
export const queueQuery = z.object({
  state: z.preprocess(blankToUndefined, z.enum(APPLICATION_STATES).optional()),
  age: z.preprocess(blankToUndefined, z.enum(['7', '14', '30']).transform(Number).optional()),
  page: pageParameter,
});

export const decisionForm = z
  .object({
    action: z.enum(APPLICATION_ACTIONS),
    version,
    message: z.preprocess((v) => v ?? '', z.string().trim().max(5000)),
    reference: z.preprocess((v) => v ?? '', z.string().trim().max(300)),
  })
  .superRefine((v, issue) => {
    if ((v.action === 'request_info' || v.action === 'reject') && !v.message) {
      issue.addIssue({ code: 'custom', path: ['message'] });
    }
    if ((v.action === 'approve' || v.action === 'reject') && !v.reference) {
      issue.addIssue({ code: 'custom', path: ['reference'] });
    }
  });

export const notesForm = z.object({
  version,
  checklist: z.preprocess(list, z.array(z.enum(CHECKLIST_ITEMS))),
  notes: z.preprocess((v) => v ?? '', z.string().max(10_000)),
});

/** POST /admin/applications/:id/short-name */
export const renameForm = z.object({ version, shortName: z.string().trim().regex(SHORT_NAME_PATTERN) });

export const ADMIN_APPLICATION_MESSAGES: Partial<Record<string, MessageKey>> = {
  state: 'admission.error.state',
  age: 'admission.error.age',
  page: 'validation.page',
  action: 'admission.error.action',
  version: 'error.badRequest',
  message: 'admission.error.message',
  reference: 'admission.error.reference',
  checklist: 'admission.error.checklist',
  notes: 'admission.error.notes',
  shortName: 'entry.error.shortName',
};

export const sponsorshipForm = z
  .object({
    team: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
    kind: z.enum(SPONSORSHIP_KINDS),
    reason: z.preprocess((v) => v ?? '', z.string().trim().max(2000)),
  })
  .superRefine((v, issue) => {
    if (v.kind === 'object' && !v.reason) issue.addIssue({ code: 'custom', path: ['reason'] });
  });

export const SPONSORSHIP_MESSAGES: Partial<Record<string, MessageKey>> = {
  team: 'sponsor.error.team',
  kind: 'sponsor.error.kind',
  reason: 'sponsor.error.reason',
};
