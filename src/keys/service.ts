/**
 * What other features may ask of the keys feature. Upload, check and keyserver use cases join this file with #4.
 */
import type { DbOrTx } from '../db/client';
import type { KeyRecord } from './pgp';
import { type KeySummary, presentKey } from './presenter';
import { keysOfTeam, servedKeysOfTeams } from './queries';
import type { NewTeamKeyRow, TeamKeyRow } from './schema';

export interface ServedKeys {
  current: TeamKeyRow | null;
  next: TeamKeyRow | null;
}

/** For each team id, its current key and (during a rotation) its next key. */
export async function servedKeysByTeam(db: DbOrTx, teamIds: string[]): Promise<Map<string, ServedKeys>> {
  const rows = await servedKeysOfTeams(db, teamIds);
  const byTeam = new Map<string, ServedKeys>();
  for (const row of rows) {
    const entry = byTeam.get(row.teamId) ?? { current: null, next: null };
    if (row.role === 'current') entry.current = row;
    else if (row.role === 'next') entry.next = row;
    byTeam.set(row.teamId, entry);
  }
  return byTeam;
}

export async function keyHistoryOfTeam(db: DbOrTx, teamId: string, now: Date): Promise<KeySummary[]> {
  return (await keysOfTeam(db, teamId)).map((k) => presentKey(k, now));
}

export { presentKey };

/** A stored-key row for a described public key (seeds, upload, admission all store keys through this). */
export function keyRowFrom(
  record: KeyRecord,
  teamId: string,
  opts: { role: 'current' | 'next' | 'retired'; now: Date; verifiedAt?: Date | null },
): NewTeamKeyRow {
  const expired = record.expires !== null && record.expires <= opts.now;
  return {
    teamId,
    role: opts.role,
    status: expired ? 'expired' : 'valid',
    fingerprint: record.fingerprint,
    keyId: record.keyId,
    algorithm: record.algorithm,
    bits: record.bits,
    keyCreatedAt: record.created,
    expiresAt: record.expires,
    uids: record.uids,
    emails: record.emails,
    armored: record.armored,
    verifiedAt: opts.verifiedAt ?? null,
    checkedAt: opts.now,
    addedAt: opts.now,
  };
}
