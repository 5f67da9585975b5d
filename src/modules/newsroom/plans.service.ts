/**
 * Story plans (选题): proposed by reporters and editors, approved or rejected by a
 * department head or leader, assigned to reporters, photographers and video editors,
 * and shown as a board (by status) and a calendar (by deadline).
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { emit } from '../../platform/events/index.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import { pageOf } from '../../platform/http/schemas.ts';
import * as repo from './plans.repository.ts';
import { P } from './policies.ts';
import { PLAN_STATUSES, type AssignBody, type CreatePlanBody, type DecidePlanBody, type PlanListQuery, type UpdatePlanBody } from './plans.schema.ts';

/** Which decision is allowed from which status, and where it leads. */
const DECISIONS: Record<DecidePlanBody['decision'], { from: string[]; to: string; reason: boolean }> = {
  approve: { from: ['proposed'], to: 'approved', reason: false },
  reject: { from: ['proposed'], to: 'rejected', reason: true },
  done: { from: ['approved'], to: 'done', reason: false },
  cancel: { from: ['proposed', 'approved'], to: 'cancelled', reason: true },
};

async function present(exec: Executor, rows: repo.PlanRow[]) {
  const ids = rows.map((r) => r.id);
  const assignments = await repo.assignmentsOf(exec, ids);
  const counts = new Map((await repo.manuscriptCounts(exec, ids)).map((c) => [c.plan_id, Number(c.n)]));
  return rows.map((p) => ({
    id: p.id, title: p.title, angle: p.angle, channels: JSON.parse(p.channels) as string[], deadline: p.deadline, status: p.status,
    proposer: { id: p.proposer_id, name: p.proposer_name },
    decision: p.decided_by && p.decided_at ? { by: p.decider_name ?? p.decided_by, at: p.decided_at, note: p.decision_note } : null,
    assignments: assignments.filter((a) => a.plan_id === p.id).map((a) => ({ userId: a.user_id, name: a.display_name, task: a.task })),
    manuscriptCount: counts.get(p.id) ?? 0, createdAt: p.created_at, updatedAt: p.updated_at,
  }));
}

async function load(exec: Executor, ctx: RequestContext, id: string): Promise<repo.PlanRow> {
  const p = await repo.findPlan(exec, ctx.actor.centerId, id);
  if (!p) throw appError('PLAN_NOT_FOUND');
  return p;
}

function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

export async function getPlan(db: Db, ctx: RequestContext, id: string) {
  return (await present(db, [await load(db, ctx, id)]))[0]!;
}

export async function listPlans(db: Db, ctx: RequestContext, q: PlanListQuery) {
  const { page, pageSize, offset } = pageOf(q);
  const { total, rows } = await repo.listPlans(db, ctx.actor.centerId, ctx.actor.userId, q, offset, pageSize);
  return { items: await present(db, rows), total, page, pageSize };
}

/** The board: one column per status, the first 50 of each. */
export async function board(db: Db, ctx: RequestContext) {
  const columns = [];
  for (const status of PLAN_STATUSES) {
    const { total, rows } = await repo.listPlans(db, ctx.actor.centerId, ctx.actor.userId, { status }, 0, 50);
    columns.push({ status, total, items: await present(db, rows) });
  }
  return { columns };
}

export async function createPlan(db: Db, ctx: RequestContext, b: CreatePlanBody) {
  const now = new Date().toISOString();
  const row = {
    id: randomUUID(), center_id: ctx.actor.centerId, title: b.title.trim(), angle: b.angle?.trim() ?? '', channels: JSON.stringify(b.channels),
    deadline: b.deadline ? new Date(b.deadline).toISOString() : null, status: 'proposed', proposer_id: ctx.actor.userId,
    decided_by: null, decided_at: null, decision_note: null, created_at: now, updated_at: now,
  };
  return db.transaction().execute(async (tx) => {
    await repo.insertPlan(tx, row);
    await recordAudit(tx, { ...who(ctx), action: 'newsroom.plan.propose', subjectType: 'plan', subjectId: row.id, detail: { title: row.title } });
    await emit(tx, { centerId: row.center_id, type: 'plan.proposed', payload: { planId: row.id } });
    return (await present(tx, [(await repo.findPlan(tx, row.center_id, row.id))!]))[0]!;
  });
}

