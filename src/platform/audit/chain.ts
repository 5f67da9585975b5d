/**
 * The hash chain of the audit log. Each center has its own chain: entry n stores the
 * SM3 hash of its own fields and of entry n-1's hash, so an edited, inserted or
 * deleted row breaks every hash after it. `audit_heads` holds the newest seq and hash
 * of each chain, which also catches a deleted tail.
 */
import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../db/schema.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a hash covers, in a fixed order: changing any of them breaks the chain. */
export function auditHash(row: Omit<AuditLogTable, 'hash'>): string {
  const canonical = JSON.stringify([
    row.id, row.center_id, Number(row.seq), row.at, row.actor_id, row.actor_name, row.action,
    row.subject_type, row.subject_id, row.before_id, row.after_id, row.ip, row.detail, row.prev_hash,
  ]);
  return createHash('sm3').update(canonical, 'utf8').digest('hex');
}
