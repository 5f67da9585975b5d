/**
 * Review (三审) on manuscripts: submit, approve, return, reject; the last level's
 * approval is the sign-off (签发). Each step is recorded (review_actions), audited and
 * emitted as an event, in one transaction with the state change.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { emit } from '../../platform/events/index.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import * as repo from './manuscripts.repository.ts';
import { decide, type ManuscriptStatus } from './review-flow.ts';
import { reviewActorOf, reviewLevelsOf } from './policies.ts';
import { loadVisible } from './manuscripts.service.ts';
import { presentManuscript } from './presenters.ts';
import type { ReviewBody } from './schema.ts';
import { parseContent } from './content.ts';
import { checkManuscript } from './checks/checks.service.ts';

const EVENT_OF = { submit: 'manuscript.submitted', approve: 'manuscript.approved', sign_off: 'manuscript.signed_off', return: 'manuscript.returned', reject: 'manuscript.rejected' } as const;

export async function review(db: Db, ctx: RequestContext, id: string, b: ReviewBody) {
  return db.transaction().execute(async (tx) => {
    const m = await loadVisible(tx, ctx, id);
    const version = Number(m.version);
    if (b.version !== version) throw appError('MANUSCRIPT_VERSION_CONFLICT', { field: 'version', message: `You read version ${b.version}, but the manuscript is now at version ${version}: read it again before deciding.` });
    const state = { status: m.status as ManuscriptStatus, level: m.review_level === null ? null : Number(m.review_level), levels: Number(m.review_levels), authorId: m.author_id };
    const d = decide(state, reviewActorOf(ctx.actor, m.author_id), b.action, b.reason);
    if (!d.ok) throw appError(d.code, { message: d.message, field: d.code === 'REVIEW_REASON_REQUIRED' ? 'reason' : undefined });
    if (b.action === 'submit' || d.signOff) {
      const v = await repo.findVersion(tx, m.center_id, m.id, version);
      const check = await checkManuscript(tx, { centerId: m.center_id, id: m.id, version }, parseContent(v!.content), d.signOff ? 'sign_off' : 'submit');
      if (d.signOff && check.blocking > 0) {
        if (!b.override?.reason?.trim()) {
          throw appError('SAFETY_BLOCKED', { details: { rulesVersion: check.rulesVersion, findings: check.findings.filter((f) => f.level === 'block') } });
        }
        await recordAudit(tx, {
          centerId: m.center_id, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip, action: 'newsroom.safety.override',
          subjectType: 'manuscript', subjectId: m.id, detail: { version, reason: b.override.reason.trim(), findings: check.findings.filter((f) => f.level === 'block') },
        });
      }
    }
    const now = new Date().toISOString();
    const action = d.signOff ? 'sign_off' : b.action;
    const changed = await repo.updateManuscript(tx, m.center_id, m.id, version, {
      status: d.next.status, review_level: d.next.level, updated_at: now, locked_by: null, locked_until: null,
      ...(d.signOff ? { signed_off_by: ctx.actor.userId, signed_off_at: now, signed_off_version: version } : {}),
    });
    if (changed !== 1) throw appError('MANUSCRIPT_VERSION_CONFLICT');
    await repo.insertReviewAction(tx, {
      id: randomUUID(), center_id: m.center_id, manuscript_id: m.id, version, level: b.action === 'submit' ? null : state.level,
      action, actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, reason: b.reason?.trim() || null, created_at: now,
    });
    await recordAudit(tx, {
      centerId: m.center_id, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip, action: `newsroom.review.${action}`,
      subjectType: 'manuscript', subjectId: m.id, detail: { version, level: state.level, next: d.next, reason: b.reason ?? null },
    });
    await emit(tx, { centerId: m.center_id, type: EVENT_OF[action], payload: { manuscriptId: m.id, version, level: state.level, next: d.next } });
    return presentManuscript((await repo.findManuscript(tx, m.center_id, m.id))!);
  });
}

/** Every step of a manuscript's life: versions saved and review decisions, oldest first. */
export async function timeline(db: Db, ctx: RequestContext, id: string) {
  const m = await loadVisible(db, ctx, id);
  const versions = await repo.listVersions(db, m.center_id, m.id);
  const actions = await repo.listReviewActions(db, m.center_id, m.id);
  const items = [
    ...versions.map((v) => ({
      at: v.created_at, kind: 'version', action: Number(v.version) === 1 ? 'create' : v.note?.startsWith('restored') ? 'restore' : 'save',
      level: null, version: Number(v.version), actorId: v.created_by, actorName: v.created_by_name, reason: v.note,
    })),
    ...actions.map((a) => ({
      at: a.created_at, kind: 'review', action: a.action, level: a.level === null ? null : Number(a.level), version: Number(a.version),
      actorId: a.actor_id, actorName: a.actor_name, reason: a.reason,
    })),
  ].sort((x, y) => (x.at === y.at ? (x.kind === 'version' ? -1 : 1) : x.at < y.at ? -1 : 1));
  return { items };
}

/** How many manuscripts wait at each level the actor holds, and since when. */
export async function queues(db: Db, ctx: RequestContext) {
  const held = reviewLevelsOf(ctx.actor);
  const counts = await repo.queueCounts(db, ctx.actor.centerId);
  const levels = [...held].sort().map((level) => {
    const row = counts.find((c) => Number(c.review_level) === level);
    return { level, waiting: Number(row?.n ?? 0), oldestSince: (row?.oldest as string | null | undefined) ?? null };
  });
  return { levels, returnedToMe: await repo.countReturnedTo(db, ctx.actor.centerId, ctx.actor.userId) };
}
