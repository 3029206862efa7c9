/**
 * Every entry field is named in the reader's words wherever it is shown (form errors, the change history, the edit
 * conflict table), and every field's error appears once on the form.
 */
import path from 'node:path';
import { eq } from 'drizzle-orm';
import ejs from 'ejs';
import { entryOf } from '../../src/entry/entry';
import { blankEntry, ENTRY_INPUTS, ENTRY_VOCABULARY, entryValues } from '../../src/entry/entry-form';
import { fieldLabel } from '../../src/entry/field-labels';
import { FORM_INPUTS } from '../../src/entry/fields';
import { teams } from '../../src/entry/schema';
import { CONFIGURABLE_FIELDS, VISIBILITY_FIELDS } from '../../src/entry/visibility';
import { viewHelpers } from '../../src/http/view-helpers';
import { translator } from '../../src/i18n';
import { createTeam, createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfFrom, encodeForm, login } from '../helpers/auth';
import { exampleFor } from '../helpers/entry-examples';

const LANGS = ['ja', 'en'] as const;
const changedFields = [...ENTRY_INPUTS, ...VISIBILITY_FIELDS.map((f) => `visibility.${f}`)];

describe('names of entry fields', () => {
  test('when any entry field or visibility choice is named, then both languages have a label that is not its code', () => {
    const missing: string[] = [];
    for (const lang of LANGS) {
      const t = translator(lang);
      const labels = new Set<string>();
      for (const field of changedFields) {
        const { key, params } = fieldLabel(field);
        const text = t(key, params);
        if (key === 'field.unknown' || text === field || text.includes('msg:') || !text.trim()) {
          missing.push(`${lang} ${field}: ${text}`);
        }
        if (labels.has(text)) missing.push(`${lang} ${field}: "${text}" names another field too`);
        labels.add(text);
      }
    }
    expect(missing).toEqual([]);
  });

  test('when the form is shown with an error on every field, then each error appears once', async () => {
    const fieldErrors = Object.fromEntries(ENTRY_INPUTS.map((f) => [f, `ERROR-OF-${f}`]));
    const html = await ejs.renderFile(path.join(__dirname, '../../views/partials/entry-fields.ejs'), {
      ...viewHelpers,
      t: translator('ja'),
      values: blankEntry(),
      fieldErrors,
      vocab: ENTRY_VOCABULARY,
    });
    const counts = ENTRY_INPUTS.map((f) => `${f}: ${html.split(`>ERROR-OF-${f}<`).length - 1}`);
    expect(counts).toEqual(ENTRY_INPUTS.map((f) => `${f}: 1`));
  });
});

describe('the change history in words', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  test('when an editor changes every field and visibility, then the history names each in ja and en and shows codes as words', async () => {
    const team = await createTeam(t.ctx, { shortName: 'WORDS-CSIRT', region: 'kanto' }, { withKey: false });
    const editor = await login(t.app, (await createUser(t.ctx, { teams: [{ id: team.id, role: 'editor' }] })).email);
    const [row] = await t.ctx.db.select().from(teams).where(eq(teams.id, team.id));
    const named: Record<string, string | string[]> = {
      officialNameJa: '言葉 CSIRT',
      officialNameEn: 'Words CSIRT',
      organizationJa: '言葉株式会社',
      organizationEn: 'Words Co., Ltd.',
      foundedOn: '2001-02-03',
      region: 'kinki',
      industry: 'services',
      email: 'csirt@words.example.jp',
      website: 'https://words.example.jp/',
      phone: '06-1111-2222',
      emergencyPhone: '06-1111-3333',
      hoursDays: ['1', '2'],
      hoursOpen: '10:00',
      hoursClose: '16:00',
      timeZone: 'Asia/Seoul',
      languages: ['en'],
      otherLanguages: 'ko',
      introOverviewJa: '概要を変えました。',
      introOverviewEn: 'New overview.',
      introBackgroundJa: '経緯を変えました。',
      introBackgroundEn: 'New background.',
      introActivitiesJa: '活動を変えました。',
      introActivitiesEn: 'New activities.',
      constituencyTypes: ['customers'],
      constituencyDescriptionJa: '顧客です。',
      constituencyDescriptionEn: 'Customers.',
      services: ['vulnerability_management'],
    };
    // A field this list does not name (one new to the registry) is changed through an example of its input.
    const unnamed = [...FORM_INPUTS].filter(([name]) => name !== 'shortName' && !(name in named));
    const changed: Record<string, string | string[]> = {
      ...entryValues(entryOf(row)),
      ...Object.fromEntries(unnamed.map(([name, { input }]) => [name, exampleFor(input.widget)])),
      ...named,
    };
    for (const f of CONFIGURABLE_FIELDS) changed[`vis_${f}`] = f === 'email' || f === 'key' ? 'members' : 'secretariat';
    const edit = await editor.get('/teams/words-csirt/edit').expect(200);
    const body = encodeForm({ version: String(row.version), ...changed }, csrfFrom(edit.text));
    await editor.post('/teams/words-csirt/edit').type('form').send(body).expect(303);

    for (const lang of LANGS) {
      const page = await editor.get(`/teams/words-csirt/history?lang=${lang}`).expect(200);
      const fields = [...page.text.matchAll(/data-field="([^"]+)"[\s\S]*?class="history-field">([^<]*)</g)];
      const shown = new Map(fields.map((m) => [m[1], m[2]]));
      const expected = [
        ...ENTRY_INPUTS.filter((f) => f !== 'shortName'),
        ...CONFIGURABLE_FIELDS.map((f) => `visibility.${f}`),
      ];
      expect([...shown.keys()].sort()).toEqual(expected.sort());
      const tr = translator(lang);
      for (const [field, label] of shown) {
        const want = fieldLabel(field);
        expect(`${field}: ${label}`).toBe(`${field}: ${viewHelpers.escapeHtml(tr(want.key, want.params))}`);
      }
      // Codes read as words: the region, the visibility level.
      expect(page.text).toContain(lang === 'ja' ? '近畿' : 'Kinki');
      expect(page.text).toContain(lang === 'ja' ? '事務局のみ' : 'secretariat only');
      expect(page.text).not.toMatch(/<td[^>]*>(kinki|secretariat|vulnerability_management)<\/td>/);
    }
  });
});
