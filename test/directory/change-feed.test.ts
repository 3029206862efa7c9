import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import request from 'supertest';
import { loadSessionUser } from '../../src/accounts/session-user';
import { addDays } from '../../src/clock';
import { saveEntry } from '../../src/directory/editing';
import { entryOf } from '../../src/entry/entry';
import { type EntryForm, entryValues, parseEntryForm } from '../../src/entry/entry-form';
import { teams } from '../../src/entry/schema';
import { retireKey } from '../../src/keys/management-retirement';
import { teamKeys } from '../../src/keys/schema';
import { createApiTokenOf, createTeam, createUser } from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';

describe('the change feed', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  test('when a team changes its PoC and retires a key, then members read both in the Atom feed with a token; others are refused', async () => {
    const team = await createTeam(t.ctx, { shortName: 'FEED-CSIRT', email: 'csirt@feed.example.jp' });
    const editorRow = await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] });
    const editor = (await loadSessionUser(t.ctx.db, editorRow.id))!;
    const actor = { userId: editor.id, label: editor.email };
    const edit = async (changes: Record<string, string>) => {
      const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.id));
      const form = parseEntryForm({ ...entryValues(entryOf(row)), ...changes }).form as EntryForm;
      return saveEntry(t.ctx, editor, actor, 'feed-csirt', {
        form,
        visibility: row.visibility,
        version: row.version,
        confirmCurrent: false,
      });
    };
    expect((await edit({ phone: '03-1111-2222' })).kind).toBe('saved');
    t.ctx.clock.set(addDays(new Date(TEST_NOW), 1));
    expect((await edit({ introOverviewJa: '紹介文だけを変えました。' })).kind).toBe('saved'); // not a PoC change
    const [key] = await t.ctx.db.select().from(teamKeys).where(eq(teamKeys.teamId, team.id));
    t.ctx.clock.set(addDays(new Date(TEST_NOW), 2));
    await retireKey(t.ctx, editor, actor, { id: team.id, slug: team.slug, shortName: 'FEED-CSIRT' }, key.id, {
      confirmNoKey: true,
    });
    t.ctx.clock.set(TEST_NOW);

    const memberRow = await createUser(t.ctx, {
      teams: [{ id: (await createTeam(t.ctx, { shortName: 'READER-CSIRT' }, { withKey: false })).id, role: 'member' }],
    });
    const token = await createApiTokenOf(t.ctx, memberRow.id, 'feed reader');
    const res = await request(t.app).get('/api/v1/changes.atom').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.headers['content-type']).toContain('application/atom+xml');
    const feed = new XMLParser({ ignoreAttributes: false }).parse(res.text).feed;
    const entries = (Array.isArray(feed.entry) ? feed.entry : [feed.entry]).filter((e: { title: string }) =>
      e.title.startsWith('FEED-CSIRT'),
    );
    expect(entries.map((e: { title: string }) => e.title)).toEqual([
      'FEED-CSIRT: PGP key retired',
      'FEED-CSIRT: Point of contact changed',
    ]);
    expect(entries[1].summary).toBe('Changed: phone');
    expect(entries[0].link['@_href']).toBe('http://registry.test/teams/feed-csirt');
    expect(res.text).not.toContain('+81311112222'); // names of fields, never their values

    await request(t.app).get('/api/v1/changes.atom').expect(401);
    const outsider = await createUser(t.ctx, {});
    const outsiderToken = await createApiTokenOf(t.ctx, outsider.id, 'x');
    await request(t.app).get('/api/v1/changes.atom').set('Authorization', `Bearer ${outsiderToken}`).expect(403);
  });
});
