/**
 * Every field of the registry reaches every place derived from it: the JSON API shows it to whoever its rule lets
 * see it, the CSV has each of its declared columns, the edit form has each of its inputs and saves them. Walks the
 * registry, so a field added there is held to the same test without a line here.
 */
import { eq } from 'drizzle-orm';
import { FIELD_LIST, FORM_INPUTS, viewPathOf } from '../../src/entry/fields';
import { teams } from '../../src/entry/schema';
import { translator } from '../../src/i18n';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { type Agent, csrfFrom, login } from '../helpers/auth';
import { exampleFor } from '../helpers/entry-examples';

const isEmpty = (v: unknown) => v === null || v === '' || (Array.isArray(v) && v.length === 0);

describe('every field of the registry', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let secretariat: Agent;
  let editor: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await createTeam(t.ctx, { shortName: 'EVERY-CSIRT', email: 'csirt@every.example.jp' });
    // A field the factory leaves empty (its sample is empty: a field new to the registry) gets a value through its
    // own form parser, so every field has something to show.
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.id));
    const filled: Record<string, unknown> = {};
    for (const [, field] of FIELD_LIST) {
      const inputs = Object.entries(field.form?.inputs ?? {});
      if (!field.form || !isEmpty(field.read(row)) || inputs.length !== 1) continue;
      const [name, input] = inputs[0];
      const parsed = input.schema.parse(exampleFor(input.widget));
      Object.assign(filled, field.write(field.form.fromForm({ [name]: parsed })));
    }
    if (Object.keys(filled).length) await t.ctx.db.update(teams).set(filled).where(eq(teams.id, team.id));
    secretariat = await login(
      t.app,
      (await createUser(t.ctx, { email: 'sec@every.example.jp', secretariat: true })).email,
    );
    editor = await login(
      t.app,
      (await createUser(t.ctx, { email: 'ed@every.example.jp', teams: [{ id: team.id, role: 'editor' }] })).email,
    );
  });
  afterAll(() => t.close());

  test('when the secretariat reads a team from the API, then every field is at its place in the answer', async () => {
    const res = await secretariat.get('/api/v1/teams/every-csirt').expect(200);
    const missing = FIELD_LIST.filter(([name]) => {
      const path = viewPathOf(name);
      const first = res.body[path[0]];
      return (path.length === 1 ? first : first?.[path[1]]) === undefined;
    }).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  test('when the secretariat opens the team page, then every field with a display is listed under its label', async () => {
    const page = await secretariat.get('/teams/every-csirt?lang=en').expect(200);
    const t = translator('en');
    const listed = FIELD_LIST.filter(([name, f]) => f.display && name !== 'shortName' && f.display !== 'introduction');
    expect(listed.length).toBeGreaterThan(10);
    const absent = listed.filter(([, f]) => !page.text.includes(`<dt>${t(f.label)}</dt>`)).map(([name]) => name);
    expect(absent).toEqual([]);
  });

  test('when the team is described in RFC 2350, then every field that gives the document a line has it in its section', async () => {
    const doc = (await secretariat.get('/teams/every-csirt/rfc2350.txt').expect(200)).text;
    const api = (await secretariat.get('/api/v1/teams/every-csirt').expect(200)).body;
    const t = translator('en');
    const declaring = FIELD_LIST.filter(([, f]) => f.rfc2350);
    expect(declaring.length).toBeGreaterThan(0);
    const misplaced = declaring.filter(([name, f]) => {
      const spec = f.rfc2350 as NonNullable<typeof f.rfc2350>;
      const start = doc.indexOf(`\n${spec.section}. `);
      const end = doc.indexOf('\n\n', doc.indexOf('\n', start + 1) + 2);
      const sectionText = doc.slice(start, end === -1 ? undefined : end + 200).replace(/\s+/g, ' ');
      return start === -1 || !sectionText.includes(spec.line(api[name], t));
    });
    expect(misplaced.map(([name]) => name)).toEqual([]);
  });

  test('when anyone exports the directory, then the CSV header holds every column each field declares', async () => {
    const res = await secretariat.get('/api/v1/teams.csv').expect(200);
    const header = res.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]
      .split(',');
    const declared = FIELD_LIST.flatMap(([, f]) => (f.csv ?? []).map((c) => c.key));
    expect(declared.filter((key) => !header.includes(key))).toEqual([]);
  });

  test('when an editor opens the edit form, then every input of every field is there to fill in', async () => {
    const page = await editor.get('/teams/every-csirt/edit').expect(200);
    expect(csrfFrom(page.text)).toBeTruthy();
    const absent = [...FORM_INPUTS.keys()].filter((name) => {
      // The short name is fixed once the team exists: shown, not posted.
      if (name === 'shortName') return !page.text.includes('id="shortName"');
      return !page.text.includes(`name="${name}"`);
    });
    expect(absent).toEqual([]);
  });
});
