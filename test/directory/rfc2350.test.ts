/**
 * RFC 2350 descriptions of all 24 demo teams, as each kind of caller sees them: the template's sections in its
 * order, no doubled words or punctuation whatever the names end in, "Not stated." / "Not published." where the
 * entry has nothing to say, and section 5 derived from the entry's services.
 */

import { eq } from 'drizzle-orm';
import request from 'supertest';
import { seedDemoTeams } from '../../seeds';
import { DEMO_TEAMS } from '../../seeds/demo-teams';
import type { Viewer } from '../../src/accounts/viewer';
import { exportContext, toRfc2350 } from '../../src/directory/exports';
import { createDirectoryService } from '../../src/directory/service';
import { teams } from '../../src/entry/schema';
import { translator } from '../../src/i18n';
import { createTeam } from '../factories';
import { createTestApp } from '../helpers/app';

/** RFC 2350 Appendix D, section for section. */
const SECTIONS = [
  '1. Document Information',
  '1.1. Date of Last Update',
  '1.2. Distribution List for Notifications',
  '1.3. Locations where this Document May Be Found',
  '1.4. Authenticating this Document',
  '2. Contact Information',
  '2.1. Name of the Team',
  '2.2. Address',
  '2.3. Time Zone',
  '2.4. Telephone Number',
  '2.5. Facsimile Number',
  '2.6. Other Telecommunication',
  '2.7. Electronic Mail Address',
  '2.8. Public Keys and Encryption Information',
  '2.9. Team Members',
  '2.10. Other Information',
  '2.11. Points of Customer Contact',
  '3. Charter',
  '3.1. Mission Statement',
  '3.2. Constituency',
  '3.3. Sponsorship and/or Affiliation',
  '3.4. Authority',
  '4. Policies',
  '4.1. Types of Incidents and Level of Support',
  '4.2. Co-operation, Interaction and Disclosure of Information',
  '4.3. Communication and Authentication',
  '5. Services',
  '5.1. Incident Response',
  '5.1.1. Incident Triage',
  '5.1.2. Incident Coordination',
  '5.1.3. Incident Resolution',
  '5.2. Proactive Activities',
  '6. Incident Reporting Forms',
  '7. Disclaimers',
];

const VIEWERS: Viewer[] = [
  { kind: 'anonymous' },
  { kind: 'member', userId: '00000000-0000-0000-0000-000000000001', teamIds: [] },
  { kind: 'secretariat', userId: '00000000-0000-0000-0000-000000000002' },
];

/** The body of one section (between its heading and the next one). */
function bodyOf(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  expect([heading, start >= 0]).toEqual([heading, true]);
  const rest = text.slice(start + heading.length + 2);
  const next = rest.search(/\n\d+(\.\d+)*\. [A-Z]/);
  return (next < 0 ? rest : rest.slice(0, next)).replace(/\s+/g, ' ').trim();
}

/** Wording faults that names ending in "." or containing "Directory" used to cause. */
function faults(text: string): string[] {
  // An IPv6 prefix's "::" is notation, not punctuation.
  const flat = text.replace(/\s+/g, ' ').replace(/\b[0-9a-f:]*::[0-9a-f:]*\/\d+/gi, 'PREFIX');
  const found: string[] = [];
  for (const m of flat.matchAll(/\b(\p{L}{2,})\s+\1\b/giu)) found.push(`doubled word: ${m[0]}`);
  // The same mark twice ("Ltd.."), a mark after a comma or colon (",."), or a mark after a space (" .").
  // "Co., Ltd." is an abbreviation's full stop before a comma, and stays allowed.
  for (const m of flat.matchAll(/([.,;:])\s*\1|[,;:]\s*[.,;:]|\s[.,;:]/g)) {
    found.push(`doubled or loose punctuation: "${m[0]}"`);
  }
  return found;
}

