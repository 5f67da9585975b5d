/** All SQL of manuscripts, versions, review actions and columns. Scoped to one center. */
import type { Executor } from '../../platform/db/index.ts';
import type { ColumnsTable, ManuscriptsTable, ManuscriptVersionsTable, ReviewActionsTable } from '../../platform/db/schema.ts';
import { containsText } from '../../platform/db/sql.ts';
import type { ManuscriptListQuery } from './schema.ts';

export type ManuscriptRow = ManuscriptsTable & { author_name: string; locker_name: string | null; signer_name: string | null };

function withNames(exec: Executor) {
  return exec
    .selectFrom('manuscripts as m')
    .innerJoin('users as a', 'a.id', 'm.author_id')
    .leftJoin('users as l', 'l.id', 'm.locked_by')
    .leftJoin('users as s', 's.id', 'm.signed_off_by')
    .selectAll('m')
    .select(['a.display_name as author_name', 'l.display_name as locker_name', 's.display_name as signer_name']);
}

export async function findManuscript(exec: Executor, centerId: string, id: string): Promise<ManuscriptRow | undefined> {
  return withNames(exec).where('m.center_id', '=', centerId).where('m.id', '=', id).executeTakeFirst();
}

export interface Visibility {
  all: boolean;
  authorId?: string;
  residentAccountId?: string | null;
}

const SORTS = { updatedAt: 'm.updated_at', createdAt: 'm.created_at', title: 'm.title' } as const;

export async function listManuscripts(exec: Executor, centerId: string, vis: Visibility, userId: string, q: ManuscriptListQuery, offset: number, limit: number) {
  let base = exec.selectFrom('manuscripts as m').where('m.center_id', '=', centerId);
  if (!vis.all) {
    base = base.where((eb) => eb.or([
      eb('m.author_id', '=', vis.authorId ?? ''),
      ...(vis.residentAccountId ? [eb('m.resident_account_id', '=', vis.residentAccountId)] : []),
    ]));
  }
  if (q.q) base = base.where(containsText('m.title', q.q));
  if (q.status) base = base.where('m.status', '=', q.status);
  if (q.kind) base = base.where('m.kind', '=', q.kind);
  if (q.columnId) base = base.where('m.column_id', '=', q.columnId);
  if (q.planId) base = base.where('m.plan_id', '=', q.planId);
  if (q.mine) base = base.where('m.author_id', '=', userId);
  if (q.queue) base = base.where('m.status', '=', 'in_review').where('m.review_level', '=', q.queue);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const sort = q.sort ?? (q.queue ? 'updatedAt' : '-updatedAt');
  const ids = await base.select('m.id').orderBy(SORTS[sort.replace('-', '') as keyof typeof SORTS], sort.startsWith('-') ? 'desc' : 'asc').orderBy('m.id').offset(offset).limit(limit).execute();
  const rows = ids.length ? await withNames(exec).where('m.id', 'in', ids.map((r) => r.id)).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { total: Number(total.n), rows: ids.map((r) => byId.get(r.id)!).filter(Boolean) };
}

export async function insertManuscript(exec: Executor, row: ManuscriptsTable): Promise<void> {
  await exec.insertInto('manuscripts').values(row).execute();
}

/** Updates only when the row is still at `expectedVersion` (optimistic lock); returns rows changed. */
export async function updateManuscript(exec: Executor, centerId: string, id: string, expectedVersion: number, patch: Partial<ManuscriptsTable>): Promise<number> {
  const r = await exec.updateTable('manuscripts').set(patch).where('center_id', '=', centerId).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function setLock(exec: Executor, centerId: string, id: string, userId: string | null, until: string | null): Promise<void> {
  await exec.updateTable('manuscripts').set({ locked_by: userId, locked_until: until }).where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function insertVersion(exec: Executor, row: ManuscriptVersionsTable): Promise<void> {
  await exec.insertInto('manuscript_versions').values(row).execute();
}

export async function findVersion(exec: Executor, centerId: string, manuscriptId: string, version: number): Promise<ManuscriptVersionsTable | undefined> {
  return exec.selectFrom('manuscript_versions').selectAll().where('center_id', '=', centerId).where('manuscript_id', '=', manuscriptId).where('version', '=', version).executeTakeFirst();
}

export async function listVersions(exec: Executor, centerId: string, manuscriptId: string) {
  return exec
    .selectFrom('manuscript_versions as v')
    .innerJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.version', 'v.created_by', 'u.display_name as created_by_name', 'v.note', 'v.created_at', 'v.content'])
    .where('v.center_id', '=', centerId)
    .where('v.manuscript_id', '=', manuscriptId)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function insertReviewAction(exec: Executor, row: ReviewActionsTable): Promise<void> {
  await exec.insertInto('review_actions').values(row).execute();
}

export async function listReviewActions(exec: Executor, centerId: string, manuscriptId: string): Promise<ReviewActionsTable[]> {
  return exec.selectFrom('review_actions').selectAll().where('center_id', '=', centerId).where('manuscript_id', '=', manuscriptId).orderBy('created_at').orderBy('id').execute();
}

export async function queueCounts(exec: Executor, centerId: string) {
  return exec
    .selectFrom('manuscripts')
    .select(['review_level', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('updated_at').as('oldest')])
    .where('center_id', '=', centerId)
    .where('status', '=', 'in_review')
    .groupBy('review_level')
    .execute();
}

export async function countReturnedTo(exec: Executor, centerId: string, authorId: string): Promise<number> {
  const r = await exec.selectFrom('manuscripts').select((eb) => eb.fn.countAll<number>().as('n')).where('center_id', '=', centerId).where('author_id', '=', authorId).where('status', '=', 'returned').executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listColumns(exec: Executor, centerId: string): Promise<ColumnsTable[]> {
  return exec.selectFrom('columns').selectAll().where('center_id', '=', centerId).orderBy('sort').orderBy('code').execute();
}

export async function findColumn(exec: Executor, centerId: string, id: string): Promise<ColumnsTable | undefined> {
  return exec.selectFrom('columns').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}

export async function insertColumn(exec: Executor, row: ColumnsTable): Promise<void> {
  await exec.insertInto('columns').values(row).execute();
}

export async function updateColumn(exec: Executor, centerId: string, id: string, patch: Partial<ColumnsTable>): Promise<void> {
  await exec.updateTable('columns').set(patch).where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function planExists(exec: Executor, centerId: string, id: string): Promise<boolean> {
  return !!(await exec.selectFrom('story_plans').select('id').where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst());
}
