/**
 * Phone numbers as people in Japan write them: international (+81 3-1234-5678) or domestic (03-1234-5678,
 * 0120-123-456, 090-1234-5678). Stored in E.164 (+81312345678) so programs can dial them; shown as stored.
 */
const SEPARATORS = /[\s\-().‐－ー]/g;

/** The E.164 form of a phone number, or null when it is not one. */
export function normalizePhone(input: string): string | null {
  const compact = input.normalize('NFKC').trim().replace(SEPARATORS, '');
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  // Domestic Japanese numbers start with a single 0 (trunk prefix) and have 10 or 11 digits in all.
  if (/^0[1-9]\d{8,9}$/.test(compact)) return `+81${compact.slice(1)}`;
  return null;
}
