/**
 * Plural forms in messages, written as ICU MessageFormat does: `{count, plural, one {# team} other {# teams}}`.
 * The category comes from the language's own rules (Intl.PluralRules: English has "one" and "other", Japanese only
 * "other"); `=0`, `=1`, … match an exact count first; `#` is the count written as the reader's locale writes numbers.
 * One message per count, in both catalogues, so "1 teams" cannot happen in one language and be right in another.
 */
import type { Locale, Params } from './locales';

const rules = new Map<Locale, Intl.PluralRules>();
const numbers = new Map<Locale, Intl.NumberFormat>();

function pluralRules(locale: Locale): Intl.PluralRules {
  let r = rules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(locale === 'ja' ? 'ja-JP' : 'en-GB');
    rules.set(locale, r);
  }
  return r;
}

function numberFormat(locale: Locale): Intl.NumberFormat {
  let f = numbers.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB');
    numbers.set(locale, f);
  }
  return f;
}

/** A count given as a number, or as a number already written with group separators ("1,234"). */
function countOf(value: string | number | undefined): number {
  if (typeof value === 'number') return value;
  const n = Number(String(value ?? '').replace(/[,\s]/g, ''));
  return Number.isFinite(n) ? n : Number.NaN;
}

/** The text between the brace at `open` and its matching closing brace, and where that closing brace is. */
function braced(text: string, open: number): { inner: string; end: number } | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return { inner: text.slice(open + 1, i), end: i };
  }
  return null;
}

/** `one {…} other {…}` as a map from selector to text. */
function options(body: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const start = body.slice(i).search(/\S/);
    if (start < 0) break;
    i += start;
    const open = body.indexOf('{', i);
    if (open < 0) break;
    const selector = body.slice(i, open).trim();
    const block = braced(body, open);
    if (!block) break;
    out.set(selector, block.inner);
    i = block.end + 1;
  }
  return out;
}

const PLURAL = /\{(\w+),\s*plural,/g;

/** Replaces every plural block of a template by the form its count selects; other placeholders are left as they are. */
export function selectPlurals(template: string, params: Params, locale: Locale): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(PLURAL)) {
    const start = match.index ?? 0;
    if (start < last) continue;
    const block = braced(template, start);
    if (!block) break;
    const count = countOf(params[match[1]]);
    const forms = options(block.inner.slice(match[0].length - 1));
    const chosen =
      forms.get(`=${count}`) ??
      forms.get(Number.isNaN(count) ? 'other' : pluralRules(locale).select(count)) ??
      forms.get('other') ??
      '';
    const written = Number.isNaN(count) ? String(params[match[1]] ?? '') : numberFormat(locale).format(count);
    out += template.slice(last, start) + chosen.replace(/#/g, written);
    last = block.end + 1;
  }
  return out + template.slice(last);
}
