/**
 * After sign-off: corrections (a new version with a visible correction note),
 * unpublishing, and retraction (撤稿) with a reason and the sign-off authority's approval.
 * Each emits an event; the publishing module delivers it to every channel.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { emit } from '../../platform/events/index.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import * as repo from './manuscripts.repository.ts';
import { normaliseContent } from './content.ts';
import { levelPermission } from './review-flow.ts';
import { loadVisible } from './manuscripts.service.ts';
import { presentDetail, presentManuscript } from './presenters.ts';
import type { ContentIn } from './schema.ts';
import { indexManuscript } from './search/index.ts';

const AFTER_SIGN_OFF = ['signed_off', 'published', 'unpublished'];

/** The sign-off authority of a manuscript: a holder of its last review level. */
function assertSignOffAuthority(ctx: RequestContext, m: repo.ManuscriptRow): void {
  if (!ctx.actor.permissions.has(levelPermission(Number(m.review_levels)))) {
    throw appError('REVIEW_LEVEL_FORBIDDEN', { message: `Only a holder of level-${m.review_levels} review (sign-off) may do this.` });
  }
}

function assertAfterSignOff(m: repo.ManuscriptRow, what: string): void {
  if (!AFTER_SIGN_OFF.includes(m.status)) throw appError('REVIEW_INVALID_TRANSITION', { message: `Only a signed-off manuscript can be ${what}; this one is ${m.status}.` });
}

function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

export async function correct(db: Db, ctx: RequestContext, id: string, b: { baseVersion: number; content: ContentIn; note: string }) {
  const content = normaliseContent(b.content);
  return db.transaction().execute(async (tx) => {
    const m = await loadVisible(tx, ctx, id);
    assertAfterSignOff(m, 'corrected');
    assertSignOffAuthority(ctx, m);
    if (b.baseVersion !== Number(m.version)) throw appError('MANUSCRIPT_VERSION_CONFLICT', { field: 'baseVersion' });
    const next = Number(m.version) + 1;
    const now = new Date().toISOString();
    if ((await repo.updateManuscript(tx, m.center_id, m.id, Number(m.version), { version: next, title: content.title, signed_off_version: next, updated_at: now })) !== 1) {
      throw appError('MANUSCRIPT_VERSION_CONFLICT');
    }
    const versionId = randomUUID();
    await repo.insertVersion(tx, { id: versionId, center_id: m.center_id, manuscript_id: m.id, version: next, content: JSON.stringify(content), created_by: ctx.actor.userId, note: `correction: ${b.note}`, created_at: now });
    await indexManuscript(tx, { centerId: m.center_id, id: m.id, title: content.title, summary: content.summary, bodyHtml: content.bodyHtml, status: m.status, updatedAt: now });
    await tx.insertInto('manuscript_corrections').values({ id: randomUUID(), center_id: m.center_id, manuscript_id: m.id, version: next, note: b.note.trim(), created_by: ctx.actor.userId, created_at: now }).execute();
    await repo.insertReviewAction(tx, { id: randomUUID(), center_id: m.center_id, manuscript_id: m.id, version: next, level: Number(m.review_levels), action: 'correct', actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, reason: b.note.trim(), created_at: now });
    await recordAudit(tx, { ...who(ctx), action: 'newsroom.manuscript.correct', subjectType: 'manuscript', subjectId: m.id, afterId: versionId, detail: { version: next, note: b.note } });
    await emit(tx, { centerId: m.center_id, type: 'manuscript.corrected', payload: { manuscriptId: m.id, version: next, note: b.note.trim() } });
    return presentDetail((await repo.findManuscript(tx, m.center_id, m.id))!, content);
  });
}

export async function listCorrections(db: Db, ctx: RequestContext, id: string) {
  const m = await loadVisible(db, ctx, id);
  const rows = await db.selectFrom('manuscript_corrections').selectAll().where('center_id', '=', m.center_id).where('manuscript_id', '=', m.id).orderBy('created_at').execute();
  return { items: rows.map((c) => ({ version: Number(c.version), note: c.note, createdBy: c.created_by, createdAt: c.created_at })) };
}

