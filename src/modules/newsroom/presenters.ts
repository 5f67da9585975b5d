/** The fields of newsroom rows that leave the server. */
import type { ManuscriptRow } from './manuscripts.repository.ts';
import type { ManuscriptContent } from './content.ts';
import type { ColumnsTable } from '../../platform/db/schema.ts';

export function presentManuscript(m: ManuscriptRow) {
  const locked = m.locked_by && m.locked_until && m.locked_until > new Date().toISOString();
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    status: m.status,
    reviewLevel: m.review_level === null ? null : Number(m.review_level),
    reviewLevels: Number(m.review_levels),
    version: Number(m.version),
    columnId: m.column_id,
    planId: m.plan_id,
    residentAccountId: m.resident_account_id,
    author: { id: m.author_id, name: m.author_name },
    lock: locked ? { userId: m.locked_by!, name: m.locker_name ?? '', until: m.locked_until! } : null,
    signedOff: m.signed_off_by && m.signed_off_at
      ? { by: m.signer_name ?? m.signed_off_by, at: m.signed_off_at, version: Number(m.signed_off_version) }
      : null,
    retraction: m.retraction_reason !== null && m.retraction_reason !== undefined
      ? { requestedBy: m.retraction_requested_by, reason: m.retraction_reason, requestedAt: m.retraction_requested_at }
      : null,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
  };
}

export function presentDetail(m: ManuscriptRow, content: ManuscriptContent) {
  return { ...presentManuscript(m), content };
}

export function presentColumn(c: ColumnsTable) {
  return { id: c.id, code: c.code, name: c.name, reviewLevels: Number(c.review_levels), sort: Number(c.sort) };
}
