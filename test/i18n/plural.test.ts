import { type MessageKey, translator } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { ja } from '../../src/i18n/ja';

/** Every `{name}` and `{name, plural, …}` a message takes, each set to `value`. */
function paramsOf(template: string, value: number): Record<string, number> {
  return Object.fromEntries([...template.matchAll(/\{(\w+)(?:,\s*plural,|\})/g)].map((m) => [m[1], value]));
}

describe('plural forms', () => {
  const t = { ja: translator('ja'), en: translator('en') };

  test('when a count is 1 or many, then English says "1 team" and "2 teams", and Japanese writes the number its way', () => {
    expect(t.en('directory.count', { total: 1 })).toBe('1 team');
    expect(t.en('directory.count', { total: 2 })).toBe('2 teams');
    expect(t.en('directory.count', { total: 12345 })).toBe('12,345 teams');
    expect(t.ja('directory.count', { total: 1 })).toBe('1 チーム');
    expect(t.ja('directory.count', { total: 12345 })).toBe('12,345 チーム');
    expect(t.en('directory.countRange', { from: 21, to: 22, total: 22 })).toBe('Showing 21–22 of 22 teams');
    expect(t.en('admin.audit.count', { total: 1 })).toBe('1 entry');
    expect(t.en('error.rateLimited', { minutes: 1 })).toBe('Too many attempts. Please try again in about 1 minute.');
  });

  test('when a count arrives already written with separators, then it still selects its form', () => {
    expect(t.en('directory.count', { total: '1' })).toBe('1 team');
    expect(t.en('directory.count', { total: '1,234' })).toBe('1,234 teams');
  });

  test('when every English message is shown with each number set to 1, then none says "1 <plural noun>"', () => {
    const wrong: string[] = [];
    for (const key of Object.keys(en) as MessageKey[]) {
      const text = t.en(key, paramsOf(en[key], 1));
      // "1 teams", "1 days", "1 of 1 endorsements": a one followed by an English plural.
      const match = /\b1 (?:of 1 )?([a-z]+(?:s|ies))\b/.exec(text);
      if (match && !['is', 'has', 'was', 'does', 'its', 'belongs', 'expires'].includes(match[1]))
        wrong.push(`${key}: ${text}`);
    }
    expect(wrong).toEqual([]);
  });

  test('when a message has a plural block in one catalogue, then both catalogues render it without a raw brace', () => {
    const raw: string[] = [];
    for (const key of Object.keys(ja) as MessageKey[]) {
      for (const lang of ['ja', 'en'] as const) {
        const template = (lang === 'ja' ? ja : en)[key];
        for (const n of [0, 1, 2, 5]) {
          const text = t[lang](key, paramsOf(template, n));
          if (/[{}#]/.test(text) && /plural/.test(template)) raw.push(`${lang} ${key} (${n}): ${text}`);
        }
      }
    }
    expect(raw).toEqual([]);
  });
});
