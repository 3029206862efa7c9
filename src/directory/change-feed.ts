/**
 * GET /api/v1/changes.atom — the members' change feed (Atom, RFC 4287): new member teams, changes of a team's point
 * of contact, and key events (added, verified, retired, rotated on expiry), newest first. Members subscribe with a
 * personal API token (feed readers send it as a Bearer token). Field names are listed, never the values: a reader
 * opens the team page, where visibility applies.
 */
import { recentEvents } from '../audit/service';
import type { AppContext } from '../context';
import { POC_INPUTS } from '../entry/fields';
import { findTeamsByIds } from '../entry/queries';
import type { GuardedRouter } from '../http/access';
import { viewHelpers } from '../http/view-helpers';

const ACTIONS = [
  'team.created',
  'team.edited',
  'key.added',
  'key.possession_verified',
  'key.retired',
  'key.revoked',
  'key.rotated_on_expiry',
];
/** Entry-form inputs that make up the point of contact (the registry marks their fields). */
const POC_FIELDS = POC_INPUTS;
const FEED_SIZE = 100;

const TITLES: Record<string, string> = {
  'team.created': 'New member team',
  'team.edited': 'Point of contact changed',
  'key.added': 'PGP key added',
  'key.possession_verified': 'PGP key possession verified',
  'key.retired': 'PGP key retired',
  'key.revoked': 'PGP key revoked',
  'key.rotated_on_expiry': 'PGP key rotated on expiry',
};

/** Text and attribute values in the feed's XML (the page escaper's references are XML's too). */
const xml = viewHelpers.escapeHtml;

export async function changeFeed(ctx: Pick<AppContext, 'db' | 'config' | 'clock'>): Promise<string> {
  const site = ctx.config.publicUrl;
  const events = (await recentEvents(ctx.db, ACTIONS, FEED_SIZE * 2)).filter((e) => {
    if (!e.teamId) return false;
    if (e.action !== 'team.edited') return true;
    const fields = (e.details.fields as string[] | undefined) ?? [];
    return fields.some((f) => POC_FIELDS.includes(f));
  });
  const teams = await findTeamsByIds(ctx.db, [...new Set(events.map((e) => e.teamId as string))]);
  const entries = events
    .filter((e) => teams.get(e.teamId as string)?.status === 'active')
    .slice(0, FEED_SIZE)
    .map((e) => {
      const team = teams.get(e.teamId as string)!;
      const link = `${site}/teams/${team.slug}`;
      const fields = ((e.details.fields as string[] | undefined) ?? []).filter((f) => POC_FIELDS.includes(f));
      const summary =
        e.action === 'team.edited'
          ? `Changed: ${fields.join(', ')}`
          : e.action.startsWith('key.')
            ? `Key ${e.target ?? ''}`
            : `${team.shortName} joined the association.`;
      return [
        '  <entry>',
        `    <id>${xml(`${site}/changes/${e.id}`)}</id>`,
        `    <title>${xml(`${team.shortName}: ${TITLES[e.action] ?? e.action}`)}</title>`,
        `    <updated>${e.at.toISOString()}</updated>`,
        `    <link rel="alternate" type="text/html" href="${xml(link)}"/>`,
        `    <category term="${xml(e.action)}"/>`,
        `    <summary>${xml(summary)}</summary>`,
        '  </entry>',
      ].join('\n');
    });
  const updated = events[0]?.at ?? ctx.clock.now();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(`${site}/api/v1/changes.atom`)}</id>`,
    '  <title>CSIRT directory: PoC and key changes</title>',
    `  <updated>${updated.toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${site}/api/v1/changes.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${site}/`)}"/>`,
    '  <author><name>CSIRT directory</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export function registerChangeFeed(ctx: AppContext, api: GuardedRouter): void {
  api.get('/changes.atom', 'member', async (_req, res) => {
    res
      .type('application/atom+xml; charset=utf-8')
      .set('Cache-Control', 'private, max-age=60')
      .send(await changeFeed(ctx));
  });
}
