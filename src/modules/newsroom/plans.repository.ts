/** All SQL of story plans and assignments. */
import type { Executor } from '../../platform/db/index.ts';
import type { StoryPlansTable } from '../../platform/db/schema.ts';
import { containsText } from '../../platform/db/sql.ts';
import type { PlanListQuery } from './plans.schema.ts';

export type PlanRow = StoryPlansTable & { proposer_name: string; decider_name: string | null };

function withNames(exec: Executor) {
  return exec
    .selectFrom('story_plans as p')
    .innerJoin('users as u', 'u.id', 'p.proposer_id')
    .leftJoin('users as d', 'd.id', 'p.decided_by')
    .selectAll('p')
    .select(['u.display_name as proposer_name', 'd.display_name as decider_name']);
}

export async function findPlan(exec: Executor, centerId: string, id: string): Promise<PlanRow | undefined> {
  return withNames(exec).where('p.center_id', '=', centerId).where('p.id', '=', id).executeTakeFirst();
}

export async function listPlans(exec: Executor, centerId: string, userId: string, q: PlanListQuery, offset: number, limit: number) {
  let base = exec.selectFrom('story_plans as p').where('p.center_id', '=', centerId);
  if (q.q) base = base.where(containsText('p.title', q.q));
  if (q.status) base = base.where('p.status', '=', q.status);
  if (q.from) base = base.where('p.deadline', '>=', new Date(q.from).toISOString());
  if (q.to) base = base.where('p.deadline', '<', new Date(q.to).toISOString());
  if (q.assignedToMe) base = base.where('p.id', 'in', (eb) => eb.selectFrom('plan_assignments').select('plan_id').where('user_id', '=', userId));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const ids = await base.select('p.id').orderBy('p.deadline').orderBy('p.created_at', 'desc').offset(offset).limit(limit).execute();
  const rows = ids.length ? await withNames(exec).where('p.id', 'in', ids.map((r) => r.id)).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { total: Number(total.n), rows: ids.map((r) => byId.get(r.id)!).filter(Boolean) };
}

export async function insertPlan(exec: Executor, row: StoryPlansTable): Promise<void> {
  await exec.insertInto('story_plans').values(row).execute();
}

export async function updatePlan(exec: Executor, centerId: string, id: string, patch: Partial<StoryPlansTable>): Promise<void> {
  await exec.updateTable('story_plans').set(patch).where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function assignmentsOf(exec: Executor, planIds: string[]) {
  if (!planIds.length) return [];
  return exec
    .selectFrom('plan_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.plan_id', 'a.user_id', 'a.task', 'u.display_name'])
    .where('a.plan_id', 'in', planIds)
    .orderBy('a.created_at')
    .execute();
}

export async function manuscriptCounts(exec: Executor, planIds: string[]) {
  if (!planIds.length) return [];
  return exec.selectFrom('manuscripts').select(['plan_id', (eb) => eb.fn.countAll<number>().as('n')]).where('plan_id', 'in', planIds).groupBy('plan_id').execute();
}

export async function replaceAssignments(exec: Executor, centerId: string, planId: string, rows: { userId: string; task: string }[]): Promise<void> {
  await exec.deleteFrom('plan_assignments').where('center_id', '=', centerId).where('plan_id', '=', planId).execute();
  if (!rows.length) return;
  const now = new Date().toISOString();
  await exec.insertInto('plan_assignments').values(rows.map((r) => ({ id: crypto.randomUUID(), center_id: centerId, plan_id: planId, user_id: r.userId, task: r.task, created_at: now }))).execute();
}

export async function usersInCenter(exec: Executor, centerId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await exec.selectFrom('users').select('id').where('center_id', '=', centerId).where('id', 'in', ids).where('status', '=', 'active').execute()).map((r) => r.id);
}
