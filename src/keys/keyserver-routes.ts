/**
 * HKP (/pks/lookup) and VKS (/vks/v1/…) so gpg can fetch member keys, plus /teams/:slug/key.asc and
 * /api/v1/keyring.asc. Keyservers speak plain text: errors here answer text/plain, not pages.
 */
import type { Response } from 'express';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { viewerOf } from '../http/viewer';
import { findServedKeys, hkpIndex, parseSearch } from './keyserver';
import { armorKeyring } from './pgp';
import type { KeySearch } from './queries';
import type { TeamKeyRow } from './schema';

const PGP_KEYS = 'application/pgp-keys';

function plain(res: Response, status: number, text: string): void {
  res.status(status).type('text/plain; charset=utf-8').send(`${text}\n`);
}

async function sendKeys(res: Response, keys: TeamKeyRow[], filename?: string): Promise<void> {
  const body = keys.length === 1 ? keys[0].armored : await armorKeyring(keys.map((k) => k.armored));
  res.type(PGP_KEYS);
  if (filename) res.attachment(filename);
  res.set('Access-Control-Allow-Origin', '*').send(body);
}

/** GET /api/v1/keyring.asc: every served key the caller may see, in one armored keyring. */
export function registerKeyringRoute(ctx: AppContext, api: GuardedRouter): void {
  api.get('/keyring.asc', 'public', async (req, res) => {
    const keys = await findServedKeys(ctx, null, viewerOf(req));
    if (keys.length === 0) return plain(res, 404, 'No keys');
    await sendKeys(res, keys, 'keyring.asc');
  });
}

export function registerKeyserverRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/teams/:slug/key.asc', 'public', async (req, res) => {
    const slug = String(req.params.slug);
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return plain(res, 404, 'No key found');
    const keys = await findServedKeys(ctx, { teamSlug: slug }, viewerOf(req));
    if (keys.length === 0) return plain(res, 404, 'No key found');
    await sendKeys(res, keys, `${slug}.asc`);
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
    if (!parsed.ok) {
      return plain(
        res,
        400,
        parsed.reason === 'short_key_id'
          ? 'Bad request: short key IDs are not supported; search by fingerprint (0x + 40 hex digits)'
          : 'Bad request: search by 0x fingerprint, 0x long key ID, or email address',
      );
    }
    const keys = await findServedKeys(ctx, parsed.search, viewerOf(req));
    if (keys.length === 0) return plain(res, 404, 'No keys found');
    if (op === 'get') return sendKeys(res, keys);
    res.type('text/plain; charset=utf-8').send(hkpIndex(keys, ctx.clock.now()));
  });

  const vks =
    (toSearch: (value: string) => KeySearch | null) => async (req: import('express').Request, res: Response) => {
      const search = toSearch(String(req.params.value ?? ''));
      if (!search) return plain(res, 400, 'Bad request: malformed identifier');
      const keys = await findServedKeys(ctx, search, viewerOf(req));
      if (keys.length === 0) return plain(res, 404, 'No key found');
      await sendKeys(res, keys);
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