describe('RFC 2350 descriptions', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const siteName = translator('en')('site.name');

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoTeams(t.ctx);
  });
  afterAll(() => t.close());

  function describeAs(slug: string, viewer: Viewer) {
    const directory = createDirectoryService(t.ctx);
    const ex = exportContext({ siteUrl: 'http://registry.test', locale: 'en', timeZone: 'Asia/Tokyo' });
    return directory.show(slug, viewer).then(({ team }) => toRfc2350(team, ex, siteName));
  }

  test('when any of the 24 demo teams is described, to any caller, then the sections are the template, in order, without doubled words or punctuation', async () => {
    expect(DEMO_TEAMS).toHaveLength(24);
    for (const demo of DEMO_TEAMS) {
      const slug = demo.shortName.toLowerCase();
      for (const viewer of VIEWERS) {
        // Suspended and withdrawn teams are shown to the secretariat only.
        if (demo.status !== 'active' && viewer.kind !== 'secretariat') continue;
        const text = await describeAs(slug, viewer);
        const headings = text.split('\n').filter((l) => /^\d+(\.\d+)*\. /.test(l));
        expect([slug, headings]).toEqual([slug, SECTIONS]);
        expect([slug, viewer.kind, faults(text)]).toEqual([slug, viewer.kind, []]);
        expect(text).not.toMatch(/directory directory/i);
        expect(bodyOf(text, '2.2. Address')).toBe('Not stated. The directory keeps no postal address for its teams.');
        expect(bodyOf(text, '2.2. Address')).not.toContain(demo.organization.en);
        for (const line of text.split('\n').filter((l) => !/https?:|@/.test(l))) {
          expect([slug, line, line.length <= 72]).toEqual([slug, line, true]);
        }
      }
    }
  });

  test('when a demo team is fetched over HTTP, then the route answers the same document', async () => {
    const res = await request(t.app).get('/teams/sakura-csirt/rfc2350.txt').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe(await describeAs('sakura-csirt', { kind: 'anonymous' }));
  });

  test('when names end in a full stop or contain "Directory", then no sentence doubles them', async () => {
    await createTeam(t.ctx, {
      shortName: 'DIRECTORY-CSIRT',
      officialName: { ja: 'ディレクトリ CSIRT', en: 'Directory Services CSIRT.' },
      organization: { ja: 'ディレクトリ株式会社', en: 'Directory Co., Ltd.' },
      constituencyDescription: { ja: '', en: 'Customers of Directory Co., Ltd.' },
    });
    const text = await describeAs('directory-csirt', { kind: 'anonymous' });
    expect(faults(text)).toEqual([]);
    expect(bodyOf(text, '3.3. Sponsorship and/or Affiliation')).toMatch(
      /^Host organisation: Directory Co., Ltd. Member team of the association that keeps the CSIRT Directory, since \d{4}-\d{2}-\d{2}\.$/,
    );
    expect(bodyOf(text, '3.2. Constituency')).toBe('Type: Own organisation. Customers of Directory Co., Ltd.');
  });

  test('when the entry lists no incident management, or hides its services, then section 5 says so instead of claiming them', async () => {
    await createTeam(t.ctx, { shortName: 'AWARE-CSIRT', services: ['situational_awareness'] });
    const aware = await describeAs('aware-csirt', { kind: 'anonymous' });
    expect(bodyOf(aware, '5.1. Incident Response')).toMatch(/^Not stated\. /);
    for (const s of ['5.1.1. Incident Triage', '5.1.2. Incident Coordination', '5.1.3. Incident Resolution']) {
      expect([s, bodyOf(aware, s)]).toEqual([s, 'Not stated.']);
    }
    expect(bodyOf(aware, '5.2. Proactive Activities')).toMatch(/^- Situational awareness: /);

    await createTeam(t.ctx, { shortName: 'NOSERVICE-CSIRT', services: [] });
    const none = await describeAs('noservice-csirt', { kind: 'anonymous' });
    expect(bodyOf(none, '5. Services')).toBe('Not stated. The entry lists no services.');
    expect(bodyOf(none, '5.2. Proactive Activities')).toBe('Not stated.');

    const hidden = await createTeam(t.ctx, { shortName: 'QUIET-CSIRT' });
    await t.ctx.db
      .update(teams)
      .set({ visibility: { services: 'members' } })
      .where(eq(teams.id, hidden.id));
    const quiet = await describeAs('quiet-csirt', { kind: 'anonymous' });
    for (const s of ['5. Services', '5.1. Incident Response', '5.1.1. Incident Triage', '5.2. Proactive Activities']) {
      expect([s, bodyOf(quiet, s)]).toEqual([s, 'Not published.']);
    }
    expect(bodyOf(await describeAs('quiet-csirt', VIEWERS[1]), '5.1.1. Incident Triage')).toMatch(/^Incident reports/);

    const sakura = await describeAs('sakura-csirt', { kind: 'anonymous' });
    // SAKURA-CSIRT lists event, incident and vulnerability management and knowledge transfer.
    expect(bodyOf(sakura, '5.1.1. Incident Triage')).toContain('Security events from the team’s own monitoring');
    expect(bodyOf(sakura, '5.1.2. Incident Coordination')).toContain('Vulnerability reports');
    expect(bodyOf(sakura, '5.2. Proactive Activities').split('- ').filter(Boolean)).toHaveLength(3);
    expect(bodyOf(sakura, '2.4. Telephone Number')).toBe('Not published.');
    const seen = await describeAs('sakura-csirt', VIEWERS[1]);
    expect(bodyOf(seen, '2.4. Telephone Number')).toBe('+81 3-5555-0101');
  });
});
