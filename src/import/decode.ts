/**
 * The bytes of an uploaded spreadsheet as text. Excel in Japan saves CSV as Shift_JIS (Microsoft's CP932); newer
 * tools save UTF-8, with or without a byte-order mark. UTF-8 is tried strictly first (a CP932 file is almost never
 * valid UTF-8), then CP932 — the WHATWG "shift_jis" decoder is CP932, with the NEC and IBM extensions.
 */
export type TextEncodingName = 'utf-8' | 'cp932';

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(body), encoding: 'cp932' };
  }
}
