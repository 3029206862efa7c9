/**
 * Phone numbers. People in Japan type them domestic (03-1234-5678, 0120-123-456, 090-1234-5678) or international
 * (+81 3-1234-5678, +81 (0)3-1234-5678); they are stored in E.164 (+81312345678) so programs can dial them, and
 * shown formatted for the reader: domestic for a Japanese reader of a Japanese number, international otherwise.
 * The numbering plans come from libphonenumber-js's bundled metadata (no download at run time).
 *
 * Every place that shows a phone goes through formatPhone (pages, history, applications) or phoneUri (links,
 * vCard, security.txt). Both accept what older data may hold (domestic strings from earlier seeds): they
 * normalise first, and a value that is not a phone number at all is shown as it is stored.
 */
import { type PhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Japanese is the default reading of a number without a country code. */
const DEFAULT_COUNTRY = 'JP';

function parse(input: string): PhoneNumber | undefined {
  const text = input.normalize('NFKC').trim();
  if (!text) return undefined;
  // extract:false: "call 03-…" or "03-… (main)" is not a phone number, rather than a number found inside text.
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: DEFAULT_COUNTRY, extract: false });
  // An extension has nowhere to be stored or dialled: refused rather than silently dropped.
  return parsed?.isValid() && !parsed.ext ? parsed : undefined;
}

/** The E.164 form of a phone number, or null when it is not one. */
export function normalizePhone(input: string): string | null {
  return parse(input)?.number ?? null;
}

/**
 * The digit groups after the country code, as the country writes them nationally without its trunk prefix:
 * "3-5555-0101" for 03-5555-0101. Where the national style does not reduce to digits and hyphens (e.g.
 * "(415) 555-2671"), the library's international grouping is used instead ("415 555 2671").
 */
function internationalGroups(phone: PhoneNumber): string {
  const national = phone.formatNational();
  const wanted = phone.nationalNumber.length;
  let digits = 0;
  let start = national.length;
  while (start > 0 && digits < wanted) {
    start -= 1;
    if (/\d/.test(national[start])) digits += 1;
  }
  const groups = national.slice(start).trim();
  if (/^\d[\d-]*$/.test(groups)) return groups;
  return phone.formatInternational().replace(`+${phone.countryCallingCode}`, '').trim();
}

/**
 * How a reader sees a number: ja → 03-5555-0101 for Japanese numbers; en, and foreign numbers for everyone →
 * +81 3-5555-0101. A stored value that is not a number is returned as it is.
 */
export function formatPhone(value: string | null | undefined, locale: 'ja' | 'en'): string {
  if (!value) return '';
  const phone = parse(value);
  if (!phone) return value;
  if (locale === 'ja' && phone.country === DEFAULT_COUNTRY) return phone.formatNational();
  return `+${phone.countryCallingCode} ${internationalGroups(phone)}`;
}

/** RFC 3966 global number with visual separators: tel:+81-3-5555-0101. Null when the value is not a number. */
export function phoneUri(value: string | null | undefined): string | null {
  const phone = value ? parse(value) : undefined;
  if (!phone) return null;
  const groups = internationalGroups(phone)
    .split(/[^\d]+/)
    .filter(Boolean);
  return `tel:+${[phone.countryCallingCode, ...groups].join('-')}`;
}
