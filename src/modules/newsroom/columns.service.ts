/** Columns (栏目): where manuscripts appear, and how many review levels they pass. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import { isUniqueViolation } from '../../platform/db/sql.ts';
import * as repo from './manuscripts.repository.ts';
import { presentColumn } from './presenters.ts';
import type { CreateColumnBody, UpdateColumnBody } from './schema.ts';

export async function listColumns(db: Db, ctx: RequestContext) {
  return { items: (await repo.listColumns(db, ctx.actor.centerId)).map(presentColumn) };
}

export async function createColumn(db: Db, ctx: RequestContext, b: CreateColumnBody) {
  const row = { id: randomUUID(), center_id: ctx.actor.centerId, code: b.code, name: b.name, review_levels: b.reviewLevels ?? 3, sort: b.sort ?? 0, created_at: new Date().toISOString() };
  try {
    await db.transaction().execute(async (tx) => {
      await repo.insertColumn(tx, row);
      await recordAudit(tx, { centerId: row.center_id, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip, action: 'newsroom.column.create', subjectType: 'column', subjectId: row.id, detail: { code: b.code, reviewLevels: row.review_levels } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('COLUMN_CODE_TAKEN', { field: 'code' });
    throw err;
  }
  return presentColumn(row);
}

/** Changing the review depth applies to manuscripts created afterwards; those in review keep theirs. */
export async function updateColumn(db: Db, ctx: RequestContext, id: string, b: UpdateColumnBody) {
  return db.transaction().execute(async (tx) => {
    const before = await repo.findColumn(tx, ctx.actor.centerId, id);
    if (!before) throw appError('COLUMN_NOT_FOUND');
    const patch = { ...(b.name !== undefined && { name: b.name }), ...(b.reviewLevels !== undefined && { review_levels: b.reviewLevels }), ...(b.sort !== undefined && { sort: b.sort }) };
    await repo.updateColumn(tx, ctx.actor.centerId, id, patch);
    await recordAudit(tx, { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip, action: 'newsroom.column.update', subjectType: 'column', subjectId: id, detail: { before: presentColumn(before), changes: b } });
    return presentColumn({ ...before, ...patch });
  });
}

export async function getSettings(db: Db, ctx: RequestContext) {
  const row = await db.selectFrom('newsroom_settings').select('default_review_levels').where('center_id', '=', ctx.actor.centerId).executeTakeFirst();
  return { defaultReviewLevels: Number(row?.default_review_levels ?? 3) };
}

export async function putSettings(db: Db, ctx: RequestContext, levels: number) {
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('newsroom_settings').values({ center_id: ctx.actor.centerId, default_review_levels: levels, updated_at: now })
      .onConflict((oc) => oc.column('center_id').doUpdateSet({ default_review_levels: levels, updated_at: now })).execute();
    await recordAudit(tx, { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip, action: 'newsroom.settings.update', subjectType: 'newsroom_settings', subjectId: ctx.actor.centerId, detail: { defaultReviewLevels: levels } });
  });
  return { defaultReviewLevels: levels };
}
