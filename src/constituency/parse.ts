/**
 * Reading constituency objects and lookup indicators as people paste them: one place decides what a domain, a
 * prefix and an AS number are. Addresses through ipaddr.js, registrable domains through the Public Suffix List
 * (tldts ships it: nothing is downloaded), IDN through Node's own domainToASCII/domainToUnicode.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import ipaddr from 'ipaddr.js';
import { parse as parseHost } from 'tldts';
import type { ClaimKind, ClaimRefusal } from './vocabulary';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export type Claim =
  | { kind: 'domain'; value: string }
  | { kind: 'prefix'; value: string; family: 4 | 6 }
  | { kind: 'asn'; value: number };

/** What the secretariat accepts although it is special-use: documentation ranges in a demo, a lab's own space. */
export interface ClaimPolicy {
  allowedPrefixes: readonly string[];
  allowedAsns: readonly (readonly [number, number])[];
}

export type ClaimParse = { ok: true; claim: Claim } | { ok: false; reason: ClaimRefusal };

/** Shorter prefixes than these are not one team's constituency (a typo, or a claim on a whole region). */
const MIN_PREFIX_LENGTH = { 4: 8, 6: 16 } as const;
const MAX_ASN = 4_294_967_295;

/** AS numbers that are not on the Internet's routing table (IANA special-purpose registry, RFC 7249). */
const SPECIAL_ASNS: readonly (readonly [number, number])[] = [
  [0, 0],
  [23456, 23456],
  [64496, 131071],
  [4_200_000_000, MAX_ASN],
];

/**
 * Undoes the usual defanging of indicators in reports and chats ("hxxps://example[.]jp", "a[@]b", "192.0.2[.]1"),
 * and trims what a copy from a log drags along (quotes, angle brackets, a trailing full stop).
 */
export function refang(input: string): string {
  const text = input.normalize('NFKC').trim();
  // "[2001:db8::1]:443" keeps its brackets: they are what separates the address from the port.
  const bracketedAddress = /^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(text);
  return (bracketedAddress ? text : text.replace(/^["'<([]+|["'>)\],;.]+$/g, ''))
    .replace(/\[(\.|dot)\]|\((\.|dot)\)|\{(\.|dot)\}/gi, '.')
    .replace(/\[(@|at)\]|\((@|at)\)/gi, '@')
    .replace(/\[:\]/g, ':')
    .replace(/^hxxp/i, 'http')
    .replace(/^fxp/i, 'ftp');
}

// ---- domains

/** A host name in A-labels, lowercase, or null when it is not one (labels of letters, digits and hyphens). */
export function normaliseDomain(input: string): string | null {
  let name = input.trim().replace(/\.$/, '');
  if (name.startsWith('*.')) name = name.slice(2);
  if (name === '' || name.length > 253 || /[\s/@:]/.test(name)) return null;
  const ascii = domainToASCII(name);
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.toLowerCase().split('.');
  if (labels.length < 2) return null;
  const ok = labels.every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l) && !/^[0-9]+$/.test(labels.at(-1) ?? ''));
  return ok ? labels.join('.') : null;
}

/** How a stored domain is shown: U-labels (例え.jp), the form people read. */
export function displayDomain(aLabels: string): string {
  return domainToUnicode(aLabels) || aLabels;
}

function parseDomainClaim(input: string): ClaimParse {
  const domain = normaliseDomain(input);
  if (!domain) {
    // A top-level domain alone ("jp") is one name short of a domain, but the helpful reason is what it is.
    const tld = parseHost(input.toLowerCase().replace(/\.$/, ''));
    return { ok: false, reason: tld.isIcann && tld.publicSuffix === tld.hostname ? 'publicSuffix' : 'malformed' };
  }
  const psl = parseHost(domain, { allowPrivateDomains: true });
  if (psl.publicSuffix === domain) return { ok: false, reason: 'publicSuffix' };
  if (!psl.isIcann && !psl.isPrivate) return { ok: false, reason: 'unknownTld' };
  return { ok: true, claim: { kind: 'domain', value: domain } };
}

/** Every suffix of a name that could be claimed, longest first: a.b.example.jp → a.b.example.jp, b.example.jp, example.jp. */
export function domainSuffixes(domain: string): string[] {
  const labels = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join('.'));
  return out;
}

