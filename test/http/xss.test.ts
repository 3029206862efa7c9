/**
 * The security pass's escaping check: a markup payload stored in every text field a person can fill (team entry,
 * application, messages, notes, user names, a key's user ID) must come back escaped on every page that shows it, and
 * as inert text in every export.
 */

import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { loadSessionUser } from '../../src/accounts/session-user';
import { createAnnouncement, previewAnnouncement, sendAnnouncement } from '../../src/announcements/service';
import { startCampaign } from '../../src/drills/campaigns';
import { storeImport } from '../../src/import/service';
import {
  buildTeamEntry,
  createApplication,
  createApplicationMessage,
  createSponsorship,
  createTeam,
  createTeamChange,
  createTeamKey,
  createUser,
} from '../factories';
import { createTestApp, TEST_NOW } from '../helpers/app';
import { login } from '../helpers/auth';

const PAYLOAD = `<script>alert("x")</script><img src=x onerror=alert(1)>'"`;
const RAW_MARKERS = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>'];
const text = (field: string) => `${field} ${PAYLOAD}`;

function expectEscaped(where: string, body: string): void {
  for (const raw of RAW_MARKERS) expect([where, body.includes(raw)]).toEqual([where, false]);
}

describe('stored markup is escaped everywhere', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let appId: string;
  let campaignId: string;
  let importId: string;
  let draftId: string;
  let announcementId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const bilingual = (f: string) => ({ ja: text(`${f}-ja`), en: text(`${f}-en`) });
    const team = await createTeam(
      t.ctx,
      {
        shortName: 'XSS-CSIRT',
        officialName: bilingual('official'),
        organization: bilingual('org'),
        website: `https://xss.example.jp/?q=${encodeURIComponent(PAYLOAD)}`,
        introduction: {
          overview: bilingual('overview'),
          background: bilingual('background'),
          activities: bilingual('activities'),
        },
        constituencyDescription: bilingual('constituency'),
        notes: text('notes'),
        email: 'csirt@xss.example.jp',
      },
      { withKey: false },
    );
    // A key whose user ID carries markup (gpg-made fixture).
    const armored = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keys', 'html-uid.asc'), 'utf8');
    await createTeamKey(t.ctx, team.id, armored, { now: new Date(TEST_NOW) });
    await createTeamChange(t.ctx, team.id, {
      actor: text('actor'),
      changes: [{ field: 'phone', before: text('before'), after: text('after') }],
      at: new Date(TEST_NOW),
    });
    const staffUser = await createUser(t.ctx, { email: 'staff@xss.example', name: text('staff'), secretariat: true });
    const editor = await createUser(t.ctx, {
      email: 'ed@xss.example.jp',
      name: text('editor'),
      teams: [{ id: team.id, role: 'editor' }],
    });
    const app = await createApplication(t.ctx, {
      state: 'sponsorship',
      entry: {
        ...buildTeamEntry({ shortName: 'XSSAPP-CSIRT' }),
        officialName: bilingual('app-official'),
        organization: bilingual('app-org'),
      },
      applicantName: text('applicant'),
      applicantEmail: 'a@xss.example.jp',
      deputyName: text('deputy'),
      deputyEmail: 'd@xss.example.jp',
      internalNotes: text('internal'),
      objectionWindowEndsAt: new Date(TEST_NOW),
      stateChangedAt: new Date(TEST_NOW),
      createdAt: new Date(TEST_NOW),
    });
    appId = app.id;
    const staffSession = await loadSessionUser(t.ctx.db, staffUser.id);
    if (!staffSession) throw new Error('no staff session');
    campaignId = await startCampaign(
      t.ctx,
      staffSession,
      { userId: null, label: text('campaign-actor') },
      { title: text('campaign') },
    );
    // Announcements whose subjects, texts and author carry the payload: a draft (preview) and one sent (report,
    // archive, feed).
    const announcement = {
      tlp: 'green' as const,
      subjectJa: text('subject-ja'),
      subjectEn: text('subject-en'),
      bodyJa: text('body-ja'),
      bodyEn: text('body-en'),
    };
    const author = { userId: null, label: text('announcement-actor') };
    draftId = await createAnnouncement(t.ctx, staffSession, author, announcement);
    announcementId = await createAnnouncement(t.ctx, staffSession, author, announcement);
    const preview = await previewAnnouncement(t.ctx, staffSession, announcementId);
    await sendAnnouncement(t.ctx, staffSession, author, announcementId, preview.digest);
    // An import whose file name, headers and cells carry the payload (its preview shows all three).
    const cells = [text('header'), 'メールアドレス'].join(',');
    const row = [`"${text('cell').replace(/"/g, '""')}"`, 'not-an-address'].join(',');
    importId = (
      await storeImport(
        t.ctx,
        { userId: null, label: text('import-actor') },
        { bytes: Buffer.from(`${cells}\n${row}\n`), filename: text('file'), allowUpdate: false },
      )
    ).id;
    await createApplicationMessage(t.ctx, {
      applicationId: app.id,
      author: 'applicant',
      body: text('message'),
      createdAt: new Date(TEST_NOW),
    });
    await createSponsorship(t.ctx, {
      applicationId: app.id,
      teamId: team.id,
      userId: editor.id,
      kind: 'object',
      reason: text('reason'),
      createdAt: new Date(TEST_NOW),
    });
  });
  afterAll(() => t.close());

  test('when every page that shows the payload is opened, then it is escaped (and really shown: the escaped form is there)', async () => {
    const staff = await login(t.app, 'staff@xss.example');
    const editor = await login(t.app, 'ed@xss.example.jp');
    const pages: [string, ReturnType<typeof request.agent> | ReturnType<typeof request>][] = [
      ['/', request(t.app)],
      ['/?q=xss', request(t.app)],
      ['/teams/xss-csirt', staff],
      ['/teams/xss-csirt/edit', editor],
      ['/teams/xss-csirt/history', editor],
      ['/teams/xss-csirt/keys', editor],
      ['/admin/teams', staff],
      ['/admin/users', staff],
      ['/admin/audit', staff],
      ['/admin/applications', staff],
      [`/admin/applications/${appId}`, staff],
      [`/members/applications/${appId}`, editor],
      ['/members/applications', editor],
      ['/admin/freshness', staff],
      ['/admin/drills', staff],
      ['/admin/import', staff],
      [`/admin/import/${importId}`, staff],
      [`/admin/drills/${campaignId}`, staff],
      ['/admin/announcements', staff],
      [`/admin/announcements/${draftId}`, staff],
      [`/admin/announcements/${draftId}/edit`, staff],
      [`/admin/announcements/${announcementId}`, staff],
      ['/members/announcements', editor],
      [`/members/announcements/${announcementId}`, editor],
      ['/account', editor],
    ];
    for (const [path, agent] of pages) {
      const res = await agent.get(path);
      expect([path, res.status]).toEqual([path, 200]);
      expectEscaped(path, res.text);
    }
    const team = await staff.get('/teams/xss-csirt');
    expect(team.text).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    const detail = await staff.get(`/admin/applications/${appId}`);
    for (const field of ['applicant', 'deputy', 'internal', 'message', 'reason'])
      expect(detail.text).toContain(`${field} &lt;script&gt;`);
  });

  test('when the exports carry the payload, then they are plain text, JSON or CSV that no browser runs', async () => {
    for (const path of [
      '/teams/xss-csirt.vcf',
      '/teams/xss-csirt/rfc2350.txt',
      '/teams/xss-csirt/security.txt',
      '/api/v1/teams.csv',
    ]) {
      const res = await request(t.app).get(path).expect(200);
      expect([path, /text\/(vcard|plain|csv)/.test(String(res.headers['content-type']))]).toEqual([path, true]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const api = await request(t.app).get('/api/v1/teams/xss-csirt').expect(200);
    expect(api.headers['content-type']).toContain('application/json');
    expect(api.body.officialName.ja).toBe(text('official-ja')); // data intact, for programs to escape in their context
    const feed = await login(t.app, 'ed@xss.example.jp').then((a) => a.get('/api/v1/changes.atom'));
    expectEscaped('changes.atom', feed.text);
    const announcements = await login(t.app, 'ed@xss.example.jp').then((a) => a.get('/api/v1/announcements.atom'));
    expect(announcements.text).toContain('subject-ja &lt;script&gt;');
    expectEscaped('announcements.atom', announcements.text);
  });
});
