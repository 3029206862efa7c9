/**
 * A `next` parameter is honoured only when it is a path on this site: it must start with a single "/", contain no
 * backslash or control character, and resolve to the same origin. Anything else falls back (no open redirect).
 */
function hasBackslashOrControl(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '\\' || code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || hasBackslashOrControl(value)) return fallback;
  try {
    const base = 'http://registry.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
