/**
 * HKP (/pks/lookup) and VKS (/vks/v1/…) so gpg can fetch member keys, plus /teams/:slug/key.asc and
 * /api/v1/keyring.asc. Keyservers speak plain text: errors here answer text/plain, not pages.
 *
 * Keys are fetched far more often than they change, so answers come from a read cache emptied by the database on
 * any change to teams or keys (see entry/read-cache.ts), kept as bytes with their ETag (http/serialised.ts): a fetch
 * costs no string encoding or body hashing.
 */
import type { Request, Response } from 'express';
import { viewerOf } from '../accounts/request-user';
import { clearance, type Viewer } from '../accounts/viewer';
import type { AppContext } from '../context';
import { DirectoryReadCache } from '../entry/read-cache';
import type { GuardedRouter } from '../http/access';
import { type SerialisedAnswer, sendSerialised, serialiseText } from '../http/serialised';
import { armorKeyring } from '../pgp';
import { findServedKeys, hkpIndex, onePerFingerprint, parseSearch } from './keyserver';
import type { KeySearch } from './queries';

/** As Express sends a string of this type: with the charset it adds. */
const PGP_KEYS = 'application/pgp-keys; charset=utf-8';
const HKP_INDEX = 'text/plain; charset=utf-8';

/** Keyserver clients show these lines to their users as they are: English, like the rest of the HKP protocol. */
const SEARCH_REFUSED = {
  short_key_id: 'Bad request: short key IDs are not supported; search by fingerprint (0x + 40 hex digits)',
  too_short: 'Bad request: a name search needs at least two characters',
  unsupported: 'Bad request: search by 0x fingerprint, 0x long key ID, email address, or a name',
} as const;

function plain(res: Response, status: number, text: string): void {
  res.status(status).set('X-Content-Type-Options', 'nosniff').type('text/plain; charset=utf-8').send(`${text}\n`);
}

function sendKeys(res: Response, answer: SerialisedAnswer, filename?: string): void {
  res.setHeader('Content-Type', answer.contentType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // attachment() also sets a type from the file name's extension: ours is set again after it.
  if (filename) res.attachment(filename).setHeader('Content-Type', answer.contentType);
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('ETag', answer.etag);
  res.send(answer.body);
}

/** Finds keys and renders the answer (armored keys or the HKP index) once per search, viewer clearance and format. */
function keyAnswers(ctx: Pick<AppContext, 'db' | 'clock'> & Partial<Pick<AppContext, 'database'>>) {
  const cache = new DirectoryReadCache(ctx.db, ctx.clock);
  if (ctx.database) void cache.subscribe(ctx.database).catch(() => undefined);
  return (format: 'keys' | 'index', search: KeySearch | null, viewer: Viewer): Promise<SerialisedAnswer | null> =>
    cache.read(JSON.stringify(['keys', format, clearance(viewer), search]), async (horizon) => {
      const keys = onePerFingerprint(await findServedKeys(ctx, search, viewer));
      if (keys.length === 0) return null;
      if (format === 'index') return serialiseText(hkpIndex(keys, ctx.clock.now(), horizon), HKP_INDEX);
      return serialiseText(
        keys.length === 1 ? keys[0].armored : await armorKeyring(keys.map((k) => k.armored)),
        PGP_KEYS,
      );
    });
}

/** GET /api/v1/keyring.asc: every served key the caller may see, in one armored keyring. */
export function registerKeyringRoute(ctx: AppContext, api: GuardedRouter): void {
  const answer = keyAnswers(ctx);
  api.get('/keyring.asc', 'public', async (req, res) => {
    const body = await answer('keys', null, viewerOf(req));
    if (!body) return plain(res, 404, 'No keys');
    sendKeys(res, body, 'keyring.asc');
  });
}

/**
 * Mounted ahead of the page middleware, for speed; the router authenticates per route (app.ts), which is cheap for
 * gpg's cookie-less requests and lets members with an API token fetch keys shown to members only.
 */
export function registerKeyserverRoutes(ctx: AppContext, r: GuardedRouter): void {
  const answer = keyAnswers(ctx);

  r.get('/teams/:slug/key.asc', 'public', async (req, res) => {
    const slug = String(req.params.slug);
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return plain(res, 404, 'No key found');
    const body = await answer('keys', { teamSlug: slug }, viewerOf(req));
    if (!body) return plain(res, 404, 'No key found');
    sendKeys(res, body, `${slug}.asc`);
  });

  r.get('/pks/lookup', 'public', async (req, res) => {
    const op = String(req.query.op ?? '');
    const searchRaw = req.query.search;
    if (op !== 'get' && op !== 'index' && op !== 'vindex')
      return plain(res, 400, 'Bad request: op must be get or index');
    if (typeof searchRaw !== 'string' || searchRaw.length === 0 || searchRaw.length > 300) {
      return plain(res, 400, 'Bad request: search is required');
    }
    const parsed = parseSearch(searchRaw);
    if (!parsed.ok) return plain(res, 400, SEARCH_REFUSED[parsed.reason]);
    const body = await answer(op === 'get' ? 'keys' : 'index', parsed.search, viewerOf(req));
    if (!body) return plain(res, 404, 'No keys found');
    if (op === 'get') return sendKeys(res, body);
    sendSerialised(res, body);
  });

  const vks = (toSearch: (value: string) => KeySearch | null) => async (req: Request, res: Response) => {
    const search = toSearch(String(req.params.value ?? ''));
    if (!search) return plain(res, 400, 'Bad request: malformed identifier');
    const body = await answer('keys', search, viewerOf(req));
    if (!body) return plain(res, 404, 'No key found');
    sendKeys(res, body);
  };
  r.get(
    '/vks/v1/by-fingerprint/:value',
    'public',
    vks((v) => (/^[0-9A-F]{40}$/i.test(v) ? { fingerprint: v.toUpperCase() } : null)),
  );
  r.get(
    '/vks/v1/by-keyid/:value',
    'public',
    vks((v) => (/^[0-9A-F]{16}$/i.test(v) ? { keyId: v.toUpperCase() } : null)),
  );
  r.get(
    '/vks/v1/by-email/:value',
    'public',
    vks((v) => (/^[^\s<>@]+@[^\s<>@]+$/.test(v) && v.length <= 254 ? { email: v.toLowerCase() } : null)),
  );
}
