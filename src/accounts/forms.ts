import { z } from 'zod';
import type { MessageKey } from '../i18n';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password';
import { MEMBERSHIP_ROLES } from './schema';

const email = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/);
const password = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
/** At login any length up to the maximum is checked (a short old password simply fails). */
const anyPassword = z.string().min(1).max(MAX_PASSWORD_LENGTH);
const code = z.string().trim().min(6).max(32);

export const loginForm = z.object({ email, password: anyPassword, next: z.string().max(1000).optional() });
export const secondFactorForm = z.object({ code, next: z.string().max(1000).optional() });
export const forgotForm = z.object({ email });
export const resetForm = z
  .object({ password, confirm: z.string().max(MAX_PASSWORD_LENGTH) })
  .refine((f) => f.password === f.confirm, { path: ['confirm'] });
export const acceptInvitationForm = z
  .object({
    name: z.string().trim().max(100),
    password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
    confirm: z.string().max(MAX_PASSWORD_LENGTH).optional(),
  })
  .refine((f) => f.password === undefined || f.password === f.confirm, { path: ['confirm'] });
export const changePasswordForm = z
  .object({ current: anyPassword, password, confirm: z.string().max(MAX_PASSWORD_LENGTH) })
  .refine((f) => f.password === f.confirm, { path: ['confirm'] });
export const enrolForm = z.object({ code });
export const disableTwoFactorForm = z.object({ password: anyPassword });
export const apiTokenForm = z.object({ name: z.string().trim().min(1).max(80) });
export const inviteForm = z.object({
  email,
  name: z.string().trim().max(100).optional(),
  role: z.enum(MEMBERSHIP_ROLES),
});

export const ACCOUNT_MESSAGES: Partial<Record<string, MessageKey>> = {
  email: 'validation.email',
  password: 'validation.password',
  current: 'validation.currentPassword',
  confirm: 'validation.confirm',
  code: 'validation.code',
  name: 'validation.name',
  role: 'validation.role',
  next: 'validation.next',
};
