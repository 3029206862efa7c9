/** Pure helpers every view may call (app.locals). Locale-dependent ones live on res.locals (locale.ts). */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

export const viewHelpers = {
  /** For markup a view builds as a string (form-field helpers); `<%= %>` escapes by itself. */
  escapeHtml: (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]),
  /** Builds a mailto: link safely (the address is already validated; this only percent-encodes). */
  mailto: (address: string) => `mailto:${encodeURI(address)}`,
  /** "RSA 4096", but "Ed25519" alone: a curve's name already says its size. */
  keyAlgorithmText: (key: { algorithm: string; bits: number | null }) =>
    key.bits && ['RSA', 'DSA', 'ElGamal'].includes(key.algorithm) ? `${key.algorithm} ${key.bits}` : key.algorithm,
};
