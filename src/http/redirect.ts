/**
 * Where the site may send a browser next (`next=` after login, the language switch, …): only a path on this site.
 * The value is resolved the way a browser resolves it — dot segments, `%2e`, repeated slashes — and judged after
 * that: a result that starts with `//` (or `/\`) is another host to a browser, whatever the raw value looked like
 * (`/.//evil.example`, `/a/..//evil.example`, `/%2e//evil.example`). Anything else falls back.
 */
function hasBackslashOrControl(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '\\' || code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const BASE = 'http://registry.invalid';

/** A local path that stays local when a browser follows it, or `fallback`. */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) return fallback;
  if (!value.startsWith('/') || hasBackslashOrControl(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const local = `${url.pathname}${url.search}${url.hash}`;
  // The resolved path itself must not read as a network path (`//host`) or be one after a browser's own decoding.
  if (/^\/[/\\]/.test(local) || /^\/(%2f|%5c)/i.test(local)) return fallback;
  return local;
}
