/**
 * Everything the app puts on res.locals, in one typed place. Views read these by name and handlers call them, so a
 * misspelt name must fail to compile rather than render "undefined": guarded routes see res.locals as exactly this
 * interface (no index signature, see access.ts), and the middleware that sets them is checked against it.
 */
import type { Response } from 'express';
import type { Locale, Translate } from '../i18n';
import type { AccessTeam } from './access';

/**
 * Features add their own locals to this interface (declaration merging: the user in accounts, the entry's
 * formatting helpers in directory), so the plumbing names no feature's types.
 */
export interface AppLocals {
  // The reader's language and its helpers (locale.ts).
  locale: Locale;
  t: Translate;
  pick: (value: { ja?: string | null; en?: string | null }) => string;
  fmtDate: (value: Date | string | null | undefined) => string;
  fmtNumber: (value: number) => string;
  fmtDateTime: (value: Date | string | null | undefined) => string;
  langUrl: (lang: Locale) => string;
  /** For forms (csrf.ts); made lazily so pages without forms create no session. */
  csrfToken: () => string;
  /** Set by the team-editor guard only; handlers read it through accessTeamOf. */
  accessTeam?: AccessTeam;
}

/**
 * A response whose locals are exactly AppLocals, for helpers that render or read locals outside an inline handler
 * (inline handlers of a guarded router get it already).
 */
export type PageResponse = Response<unknown, Record<never, never>>;