export async function updatePlan(db: Db, ctx: RequestContext, id: string, b: UpdatePlanBody) {
  return db.transaction().execute(async (tx) => {
    const p = await load(tx, ctx, id);
    const decider = ctx.actor.permissions.has(P.plansDecide);
    const mayEdit = p.status === 'proposed' ? p.proposer_id === ctx.actor.userId || decider : p.status === 'approved' && decider;
    if (!mayEdit) throw appError('PLAN_NOT_EDITABLE');
    const patch = {
      ...(b.title !== undefined && { title: b.title.trim() }), ...(b.angle !== undefined && { angle: b.angle.trim() }),
      ...(b.channels !== undefined && { channels: JSON.stringify(b.channels) }),
      ...(b.deadline !== undefined && { deadline: b.deadline ? new Date(b.deadline).toISOString() : null }),
      updated_at: new Date().toISOString(),
    };
    await repo.updatePlan(tx, p.center_id, id, patch);
    await recordAudit(tx, { ...who(ctx), action: 'newsroom.plan.update', subjectType: 'plan', subjectId: id, detail: { changes: b } });
    return (await present(tx, [(await repo.findPlan(tx, p.center_id, id))!]))[0]!;
  });
}

export async function decidePlan(db: Db, ctx: RequestContext, id: string, b: DecidePlanBody) {
  return db.transaction().execute(async (tx) => {
    const p = await load(tx, ctx, id);
    const rule = DECISIONS[b.decision];
    if (!rule.from.includes(p.status)) throw appError('PLAN_INVALID_TRANSITION', { message: `A ${p.status} plan cannot be marked ${b.decision}.` });
    if (rule.reason && !b.note?.trim()) throw appError('PLAN_REASON_REQUIRED', { field: 'note' });
    const now = new Date().toISOString();
    await repo.updatePlan(tx, p.center_id, id, { status: rule.to, decided_by: ctx.actor.userId, decided_at: now, decision_note: b.note?.trim() || null, updated_at: now });
    await recordAudit(tx, { ...who(ctx), action: `newsroom.plan.${b.decision}`, subjectType: 'plan', subjectId: id, detail: { from: p.status, to: rule.to, note: b.note ?? null } });
    await emit(tx, { centerId: p.center_id, type: `plan.${rule.to}`, payload: { planId: id } });
    return (await present(tx, [(await repo.findPlan(tx, p.center_id, id))!]))[0]!;
  });
}

/** Replaces the plan's assignments; each newly assigned person is told through an event. */
export async function assign(db: Db, ctx: RequestContext, id: string, b: AssignBody) {
  return db.transaction().execute(async (tx) => {
    const p = await load(tx, ctx, id);
    if (p.status !== 'approved') throw appError('PLAN_INVALID_TRANSITION', { message: 'Assign people to a plan once it is approved.' });
    const ids = [...new Set(b.assignments.map((a) => a.userId))];
    const found = await repo.usersInCenter(tx, p.center_id, ids);
    const missing = ids.find((u) => !found.includes(u));
    if (missing) throw appError('USER_NOT_FOUND', { field: 'assignments', message: `No active user ${missing} in this center.` });
    const before = new Set((await repo.assignmentsOf(tx, [id])).map((a) => `${a.user_id}:${a.task}`));
    await repo.replaceAssignments(tx, p.center_id, id, b.assignments);
    await repo.updatePlan(tx, p.center_id, id, { updated_at: new Date().toISOString() });
    await recordAudit(tx, { ...who(ctx), action: 'newsroom.plan.assign', subjectType: 'plan', subjectId: id, detail: { assignments: b.assignments } });
    for (const a of b.assignments.filter((x) => !before.has(`${x.userId}:${x.task}`))) {
      await emit(tx, { centerId: p.center_id, type: 'plan.assigned', payload: { planId: id, userId: a.userId, task: a.task } });
    }
    return (await present(tx, [(await repo.findPlan(tx, p.center_id, id))!]))[0]!;
  });
}