// ---- addresses and prefixes

function parseAddress(input: string): Address | null {
  if (!ipaddr.isValid(input) || input.includes('%')) return null;
  // Only the forms people write: dotted quads with four parts, not "127.1" or "0x7f.1".
  if (!input.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(input)) return null;
  const addr = ipaddr.parse(input);
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()
    ? (addr as ipaddr.IPv6).toIPv4Address()
    : addr;
}

/** The canonical text of an address (RFC 5952 for IPv6). */
export function addressText(addr: Address): string {
  return addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString();
}

function bitsOf(addr: Address): number {
  return addr.kind() === 'ipv4' ? 32 : 128;
}

/** The network address of addr/len, and whether addr had host bits set. */
function networkOf(addr: Address, len: number): { network: Address; hostBits: boolean } {
  const bytes = addr.toByteArray();
  const masked = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    return keep === 8 ? b : b & ((0xff << (8 - keep)) & 0xff);
  });
  const network = ipaddr.fromByteArray(masked);
  return { network, hostBits: masked.some((b, i) => b !== bytes[i]) };
}

type Range = readonly [Address, number];

/** Whether two prefixes share any address: the shorter one contains the other's network address. */
function overlaps([a, alen]: Range, [b, blen]: Range): boolean {
  if (a.kind() !== b.kind()) return false;
  return alen <= blen ? b.match(a, alen) : a.match(b, blen);
}

function inside([a, alen]: Range, [outer, olen]: Range): boolean {
  return a.kind() === outer.kind() && alen >= olen && a.match(outer, olen);
}

/** Every special-use range ipaddr.js knows (private, loopback, documentation, multicast, …), as pairs. */
type WithRanges = { SpecialRanges: Record<string, unknown> };
const SPECIAL_RANGES: Range[] = [
  (ipaddr.IPv4.prototype as unknown as WithRanges).SpecialRanges,
  (ipaddr.IPv6.prototype as unknown as WithRanges).SpecialRanges,
].flatMap((table) =>
  Object.entries(table).flatMap(([name, ranges]) => {
    if (name === 'unicast') return [];
    const list = (Array.isArray((ranges as unknown[])[0]) ? ranges : [ranges]) as [Address, number][];
    return list.map(([a, len]) => [a, len] as const);
  }),
);

function isSpecial(range: Range): boolean {
  return SPECIAL_RANGES.some((s) => overlaps(range, s));
}

function allowedRange(range: Range, policy: ClaimPolicy): boolean {
  return policy.allowedPrefixes.some((p) => {
    const [a, len] = ipaddr.parseCIDR(p);
    return inside(range, [a, len]);
  });
}

function parsePrefixClaim(input: string, policy: ClaimPolicy): ClaimParse {
  const [addrText, lenText, extra] = input.split('/');
  const addr = parseAddress(addrText ?? '');
  if (!addr || extra !== undefined) return { ok: false, reason: 'malformed' };
  const bits = bitsOf(addr);
  if (lenText !== undefined && !/^\d{1,3}$/.test(lenText)) return { ok: false, reason: 'malformed' };
  const len = lenText === undefined ? bits : Number(lenText);
  if (len > bits) return { ok: false, reason: 'malformed' };
  const { network, hostBits } = networkOf(addr, len);
  if (hostBits) return { ok: false, reason: 'hostBits' };
  const family = bits === 32 ? 4 : 6;
  if (len < MIN_PREFIX_LENGTH[family]) return { ok: false, reason: 'tooBroad' };
  if (isSpecial([network, len]) && !allowedRange([network, len], policy)) return { ok: false, reason: 'special' };
  return { ok: true, claim: { kind: 'prefix', value: `${addressText(network)}/${len}`, family } };
}

// ---- AS numbers

