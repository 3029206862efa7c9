/**
 * The demo's promise: every page offers only the moves the server accepts. For each seeded application and each
 * demo account (and the applicant, through their link), every move anyone could post is tried: each one the page
 * shows must go through (on a fresh copy of the application, so moves do not disturb each other), each one it does
 * not show must be refused — a 4xx, never a 5xx — and leave the application as it was.
 */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { DEMO_ACCOUNTS, DEMO_APPLICATIONS, DEMO_PASSWORD, seedDemoAccounts, seedDemoTeams } from '../../seeds';
import { type DemoApplication, seedDemoApplication } from '../../seeds/demo-applications';
import { newRawToken } from '../../src/accounts/tokens';
import { applications, sponsorships } from '../../src/admission/schema';
import { APPLICATION_ACTIONS } from '../../src/admission/state';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, login } from '../helpers/auth';

type Who = (typeof DEMO_ACCOUNTS)[number]['email'] | 'applicant';

interface Move {
  /** e.g. "approve", "endorse as sakura-csirt", "withdraw". */
  name: string;
  path: (c: Copy) => string;
  form: (c: Copy) => Record<string, string>;
  /** Whether the page the mover sees offers this move. */
  shown: (page: string, c: Copy) => boolean;
}

interface Copy {
  id: string;
  token: string;
  version: number;
}

const everyTeam = [...new Set(DEMO_ACCOUNTS.flatMap((a) => a.teams.map((t) => t.slug)))];

/** Everything that can be posted about an application, by anyone. */
function movesOf(who: Who): Move[] {
  if (who === 'applicant') {
    const verbs: { name: string; verb: string; form: Record<string, string> }[] = [
      { name: 'submit', verb: 'submit', form: {} },
      { name: 'answer_info', verb: 'answer', form: { answer: '24時間窓口で受け付けます。' } },
      { name: 'withdraw', verb: 'withdraw', form: { confirm: 'yes' } },
    ];
    return verbs.map((m) => ({
      name: m.name,
      path: (c) => `/applications/${c.token}/${m.verb}`,
      form: (c) => ({ ...m.form, version: String(c.version) }),
      shown: (page, c) => page.includes(`action="/applications/${c.token}/${m.verb}"`),
    }));
  }
  const decisions: Move[] = APPLICATION_ACTIONS.map((action) => ({
    name: action,
    path: (c) => `/admin/applications/${c.id}/decision`,
    form: (c) => ({ action, version: String(c.version), message: '理由です。', reference: '運営委員会 第9号議案' }),
    shown: (page) => page.includes(`name="action" value="${action}"`),
  }));
  const sponsorships: Move[] = everyTeam.flatMap((team) =>
    (['endorse', 'object'] as const).map((kind) => ({
      name: `${kind} as ${team}`,
      path: (c) => `/members/applications/${c.id}/sponsorship`,
      form: () => ({ team, kind, reason: '共同演習での対応を確認しています。' }),
      shown: (page, c) => {
        const form = page.split(`action="/members/applications/${c.id}/sponsorship"`)[1]?.split('</form>')[0];
        return !!form && form.includes(`<option value="${team}"`) && form.includes(`name="kind" value="${kind}"`);
      },
    })),
  );
  return [...decisions, ...sponsorships];
}

