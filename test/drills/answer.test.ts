/**
 * Answering a drill through its page: the link inside the encrypted part fills the code in but answers nothing by
 * itself; the POST takes the right code once; wrong codes are refused in the reader's language and limited; a
 * signed-in editor of the team is recorded by name.
 */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { runDrills } from '../../src/drills/run';
import { drills } from '../../src/drills/schema';
import { outbox } from '../../src/mail/schema';
import { decryptWith } from '../../src/pgp';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfOf, login } from '../helpers/auth';

describe('answering a drill', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let team: Awaited<ReturnType<typeof createTeam>>;
  let other: Awaited<ReturnType<typeof createTeam>>;
  let editorEmail: string;

  /** The drill of a team and the code and link its mail carries, once decrypted. */
  async function drillOf(of: typeof team) {
    const [drill] = await t.ctx.db.select().from(drills).where(eq(drills.teamId, of.id));
    const [mail] = await t.ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, drill.outboxId ?? ''));
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mail.textBody)?.[0] ?? '';
    const text = await decryptWith(of.privateKey ?? '', armored);
    const link = /https?:\/\/\S+(\/drills\/\S+)/.exec(text)?.[1] ?? '';
    return { drill, code: /([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(text)?.[1] ?? '', link };
  }

  const answer = async (agent: request.Agent, drillId: string, code: string, lang = 'en', tokenPage = '/login') => {
    // The token first: a request takes the agent's cookies when it is made.
    const csrf = await csrfOf(agent, tokenPage);
    return agent.post(`/drills/${drillId}?lang=${lang}`).type('form').send({ _csrf: csrf, code });
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { DRILLS_PER_YEAR: '2' } });
    team = await createTeam(t.ctx, { shortName: 'KOTAE-CSIRT' }, { keyVerified: true });
    other = await createTeam(t.ctx, { shortName: 'HENJI-CSIRT' }, { keyVerified: true });
    editorEmail = (await createUser(t.ctx, { teams: [{ id: other.id, role: 'editor' }] })).email;
    // Plan the cycle, then run at the end of it: every drill is due and goes out.
    await runDrills(t.ctx, { now: t.ctx.clock.now() });
    await runDrills(t.ctx, { now: new Date('2026-12-31T23:00:00Z') });
  });
  afterAll(() => t.close());

  test('when the link from the mail is opened, then the code is filled in and nothing is answered yet', async () => {
    const { drill, link, code } = await drillOf(team);
    expect(link).toBe(`/drills/${drill.id}.${code.replace('-', '')}`);
    const page = await request(t.app).get(`${link}?lang=en`).expect(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain(`value="${code.replace('-', '')}"`);
    expect(page.text).toContain('Answer a reachability check — KOTAE-CSIRT');
    const [still] = await t.ctx.db.select().from(drills).where(eq(drills.id, drill.id));
    expect(still.state).toBe('sent');
  });

  test('when a wrong code is entered, then it is refused in the reader’s language; after ten, the page says to wait', async () => {
    const { drill } = await drillOf(team);
    const agent = request.agent(t.app);
    const en = await answer(agent, drill.id, 'AAAA-AAAA', 'en');
    expect(en.status).toBe(422);
    expect(en.text).toContain('That is not the code.');
    const ja = await answer(agent, drill.id, 'AAAA-AAAA', 'ja');
    expect(ja.text).toContain('確認コードが違います');
    for (let i = 0; i < 8; i += 1) expect((await answer(agent, drill.id, 'AAAA-AAAA')).status).toBe(422);
    const limited = await answer(agent, drill.id, 'AAAA-AAAA');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('when the right code is posted, then the drill is answered once, with the time it took; again says when', async () => {
    const { drill, code } = await drillOf(other);
    const agent = request.agent(t.app);
    const done = await answer(agent, drill.id, code.toLowerCase().replace('-', ' '));
    expect(done.status).toBe(200);
    expect(done.text).toMatch(
      /Answer received(, after the deadline)?\. Time to answer \(business hours\): \d+ (h \d+ )?min/,
    );
    const again = await answer(agent, drill.id, code);
    expect(again.text).toContain('This check was answered on');
    const [row] = await t.ctx.db.select().from(drills).where(eq(drills.id, drill.id));
    expect([row.state, row.answeredVia, row.answeredBy]).toEqual(['answered', 'link', 'link']);
    expect(row.answerBusinessMs).toBeGreaterThanOrEqual(0);
  });

  test('when a signed-in editor of the team answers, then the drill records the editor', async () => {
    // A new cycle's drill for the other team.
    await runDrills(t.ctx, { now: new Date('2027-06-30T23:00:00Z') });
    await runDrills(t.ctx, { now: new Date('2027-07-02T11:00:00Z') });
    const rows = await t.ctx.db.select().from(drills).where(eq(drills.teamId, other.id));
    const open = rows.find((r) => r.state === 'sent');
    expect(open).toBeDefined();
    const [mail] = await t.ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, open?.outboxId ?? ''));
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mail.textBody)?.[0] ?? '';
    const code = /([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(await decryptWith(other.privateKey ?? '', armored))?.[1];
    const editor = await login(t.app, editorEmail);
    expect((await answer(editor, open?.id ?? '', code ?? '', 'en', '/account')).status).toBe(200);
    const [row] = await t.ctx.db
      .select()
      .from(drills)
      .where(eq(drills.id, open?.id ?? ''));
    expect([row.answeredVia, row.answeredBy]).toEqual(['editor', editorEmail]);
  });

  test('when a drill is opened or answered more than 30 days after it was sent, then it says it is closed, in the reader’s language', async () => {
    const { drill, code } = await drillOf(team);
    expect(drill.state).not.toBe('answered');
    const now = t.ctx.clock.now();
    t.ctx.clock.set(new Date((drill.sentAt ?? now).getTime() + 31 * 86_400_000));
    try {
      const page = await request(t.app).get(`/drills/${drill.id}?lang=en`).expect(410);
      expect(page.text).toContain('This reachability check closed on');
      expect(page.text).not.toContain('name="code"');
      const agent = request.agent(t.app);
      const late = await answer(agent, drill.id, code, 'ja');
      expect(late.status).toBe(410);
      expect(late.text).toContain('この疎通確認の回答期限');
      const [row] = await t.ctx.db.select().from(drills).where(eq(drills.id, drill.id));
      expect(row.state).not.toBe('answered');
    } finally {
      t.ctx.clock.set(now);
    }
  });

  test('when the page names no drill, or a malformed one, then it answers 404', async () => {
    await request(t.app).get('/drills/00000000-0000-4000-8000-000000000000?lang=en').expect(404);
    await request(t.app).get('/drills/not-a-drill').expect(404);
    await request(t.app).get('/drills/00000000-0000-4000-8000-000000000000.%3Cscript%3E').expect(404);
  });
});