async function finishRetraction(tx: Executor, ctx: RequestContext, m: repo.ManuscriptRow, reason: string, requestedBy: string) {
  const now = new Date().toISOString();
  await tx.updateTable('manuscripts').set({ status: 'retracted', updated_at: now, retraction_requested_by: null, retraction_requested_at: null, retraction_reason: reason }).where('id', '=', m.id).execute();
  await repo.insertReviewAction(tx, { id: randomUUID(), center_id: m.center_id, manuscript_id: m.id, version: Number(m.version), level: Number(m.review_levels), action: 'retract', actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, reason, created_at: now });
  await recordAudit(tx, { ...who(ctx), action: 'newsroom.manuscript.retract', subjectType: 'manuscript', subjectId: m.id, detail: { reason, requestedBy, previousStatus: m.status } });
  await emit(tx, { centerId: m.center_id, type: 'manuscript.retracted', payload: { manuscriptId: m.id, reason, previousStatus: m.status } });
}

/** Asks for a retraction; the sign-off authority's own request takes effect at once. */
export async function requestRetraction(db: Db, ctx: RequestContext, id: string, reason: string) {
  return db.transaction().execute(async (tx) => {
    const m = await loadVisible(tx, ctx, id);
    assertAfterSignOff(m, 'retracted');
    const authority = ctx.actor.permissions.has(levelPermission(Number(m.review_levels)));
    if (authority) {
      await finishRetraction(tx, ctx, m, reason.trim(), ctx.actor.userId);
    } else {
      const now = new Date().toISOString();
      await tx.updateTable('manuscripts').set({ retraction_requested_by: ctx.actor.userId, retraction_reason: reason.trim(), retraction_requested_at: now }).where('id', '=', m.id).execute();
      await repo.insertReviewAction(tx, { id: randomUUID(), center_id: m.center_id, manuscript_id: m.id, version: Number(m.version), level: null, action: 'retract_request', actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, reason: reason.trim(), created_at: now });
      await recordAudit(tx, { ...who(ctx), action: 'newsroom.manuscript.retract_request', subjectType: 'manuscript', subjectId: m.id, detail: { reason } });
      await emit(tx, { centerId: m.center_id, type: 'manuscript.retraction_requested', payload: { manuscriptId: m.id, reason: reason.trim() } });
    }
    return presentManuscript((await repo.findManuscript(tx, m.center_id, m.id))!);
  });
}

export async function decideRetraction(db: Db, ctx: RequestContext, id: string, approve: boolean, note?: string) {
  return db.transaction().execute(async (tx) => {
    const m = await loadVisible(tx, ctx, id);
    assertSignOffAuthority(ctx, m);
    if (!m.retraction_requested_by) throw appError('RETRACTION_NOT_REQUESTED');
    if (approve) {
      await finishRetraction(tx, ctx, m, m.retraction_reason ?? '', m.retraction_requested_by);
    } else {
      const now = new Date().toISOString();
      await tx.updateTable('manuscripts').set({ retraction_requested_by: null, retraction_requested_at: null, retraction_reason: null }).where('id', '=', m.id).execute();
      await repo.insertReviewAction(tx, { id: randomUUID(), center_id: m.center_id, manuscript_id: m.id, version: Number(m.version), level: Number(m.review_levels), action: 'retract_refused', actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, reason: note?.trim() || null, created_at: now });
      await recordAudit(tx, { ...who(ctx), action: 'newsroom.manuscript.retract_refuse', subjectType: 'manuscript', subjectId: m.id, detail: { note: note ?? null } });
    }
    return presentManuscript((await repo.findManuscript(tx, m.center_id, m.id))!);
  });
}

export async function unpublish(db: Db, ctx: RequestContext, id: string, reason: string) {
  return db.transaction().execute(async (tx) => {
    const m = await loadVisible(tx, ctx, id);
    if (m.status !== 'published' && m.status !== 'signed_off') throw appError('REVIEW_INVALID_TRANSITION', { message: `Only a published or signed-off manuscript can be unpublished; this one is ${m.status}.` });
    assertSignOffAuthority(ctx, m);
    const now = new Date().toISOString();
    await tx.updateTable('manuscripts').set({ status: 'unpublished', updated_at: now }).where('id', '=', m.id).execute();
    await repo.insertReviewAction(tx, { id: randomUUID(), center_id: m.center_id, manuscript_id: m.id, version: Number(m.version), level: Number(m.review_levels), action: 'unpublish', actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, reason: reason.trim(), created_at: now });
    await recordAudit(tx, { ...who(ctx), action: 'newsroom.manuscript.unpublish', subjectType: 'manuscript', subjectId: m.id, detail: { reason } });
    await emit(tx, { centerId: m.center_id, type: 'manuscript.unpublished', payload: { manuscriptId: m.id, reason: reason.trim() } });
    return presentManuscript((await repo.findManuscript(tx, m.center_id, m.id))!);
  });
}
