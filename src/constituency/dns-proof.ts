/**
 * Proof of a domain claim: the registry asks for a TXT record `_csirt-registry.<domain>` carrying a token it showed
 * the editor, and looks it up through the resolvers of the configuration (DNS_RESOLVERS; tests point it at a DNS
 * server they start). Only whoever controls the zone can publish it.
 */
import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';

export const PROOF_LABEL = '_csirt-registry';

export function proofRecordName(domain: string): string {
  return `${PROOF_LABEL}.${domain}`;
}

/** A new token: 128 random bits, prefixed so that a zone's owner sees what the record is for. */
export function newProofToken(): string {
  return `csirt-registry-verification=${randomBytes(16).toString('base64url')}`;
}

/** What a check found: the token, no record at all, records without the token, or no answer. */
export type ProofResult = 'found' | 'absent' | 'mismatch' | 'error';

export interface ProofChecker {
  check(domain: string, token: string): Promise<ProofResult>;
}

export function dnsProofChecker(resolvers: readonly string[], timeoutMs = 3000): ProofChecker {
  return {
    async check(domain, token) {
      const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
      if (resolvers.length > 0) resolver.setServers([...resolvers]);
      try {
        const records = await resolver.resolveTxt(proofRecordName(domain));
        // A TXT record may come in several strings of up to 255 bytes; they form one value.
        return records.some((chunks) => chunks.join('').trim() === token) ? 'found' : 'mismatch';
      } catch (err) {
        const code = (err as { code?: string }).code;
        return code === 'ENOTFOUND' || code === 'ENODATA' ? 'absent' : 'error';
      } finally {
        resolver.cancel();
      }
    },
  };
}