/** "AS64500", "as 64500" or "64500" (asplain). */
export function parseAsn(input: string): number | null {
  const m = /^(?:AS\s?)?(\d{1,10})$/i.exec(input.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n <= MAX_ASN ? n : null;
}

function parseAsnClaim(input: string, policy: ClaimPolicy): ClaimParse {
  const asn = parseAsn(input);
  if (asn === null) return { ok: false, reason: 'malformed' };
  const within = (ranges: ClaimPolicy['allowedAsns']) => ranges.some(([lo, hi]) => asn >= lo && asn <= hi);
  if (within(SPECIAL_ASNS) && !within(policy.allowedAsns)) return { ok: false, reason: 'special' };
  return { ok: true, claim: { kind: 'asn', value: asn } };
}

/** What a line of the editor's list looks like it means: digits alone or AS… is an ASN, an address a prefix. */
function kindOfLine(line: string): ClaimKind {
  if (/^(AS\s?)?\d+$/i.test(line)) return 'asn';
  if (line.includes(':') || /^[\d.]+(\/\d*)?$/.test(line) || line.includes('/')) return 'prefix';
  return 'domain';
}

/** One claimed object, as an editor typed it: accepted in its canonical form, or refused with the reason. */
export function parseClaim(line: string, policy: ClaimPolicy): ClaimParse {
  const input = refang(line);
  if (input.length > 300) return { ok: false, reason: 'malformed' };
  switch (kindOfLine(input)) {
    case 'asn':
      return parseAsnClaim(input, policy);
    case 'prefix':
      return parsePrefixClaim(input, policy);
    default:
      return parseDomainClaim(input);
  }
}

/** The canonical text of a claim, as lookups and exports show it. */
export function claimText(claim: Claim): string {
  return claim.kind === 'asn' ? `AS${claim.value}` : claim.kind === 'domain' ? claim.value : claim.value;
}

// ---- lookup indicators

/** What a lookup asks for: an address, a prefix, an AS number or a domain (an email's or a URL's host). */
export type Indicator =
  | { kind: 'ip'; value: string }
  | { kind: 'prefix'; value: string }
  | { kind: 'asn'; value: number }
  | { kind: 'domain'; value: string };

function hostIndicator(host: string): Indicator | null {
  const bare = host.replace(/^\[|\]$/g, '');
  const addr = parseAddress(bare);
  if (addr) return { kind: 'ip', value: addressText(addr) };
  const domain = normaliseDomain(bare);
  return domain ? { kind: 'domain', value: domain } : null;
}

/**
 * One indicator as a handler pastes it from a log or a report: an IP address, a CIDR prefix, an ASN, a domain, an
 * email address (looked up by its domain) or a URL (by its host). Null when it is none of these.
 */
export function parseIndicator(raw: string): Indicator | null {
  const input = refang(raw);
  if (input === '' || input.length > 2048) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    try {
      return hostIndicator(new URL(input).hostname);
    } catch {
      return null;
    }
  }
  const asn = /^AS\s?\d+$/i.test(input) || /^\d{1,10}$/.test(input) ? parseAsn(input) : null;
  if (asn !== null) return { kind: 'asn', value: asn };
  if (input.includes('/')) {
    const [addrText, lenText, extra] = input.split('/');
    const addr = parseAddress(addrText ?? '');
    if (!addr || extra !== undefined || !/^\d{1,3}$/.test(lenText ?? '')) return null;
    const len = Number(lenText);
    if (len > bitsOf(addr)) return null;
    const { network } = networkOf(addr, len);
    if (len === bitsOf(addr)) return { kind: 'ip', value: addressText(network) };
    return { kind: 'prefix', value: `${addressText(network)}/${len}` };
  }
  const at = input.lastIndexOf('@');
  if (at > 0) return hostIndicator(input.slice(at + 1));
  // host:port, as logs write it (an IPv6 address has more than one colon).
  const hostPort = /^([^:]+):\d{1,5}$/.exec(input) ?? /^\[([^\]]+)\](?::\d{1,5})?$/.exec(input);
  return hostIndicator(hostPort ? (hostPort[1] ?? '') : input);
}

/** Whether a search box text reads as an indicator rather than words (it has no spaces, and parses as one). */
export function looksLikeIndicator(text: string): boolean {
  const t = text.trim();
  return t !== '' && !/\s/.test(t) && /[.:@]|^AS\d+$/i.test(t) && parseIndicator(t) !== null;
}
