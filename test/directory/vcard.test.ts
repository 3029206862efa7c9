/**
 * The vCard through a real parser (ical.js): every text property written from free text comes back as it was
 * stored, whatever it holds — line breaks of every kind, commas, semicolons, backslashes, emoji, long Japanese.
 */
import ICAL from 'ical.js';
import request from 'supertest';
import { createTeam } from '../factories';
import { createTestApp } from '../helpers/app';

const HOSTILE: Record<string, string> = {
  cr: 'first line\rsecond line after a bare CR',
  crlf: 'first line\r\nsecond line after CRLF',
  lf: 'first line\nsecond line after LF',
  punctuation: 'a, b; c\\d \\n is not a newline, \\, nor \\; these',
  emoji: '🛡️ 👩‍💻 インシデント対応 🇯🇵, 24/7; ✅',
  long: 'セキュリティインシデント対応チーム、'.repeat(17).slice(0, 300),
  spaces: '  leading and trailing  ',
};

/** What a vCard can carry of a line break: all three kinds read back as "\n" (RFC 6350 §3.4). */
const asRead = (text: string) => text.replace(/\r\n|\r|\n/g, '\n');

describe('vCard text', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  test.each(Object.entries(HOSTILE))(
    'when the names and the overview hold %s text, then ORG (both languages) and NOTE (both languages) round-trip',
    async (kind, value) => {
      const shortName = `V${kind.toUpperCase()}-CSIRT`;
      await createTeam(t.ctx, {
        shortName,
        officialName: { ja: `${value}（ja）`, en: `${value} (en)` },
        organization: { ja: `${value}株式会社`, en: `${value} Inc.` },
        introduction: {
          overview: { ja: `${value}です。`, en: `${value}.` },
          background: { ja: '', en: '' },
          activities: { ja: '', en: '' },
        },
      });
      const slug = shortName.toLowerCase();
      for (const lang of ['ja', 'en'] as const) {
        const res = await request(t.app).get(`/teams/${slug}.vcf?lang=${lang}`).expect(200);
        // Folded at 75 octets, never inside a character; CRLF between lines, and no other CR or LF.
        const physical = res.text.split('\r\n');
        expect(physical.pop()).toBe('');
        for (const line of physical) {
          expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
          expect(line).not.toMatch(/[\r\n\uFFFD]/);
        }
        const card = new ICAL.Component(ICAL.parse(res.text));
        const orgs = card.getAllProperties('org').map((p) => p.getValues());
        expect(orgs).toEqual([
          [[asRead(`${value}株式会社`), asRead(`${value}（ja）`)]],
          [[asRead(`${value} Inc.`), asRead(`${value} (en)`)]],
        ]);
        expect(card.getFirstPropertyValue('note')).toBe(asRead(lang === 'ja' ? `${value}です。` : `${value}.`));
        expect(card.getFirstProperty('note')?.getParameter('language')).toBe(lang);
        expect(card.getFirstPropertyValue('fn')).toBe(shortName);
      }
    },
  );

  test('when the overview exists only in Japanese, then the English card carries it without claiming it is English', async () => {
    await createTeam(t.ctx, {
      shortName: 'JAONLY-CSIRT',
      introduction: {
        overview: { ja: '日本語だけの紹介です。', en: '' },
        background: { ja: '', en: '' },
        activities: { ja: '', en: '' },
      },
    });
    const card = new ICAL.Component(
      ICAL.parse((await request(t.app).get('/teams/jaonly-csirt.vcf?lang=en').expect(200)).text),
    );
    expect(card.getFirstPropertyValue('note')).toBe('日本語だけの紹介です。');
    expect(card.getFirstProperty('note')?.getParameter('language')).toBeUndefined();
  });
});
