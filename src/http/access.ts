/**
 * Every route declares who may call it, in the line that defines it:
 *   r.get('/teams/:slug/users', 'team-editor', handler)
 * The declaration adds the check and records the route in a table; the route × role test walks the Express router
 * and fails for any route missing from the table, so no route exists without a policy. The check here is the first
 * line; services authorise again (policies.ts) for what the route cannot see.
 */

import { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { ParsedQs } from 'qs';
import { isUuid } from '../db/ids';
import { forbidden, HttpError, notFound, unauthorized } from './errors';
import { inSequence } from './sequence';

const ACCESS_LEVELS = ['public', 'signed-in', 'member', 'team-editor', 'secretariat'] as const;
/**
 * public: anyone · signed-in: any logged-in user · member: a user of an active member team (or the secretariat) ·
 * team-editor: an editor of the team named by `:slug` (or the secretariat) · secretariat: the secretariat only.
 */
export type Access = (typeof ACCESS_LEVELS)[number];

export interface RouteEntry {
  method: 'GET' | 'POST';
  path: string;
  access: Access;
  /** Whether an API token is honoured on this route (see tokenPolicy). */
  tokens: boolean;
}

const tokensOf = (options: RouterOptions, reads: boolean) => !!options.tokens && reads;

/**
 * How the guards decide, supplied by the features that know users and teams (app.ts wires accounts' policies and
 * the directory's team lookup): the plumbing itself names no feature.
 */
export interface AccessChecks {
  /** The signed-in caller, or null. */
  userOf(req: Request): object | null;
  /** Whether the caller holds a level above signed-in; for team-editor, over the team the path names. */
  allows(user: object, access: 'member' | 'secretariat' | 'team-editor', team?: AccessTeam): boolean;
  /** The team a team-editor route's `:slug` names. */
  teamBySlug(slug: string): Promise<AccessTeam | undefined>;
}

/** The policy action each level above signed-in stands for (accounts/policies.ts), named when it is refused. */
export const ACCESS_ACTIONS = {
  member: 'read-members-area',
  secretariat: 'administer',
  'team-editor': 'edit-team',
} as const;

export class RouteTable {
  readonly entries: RouteEntry[] = [];
  constructor(readonly checks: AccessChecks) {}
}

/**
 * A route handler whose res.locals is exactly the app's locals (locals.ts): Express's own default adds an index
 * signature, under which any misspelt name would compile.
 */
export type GuardedHandler = RequestHandler<ParamsDictionary, unknown, unknown, ParsedQs, Record<never, never>>;

export interface GuardedRouter {
  router: Router;
  /**
   * The router for mounting at the root, entered only by requests whose path begins as one of its routes' does (up
   * to the first parameter, in any case, as Express matches): passing through a router costs every request some
   * work and allocation, and the health and keyserver routers sit ahead of everything else.
   */
  gated: RequestHandler;
  get(path: string, access: Access, ...handlers: GuardedHandler[]): void;
  post(path: string, access: Access, ...handlers: GuardedHandler[]): void;
  /** A POST that only reads (a question too long for a URL, such as a bulk lookup): read tokens are honoured. */
  readingPost(path: string, access: Access, ...handlers: GuardedHandler[]): void;
}

/** Loaded for team-editor routes and left on res.locals for the handler. */
export interface AccessTeam {
  id: string;
  slug: string;
  shortName: string;
  status: 'active' | 'suspended' | 'withdrawn';
}

/**
 * The team a team-editor route acts on, as its guard loaded it. Absent only if a route reads it under another
 * access level — a programming error, refused rather than acted on.
 */
export function accessTeamOf(res: Response): AccessTeam {
  const team = res.locals.accessTeam;
  if (!team) throw forbidden('edit-team');
  return team;
}

function requireAccess(checks: AccessChecks, access: Access): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (access === 'public') return next();
    const user = checks.userOf(req);
    if (!user) return next(unauthorized());
    if (access === 'signed-in') return next();
    if (access !== 'team-editor')
      return next(checks.allows(user, access) ? undefined : forbidden(ACCESS_ACTIONS[access]));
    // team-editor: the team comes from the path.
    const slug = String(req.params.slug ?? '');
    const team = SLUG_PATTERN.test(slug) ? await checks.teamBySlug(slug) : undefined;
    if (!team) return next(notFound('error.teamNotFound', { slug }));
    if (!checks.allows(user, access, team)) return next(forbidden(ACCESS_ACTIONS[access]));
    res.locals.accessTeam = { id: team.id, slug: team.slug, shortName: team.shortName, status: team.status };
    next();
  };
}

