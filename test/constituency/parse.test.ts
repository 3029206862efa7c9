/**
 * How the registry reads what editors claim and what handlers look up: every kind of object, every refusal reason,
 * and the forms indicators arrive in (defanged, with ports, as emails and URLs).
 */
import { constituencyPolicy, DOCUMENTATION_RESOURCES } from '../../src/config';
import { domainSuffixes, looksLikeIndicator, parseClaim, parseIndicator } from '../../src/constituency/parse';

const DEMO = constituencyPolicy(DOCUMENTATION_RESOURCES, undefined);
const PRODUCTION = constituencyPolicy('', undefined);

const accepted = (line: string, policy = DEMO) => {
  const parsed = parseClaim(line, policy);
  return parsed.ok ? [parsed.claim.kind, String(parsed.claim.value)] : ['refused', parsed.reason];
};

describe('constituency claims', () => {
  test('when prefixes are claimed in IPv4 and IPv6, then each is stored in canonical CIDR; a single address is a /32 or /128', () => {
    expect(accepted('192.0.2.0/24')).toEqual(['prefix', '192.0.2.0/24']);
    expect(accepted(' 198.51.100.64/28 ')).toEqual(['prefix', '198.51.100.64/28']);
    expect(accepted('203.0.113.9')).toEqual(['prefix', '203.0.113.9/32']);
    expect(accepted('2001:DB8:0100:0000::/48')).toEqual(['prefix', '2001:db8:100::/48']);
    expect(accepted('2001:db8::1')).toEqual(['prefix', '2001:db8::1/128']);
    expect(accepted('133.5.0.0/16', PRODUCTION)).toEqual(['prefix', '133.5.0.0/16']);
  });

  test('when a prefix has its host part set, is malformed, too broad or special-use, then it is refused with that reason', () => {
    expect(accepted('192.0.2.1/24')).toEqual(['refused', 'hostBits']);
    expect(accepted('2001:db8::1/48')).toEqual(['refused', 'hostBits']);
    expect(accepted('192.0.2.0/33')).toEqual(['refused', 'malformed']);
    expect(accepted('192.0.2/24')).toEqual(['refused', 'malformed']);
    expect(accepted('300.1.1.1')).toEqual(['refused', 'malformed']);
    expect(accepted('2001:db8:::/48')).toEqual(['refused', 'malformed']);
    expect(accepted('16.0.0.0/4')).toEqual(['refused', 'tooBroad']);
    expect(accepted('2000::/8')).toEqual(['refused', 'tooBroad']);
    // Private, loopback, link-local and (outside a demo) documentation ranges are nobody's constituency on the Internet.
    expect(accepted('10.1.0.0/16')).toEqual(['refused', 'special']);
    expect(accepted('192.168.0.0/24')).toEqual(['refused', 'special']);
    expect(accepted('127.0.0.1')).toEqual(['refused', 'special']);
    expect(accepted('fe80::/64')).toEqual(['refused', 'special']);
    expect(accepted('192.0.2.0/24', PRODUCTION)).toEqual(['refused', 'special']);
    expect(accepted('2001:db8::/32', PRODUCTION)).toEqual(['refused', 'special']);
    // A range that merely contains a documentation range is not allowed by it.
    expect(accepted('192.0.0.0/16')).toEqual(['refused', 'special']);
  });

  test('when an AS number is claimed as AS64500, as 64500 or 64500, then it is the same number; special ones are refused', () => {
    expect(accepted('AS64500')).toEqual(['asn', '64500']);
    expect(accepted('as 64501')).toEqual(['asn', '64501']);
    expect(accepted('64502')).toEqual(['asn', '64502']);
    expect(accepted('AS65536')).toEqual(['asn', '65536']);
    expect(accepted('2497', PRODUCTION)).toEqual(['asn', '2497']);
    expect(accepted('AS64500', PRODUCTION)).toEqual(['refused', 'special']);
    expect(accepted('AS0')).toEqual(['refused', 'special']);
    expect(accepted('AS23456')).toEqual(['refused', 'special']);
    expect(accepted('AS4294967296')).toEqual(['refused', 'malformed']);
  });

  test('when a domain is claimed, then it is stored in A-labels; a public suffix alone or an unknown TLD is refused', () => {
    expect(accepted('Sakura-Keisoku.Example.JP.')).toEqual(['domain', 'sakura-keisoku.example.jp']);
    expect(accepted('*.example.jp')).toEqual(['domain', 'example.jp']);
    expect(accepted('さくら計測.jp')).toEqual(['domain', 'xn--y8jl1no14v3d3a.jp']);
    expect(accepted('xn--y8jl1no14v3d3a.jp')).toEqual(['domain', 'xn--y8jl1no14v3d3a.jp']);
    expect(accepted('co.jp')).toEqual(['refused', 'publicSuffix']);
    expect(accepted('tokyo.jp')).toEqual(['refused', 'publicSuffix']);
    expect(accepted('jp')).toEqual(['refused', 'publicSuffix']);
    expect(accepted('example.notatld')).toEqual(['refused', 'unknownTld']);
    expect(accepted('exa mple.jp')).toEqual(['refused', 'malformed']);
    expect(accepted('-bad-.example.jp')).toEqual(['refused', 'malformed']);
    expect(accepted('https://example.jp/')).toEqual(['refused', 'malformed']);
  });
});