describe('demo applications × demo accounts', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const agents = new Map<Who, Agent>();
  let copies = 0;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoTeams(t.ctx);
    await seedDemoAccounts(t.ctx);
    for (const a of DEMO_ACCOUNTS) agents.set(a.email, await login(t.app, a.email, DEMO_PASSWORD));
  });
  afterAll(() => t.close());

  async function copyOf(demo: DemoApplication): Promise<Copy> {
    copies += 1;
    const token = newRawToken();
    const id = await seedDemoApplication(t.ctx, demo, {
      shortName: `${demo.entry.shortName.slice(0, 30)}-C${copies}`,
      accessToken: token,
    });
    const [row] = await t.ctx.db.select().from(applications).where(eq(applications.id, id!));
    return { id: id!, token, version: row.version };
  }

  function agentOf(who: Who): Agent {
    return who === 'applicant' ? request.agent(t.app) : (agents.get(who) as Agent);
  }

  /** The page the mover works from: the screening page, the sponsorship page, or the applicant's own page. */
  async function pageOf(agent: Agent, who: Who, c: Copy): Promise<{ status: number; text: string }> {
    const path =
      who === 'applicant'
        ? `/applications/${c.token}`
        : who === 'secretariat@demo.example'
          ? `/admin/applications/${c.id}`
          : `/members/applications/${c.id}`;
    return agent.get(path);
  }

  async function snapshot(c: Copy) {
    const [row] = await t.ctx.db.select().from(applications).where(eq(applications.id, c.id));
    const given = await t.ctx.db.select().from(sponsorships).where(eq(sponsorships.applicationId, c.id));
    return { state: row.state, version: row.version, sponsorships: given.length };
  }

  async function post(agent: Agent, move: Move, c: Copy, page: string, who: Who) {
    // The CSRF token of a page the mover can open, when the application's own page has no form for them.
    const csrfPage = /name="_csrf"/.test(page)
      ? page
      : (await agent.get(who === 'applicant' ? '/login' : '/account')).text;
    return agent
      .post(move.path(c))
      .type('form')
      .send({ ...move.form(c), _csrf: csrfFrom(csrfPage) });
  }

  const who: Who[] = [...DEMO_ACCOUNTS.map((a) => a.email), 'applicant'];
  /** What each page offered, for the table at the end. */
  const shownMoves: Record<string, string[]> = {};
  for (const demo of DEMO_APPLICATIONS) {
    for (const mover of who) {
      test(`when ${mover} looks at the ${demo.state} application ${demo.entry.shortName}, then what is shown succeeds and what is not is refused`, async () => {
        const agent = agentOf(mover);
        const shared = await copyOf(demo);
        const page = await pageOf(agent, mover, shared);
        expect([200, 404]).toContain(page.status);
        const problems: string[] = [];
        const offered: string[] = [];
        const before = JSON.stringify(await snapshot(shared));
        for (const move of movesOf(mover)) {
          if (move.shown(page.text, shared)) {
            offered.push(move.name);
            const fresh = await copyOf(demo);
            const freshPage = await pageOf(agent, mover, fresh);
            const res = await post(agent, move, fresh, freshPage.text, mover);
            if (res.status !== 303) problems.push(`${move.name} was shown but answered ${res.status}`);
            // The secretariat's page then says what happened (and whom it told).
            if (mover === 'secretariat@demo.example' && res.status === 303) {
              const next = await agent.get(res.headers.location);
              if (!next.text.includes(`data-done="${move.name}"`)) problems.push(`${move.name} left no notice`);
            }
            continue;
          }
          const res = await post(agent, move, shared, page.text, mover);
          if (res.status < 400 || res.status >= 500)
            problems.push(`${move.name} was not shown but answered ${res.status}`);
          if (JSON.stringify(await snapshot(shared)) !== before)
            problems.push(`${move.name} was refused but changed it`);
        }
        expect(problems).toEqual([]);
        shownMoves[`${demo.entry.shortName} ${mover}`] = offered;
      });
    }
  }

  test('when the walk is done, then each page offered what the rules allow that person at that step, and only that', () => {
    const none = (name: string) =>
      Object.fromEntries([...DEMO_ACCOUNTS.map((a) => a.email), 'applicant'].map((w) => [`${name} ${w}`, []]));
    const sponsorMoves = (window: 'open' | 'over', teams: string[]) =>
      teams.flatMap((team) =>
        window === 'open' ? [`endorse as ${team}`, `object as ${team}`] : [`endorse as ${team}`],
      );
    expect(shownMoves).toEqual({
      ...none('MIZUHO-SEIKI-CSIRT'),
      'MIZUHO-SEIKI-CSIRT secretariat@demo.example': ['start_screening'],
      'MIZUHO-SEIKI-CSIRT applicant': ['withdraw'],
      ...none('KAGAYAKI-HD-CSIRT'),
      'KAGAYAKI-HD-CSIRT secretariat@demo.example': ['request_info'], // the checklist is not complete yet
      'KAGAYAKI-HD-CSIRT applicant': ['withdraw'],
      ...none('SEASIDE-CLOUD-SIRT'),
      'SEASIDE-CLOUD-SIRT applicant': ['answer_info', 'withdraw'],
      ...none('HIBARI-U-CSIRT'),
      'HIBARI-U-CSIRT editor@demo.example': sponsorMoves('over', ['sakura-csirt']),
      'HIBARI-U-CSIRT editor2@demo.example': sponsorMoves('over', ['hokkai-net-csirt', 'naniwa-csirt']),
      'HIBARI-U-CSIRT applicant': ['withdraw'],
      ...none('NAGISA-ENERGY-CSIRT'),
      'NAGISA-ENERGY-CSIRT editor@demo.example': sponsorMoves('open', ['sakura-csirt']),
      'NAGISA-ENERGY-CSIRT editor2@demo.example': sponsorMoves('open', ['hokkai-net-csirt', 'naniwa-csirt']),
      'NAGISA-ENERGY-CSIRT applicant': ['withdraw'],
      ...none('AOZORA-LOGI-CSIRT'),
      'AOZORA-LOGI-CSIRT secretariat@demo.example': ['approve', 'reject'],
      'AOZORA-LOGI-CSIRT applicant': ['withdraw'],
      ...none('QUICKFIX-CSIRT'),
      ...none('YAMABIKO-CSIRT'),
    });
  });

  test('when the secretariat saves the checklist, then the page says it was saved', async () => {
    const c = await copyOf(DEMO_APPLICATIONS.find((d) => d.state === 'screening')!);
    const staff = agents.get('secretariat@demo.example')!;
    const page = await staff.get(`/admin/applications/${c.id}`).expect(200);
    const saved = await staff
      .post(`/admin/applications/${c.id}/notes`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: String(c.version), checklist: 'keyReviewed', notes: 'メモ' })
      .expect(303);
    const after = await staff.get(`${saved.headers.location}&lang=en`).expect(200);
    expect(/data-done="notes">([^<]*)</.exec(after.text)?.[1]).toBe('Checklist and notes saved.');
  });

  test('when an editor gives the sponsorship whose window is over its second endorsement, then the secretariat can close it and approve', async () => {
    const hibari = DEMO_APPLICATIONS.find((d) => d.entry.shortName === 'HIBARI-U-CSIRT')!;
    const c = await copyOf(hibari);
    const staff = agents.get('secretariat@demo.example')!;
    const before = await staff.get(`/admin/applications/${c.id}`).expect(200);
    expect(before.text).not.toContain('name="action" value="close_sponsorship"');
    expect(before.text).toContain('data-blocked="close_sponsorship"');

    const editor = agents.get('editor@demo.example')!;
    const sponsorPage = await editor.get(`/members/applications/${c.id}`).expect(200);
    const endorse = movesOf('editor@demo.example').find((m) => m.name === 'endorse as sakura-csirt')!;
    expect((await post(editor, endorse, c, sponsorPage.text, 'editor@demo.example')).status).toBe(303);

    const ready = await staff.get(`/admin/applications/${c.id}`).expect(200);
    expect(ready.text).toContain('name="action" value="close_sponsorship"');
    const version = async () => String((await snapshot(c)).version);
    await staff
      .post(`/admin/applications/${c.id}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(ready.text), action: 'close_sponsorship', version: await version() })
      .expect(303);
    const decision = await staff.get(`/admin/applications/${c.id}`).expect(200);
    expect(decision.text).toContain('name="action" value="approve"');
    const approved = await staff
      .post(`/admin/applications/${c.id}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(decision.text), action: 'approve', version: await version(), reference: '第1号議案' });
    expect(approved.status).toBe(303);
    expect((await snapshot(c)).state).toBe('approved');
  });
});
