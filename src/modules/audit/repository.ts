/** Reading the audit log (writing is platform/audit's job). */
import type { Executor } from '../../platform/db/index.ts';
import { containsText } from '../../platform/db/sql.ts';
import type { AuditQuery } from './schema.ts';

export async function searchAudit(exec: Executor, centerId: string, q: AuditQuery, offset: number, limit: number) {
  let base = exec.selectFrom('audit_log').where('center_id', '=', centerId);
  if (q.q) {
    const text = q.q;
    base = base.where((eb) => eb.or([containsText('action', text), containsText('actor_name', text), containsText('detail', text), containsText('subject_id', text)]));
  }
  if (q.action) base = base.where('action', q.action.endsWith('*') ? 'like' : '=', q.action.replace(/\*$/, '%'));
  if (q.actorId) base = base.where('actor_id', '=', q.actorId);
  if (q.subjectType) base = base.where('subject_type', '=', q.subjectType);
  if (q.subjectId) base = base.where('subject_id', '=', q.subjectId);
  if (q.from) base = base.where('at', '>=', new Date(q.from).toISOString());
  if (q.to) base = base.where('at', '<=', new Date(q.to).toISOString());
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('seq', 'desc').offset(offset).limit(limit).execute();
  return { total: Number(total.n), rows };
}

export async function findAuditEntry(exec: Executor, centerId: string, id: string) {
  return exec.selectFrom('audit_log').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}
