import { z } from 'zod';
import { MEMBERSHIP_ROLES } from '../accounts/schema';
import { TEAM_STATUSES } from '../entry/vocabulary';
import { pageParameter } from '../http/paging';
import type { MessageKey } from '../i18n';
import { OUTBOX_STATUSES } from '../mail/schema';

const blank = (v: unknown) => (v === '' ? undefined : v);
const page = pageParameter;
const search = z.preprocess(blank, z.string().trim().max(200).optional());
const isoDate = z.preprocess(blank, z.iso.date().optional());

export const teamListQuery = z.object({
  q: search,
  status: z.preprocess(blank, z.enum(TEAM_STATUSES).optional()),
  page,
});
export const userListQuery = z.object({ q: search, page });
export const auditQuery = z.object({
  actor: search,
  team: search,
  action: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .max(80)
      .regex(/^[a-z_.]+$/)
      .optional(),
  ),
  from: isoDate,
  until: isoDate,
  page,
});
export const mailQuery = z.object({
  status: z.preprocess(blank, z.enum(OUTBOX_STATUSES).optional()),
  page,
});
export const teamStatusForm = z.object({ status: z.enum(['active', 'suspended']) });
export const adminInviteForm = z.object({
  email: z
    .string()
    .trim()
    .min(3)
    .max(254)
    .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/),
  name: z.string().trim().max(100).optional(),
  /** A team's slug, or "secretariat" for a secretariat account. */
  team: z
    .string()
    .trim()
    .min(1)
    .max(63)
    .regex(/^[a-z0-9][a-z0-9-]*$/),
  role: z.enum(MEMBERSHIP_ROLES),
});

/** Erasing a user cannot be undone: the form carries an explicit "I understand" box besides the browser's prompt. */
export const eraseUserForm = z.object({ confirm: z.literal('yes') });

export const ADMIN_MESSAGES: Partial<Record<string, MessageKey>> = {
  q: 'validation.q',
  status: 'validation.status',
  page: 'validation.page',
  actor: 'validation.q',
  team: 'validation.team',
  action: 'validation.action',
  from: 'validation.date',
  until: 'validation.date',
  email: 'validation.email',
  name: 'validation.name',
  role: 'validation.role',
  confirm: 'validation.eraseConfirm',
};