describe('lookup indicators', () => {
  const read = (raw: string) => parseIndicator(raw);

  test('when addresses and prefixes are looked up, then they are canonical; a full-length prefix is an address', () => {
    expect(read('192.0.2.7')).toEqual({ kind: 'ip', value: '192.0.2.7' });
    expect(read('2001:0db8:0100::0001')).toEqual({ kind: 'ip', value: '2001:db8:100::1' });
    expect(read('::ffff:192.0.2.7')).toEqual({ kind: 'ip', value: '192.0.2.7' });
    expect(read('192.0.2.0/26')).toEqual({ kind: 'prefix', value: '192.0.2.0/26' });
    expect(read('192.0.2.7/26')).toEqual({ kind: 'prefix', value: '192.0.2.0/26' });
    expect(read('192.0.2.7/32')).toEqual({ kind: 'ip', value: '192.0.2.7' });
    expect(read('192.0.2.7:443')).toEqual({ kind: 'ip', value: '192.0.2.7' });
    expect(read('[2001:db8::1]:8443')).toEqual({ kind: 'ip', value: '2001:db8::1' });
  });

  test('when emails, URLs and defanged forms are looked up, then the domain or host is what is matched', () => {
    expect(read('abuse@Sakura-Keisoku.example.jp')).toEqual({ kind: 'domain', value: 'sakura-keisoku.example.jp' });
    expect(read('user[@]example[.]jp')).toEqual({ kind: 'domain', value: 'example.jp' });
    expect(read('hxxps://login.sakura-keisoku[.]example.jp/path?q=1')).toEqual({
      kind: 'domain',
      value: 'login.sakura-keisoku.example.jp',
    });
    expect(read('http://192.0.2.7:8080/x')).toEqual({ kind: 'ip', value: '192.0.2.7' });
    expect(read('http://[2001:db8::5]/')).toEqual({ kind: 'ip', value: '2001:db8::5' });
    expect(read('https://さくら計測.jp/')).toEqual({ kind: 'domain', value: 'xn--y8jl1no14v3d3a.jp' });
    expect(read('"www.example.jp".')).toEqual({ kind: 'domain', value: 'www.example.jp' });
    expect(read('AS64500')).toEqual({ kind: 'asn', value: 64500 });
    expect(read('64500')).toEqual({ kind: 'asn', value: 64500 });
  });

  test('when text is not an indicator, then it is refused, and the search box treats words as words', () => {
    for (const raw of ['', 'not an indicator', '192.0.2.0/40', '1.2.3.4/24/8', 'http://', 'a@', '???']) {
      expect([raw, read(raw)]).toEqual([raw, null]);
    }
    expect(looksLikeIndicator('192.0.2.7')).toBe(true);
    expect(looksLikeIndicator('sakura-keisoku.example.jp')).toBe(true);
    expect(looksLikeIndicator('AS64500')).toBe(true);
    expect(looksLikeIndicator('シーサート')).toBe(false);
    expect(looksLikeIndicator('CSIRT')).toBe(false);
    expect(looksLikeIndicator('Sakura CSIRT')).toBe(false);
  });

  test('when a domain is matched, then its suffixes are its own labels: example.jp is never a suffix of badexample.jp', () => {
    expect(domainSuffixes('a.b.example.jp')).toEqual(['a.b.example.jp', 'b.example.jp', 'example.jp']);
    expect(domainSuffixes('badexample.jp')).not.toContain('example.jp');
  });
});
