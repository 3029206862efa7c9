/**
 * GET /api/v1/announcements.atom — the members' feed of announcements (Atom, RFC 4287), what the archive shows the
 * reader, newest first. Feed readers send a personal API token. CLEAR and GREEN entries carry their text; AMBER
 * entries carry the label and subject only and link to the page: a feed reader keeps what it fetched, and text
 * limited to the recipients' organisations stays behind the sign-in.
 */
import { viewerOf } from '../accounts/request-user';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { viewHelpers } from '../http/view-helpers';
import { type ArchivedAnnouncement, archivePage } from './archive';
import { ARCHIVE_READERS, TLP_MARKS } from './tlp';

const FEED_SIZE = 50;

/** Text and attribute values in the feed's XML (the page escaper's references are XML's too). */
const xml = viewHelpers.escapeHtml;

function entry(site: string, a: ArchivedAnnouncement): string {
  const link = `${site}/members/announcements/${a.id}`;
  const mark = TLP_MARKS[a.tlp];
  const content =
    ARCHIVE_READERS[a.tlp] === 'members'
      ? `    <content type="text">${xml(`${mark}\n\n${a.bodyJa}\n\n----\n\n${mark}\n\n${a.bodyEn}`)}</content>`
      : `    <summary>${xml(`${mark}: sign in to read / ログインしてお読みください`)}</summary>`;
  return [
    '  <entry>',
    `    <id>${xml(`${site}/announcements/${a.id}`)}</id>`,
    `    <title>${xml(`[${mark}] ${a.subjectJa} / ${a.subjectEn}`)}</title>`,
    `    <updated>${(a.sentAt as Date).toISOString()}</updated>`,
    `    <link rel="alternate" type="text/html" href="${xml(link)}"/>`,
    `    <category term="${xml(mark)}"/>`,
    content,
    '  </entry>',
  ].join('\n');
}

export function registerAnnouncementFeed(ctx: AppContext, api: GuardedRouter): void {
  api.get('/announcements.atom', 'member', async (req, res) => {
    const site = ctx.config.publicUrl;
    const { rows } = await archivePage(ctx.db, viewerOf(req), FEED_SIZE, 0);
    const self = `${site}/api/v1/announcements.atom`;
    const body = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `  <id>${xml(self)}</id>`,
      '  <title>CSIRT directory: announcements to member teams</title>',
      `  <updated>${(rows[0]?.sentAt ?? ctx.clock.now()).toISOString()}</updated>`,
      `  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
      `  <link rel="alternate" type="text/html" href="${xml(`${site}/members/announcements`)}"/>`,
      '  <author><name>CSIRT directory</name></author>',
      ...rows.map((a) => entry(site, a)),
      '</feed>',
      '',
    ].join('\n');
    // Per reader: what one member may read is not another's.
    res.type('application/atom+xml; charset=utf-8').set('Cache-Control', 'private, no-store').send(body);
  });
}