const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The shape of every path parameter, by name. A parameter that does not fit answers 404 before any handler (or
 * SQL) sees it — a malformed id names nothing that exists. A route with a parameter not listed here fails at
 * start-up, so a new parameter cannot arrive unchecked.
 */
const PATH_PARAMETERS: Record<string, (value: string) => boolean> = {
  slug: (v) => SLUG_PATTERN.test(v),
  id: (v) => isUuid(v),
  keyId: (v) => isUuid(v),
  userId: (v) => isUuid(v),
  /** Single-use link tokens: 32 random bytes, base64url. */
  token: (v) => /^[A-Za-z0-9_-]{20,100}$/.test(v),
  /** A drill's page: its id, and in the answer link a dot and the code (drills/answer.ts parseDrillRef). */
  ref: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.[0-9A-Za-z-]{1,20})?$/i.test(v),
  /** VKS identifiers (fingerprint, key id, address): parsed by the route itself, but bounded here. */
  value: (v) => v.length > 0 && v.length <= 300,
};

function checkPathParameters(path: string): RequestHandler | null {
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  if (names.length === 0) return null;
  for (const name of names) {
    if (!PATH_PARAMETERS[name]) throw new Error(`route ${path}: path parameter :${name} has no declared format`);
  }
  return (req, _res, next) => {
    const misfit = names.find((name) => {
      const value = req.params[name];
      return typeof value !== 'string' || !PATH_PARAMETERS[name](value);
    });
    if (!misfit) return next();
    // A team is named in the answer (escaped where shown), as for a well-formed slug that names no team.
    next(
      misfit === 'slug' ? notFound('error.teamNotFound', { slug: String(req.params.slug).slice(0, 64) }) : notFound(),
    );
  };
}

function joinPath(mount: string, path: string): string {
  const joined = `${mount.replace(/\/$/, '')}${path === '/' && mount !== '' ? '' : path}`;
  return joined || '/';
}

/**
 * API tokens stand for their owner on the GET routes of routers made with `tokens: 'read'` (the API, feeds, keys,
 * exports), when the token has that scope. On every other route a request carrying a token is refused: tokens are
 * for reading, never for forms, settings or minting more tokens.
 */
function tokenPolicy(accepts: 'read' | undefined, reads: boolean): RequestHandler {
  return (req, _res, next) => {
    if (!req.bearer) return next();
    if (accepts && reads && req.bearer.scopes.includes(accepts)) {
      req.user = req.bearer.user;
      return next();
    }
    next(new HttpError(403, 'token_not_accepted', 'error.tokenNotAccepted'));
  };
}

interface RouterOptions {
  /** Whether an API token may stand for its owner here (GET and reading POST routes only). */
  tokens?: 'read';
  /** For routers mounted ahead of the app's session middleware (the keyserver): who the caller is, per route. */
  authenticate?: RequestHandler[];
}

export function guardedRouter(table: RouteTable, mountPath = '', options: RouterOptions = {}): GuardedRouter {
  const router = Router();
  const prefixes = new Set<string>();
  const add =
    (method: RouteEntry['method'], reads = method === 'GET') =>
    (path: string, access: Access, ...handlers: RequestHandler[]) => {
      table.entries.push({ method, path: joinPath(mountPath, path), access, tokens: tokensOf(options, reads) });
      prefixes.add(path.slice(0, path.search(/[:*{(]|$/)).toLowerCase());
      // A public route needs no access check (it would only call next). The guards run as one layer of the route.
      const guards = [
        ...(options.authenticate ?? []),
        tokenPolicy(options.tokens, reads),
        checkPathParameters(path),
        access === 'public' ? null : requireAccess(table.checks, access),
      ].filter((g) => g !== null);
      if (method === 'GET') router.get(path, inSequence(...guards), ...handlers);
      else router.post(path, inSequence(...guards), ...handlers);
    };
  const gated: RequestHandler & { stack?: unknown } = (req, res, next) => {
    const path = req.path.toLowerCase();
    for (const prefix of prefixes) if (path.startsWith(prefix)) return router(req, res, next);
    next();
  };
  // Like a router, the gate shows its routes to whatever walks the app's stack (the route × role test).
  Object.defineProperty(gated, 'stack', { get: () => router.stack });
  return { router, gated, get: add('GET'), post: add('POST'), readingPost: add('POST', true) };
}
