/** The kinds of constituency objects a team can claim, and the visibility rule each kind follows. */
export const CLAIM_KINDS = ['domain', 'prefix', 'asn'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/**
 * Each kind's visibility rule (entry/visibility-rules.ts), its place in a team's `constituency` in the API, its
 * paragraph in RFC 2350 section 3.2 and its key in the Trusted Introducer shape of /api/v1/teams.ti.json.
 */
export const CLAIM_KIND_RULES = {
  domain: { rule: 'domains', viewProp: 'domains', label: 'team.domains', rfc2350: 'Domains', ti: 'domains' },
  prefix: {
    rule: 'prefixes',
    viewProp: 'prefixes',
    label: 'team.prefixes',
    rfc2350: 'IP address ranges',
    ti: 'ipranges',
  },
  asn: { rule: 'asns', viewProp: 'asns', label: 'team.asns', rfc2350: 'Autonomous systems', ti: 'asns' },
} as const;

/** Why a claimed line is refused (message `constituency.refused.<reason>`). */
export const CLAIM_REFUSALS = [
  'malformed',
  'hostBits',
  'publicSuffix',
  'unknownTld',
  'special',
  'tooBroad',
  'duplicate',
  'tooMany',
] as const;
export type ClaimRefusal = (typeof CLAIM_REFUSALS)[number];
