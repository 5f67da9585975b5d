/**
 * Manuscripts: create, read, save (every save is a new version), restore a version,
 * compare versions, and the edit lock so two people do not overwrite each other.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { emit } from '../../platform/events/index.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import { pageOf } from '../../platform/http/schemas.ts';
import * as repo from './manuscripts.repository.ts';
import { normaliseContent, parseContent, type ManuscriptContent } from './content.ts';
import { diffContent } from './diff.ts';
import { editableBy, type ManuscriptStatus } from './review-flow.ts';
import { maySeeManuscript, reviewActorOf, visibilityOf } from './policies.ts';
import { presentDetail, presentManuscript } from './presenters.ts';
import { indexManuscript } from './search/index.ts';
import type { ContentIn, CreateManuscriptBody, ManuscriptListQuery, SaveContentBody } from './schema.ts';

/** How long an edit lock lasts without a renewal (the editor renews while open). */
export const LOCK_MINUTES = 5;

function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

/** Loads a manuscript the actor may see; others' are reported as not found. */
export async function loadVisible(exec: Executor, ctx: RequestContext, id: string): Promise<repo.ManuscriptRow> {
  const m = await repo.findManuscript(exec, ctx.actor.centerId, id);
  if (!m || !maySeeManuscript(ctx.actor, m)) throw appError('MANUSCRIPT_NOT_FOUND');
  return m;
}

async function contentOf(exec: Executor, m: repo.ManuscriptRow, version = Number(m.version)): Promise<ManuscriptContent> {
  const v = await repo.findVersion(exec, m.center_id, m.id, version);
  if (!v) throw appError('VERSION_NOT_FOUND');
  return parseContent(v.content);
}

export async function listManuscripts(db: Db, ctx: RequestContext, q: ManuscriptListQuery) {
  const { page, pageSize, offset } = pageOf(q);
  const { total, rows } = await repo.listManuscripts(db, ctx.actor.centerId, visibilityOf(ctx.actor), ctx.actor.userId, q, offset, pageSize);
  return { items: rows.map(presentManuscript), total, page, pageSize };
}

export async function getManuscript(db: Db, ctx: RequestContext, id: string) {
  const m = await loadVisible(db, ctx, id);
  return presentDetail(m, await contentOf(db, m));
}

export async function createManuscript(db: Db, ctx: RequestContext, b: CreateManuscriptBody) {
  const centerId = ctx.actor.centerId;
  const content = normaliseContent(b.content);
  return db.transaction().execute(async (tx) => {
    // The column decides the review depth; outside any column, the center's default does.
    const settings = await tx.selectFrom('newsroom_settings').select('default_review_levels').where('center_id', '=', centerId).executeTakeFirst();
    let levels = Number(settings?.default_review_levels ?? 3);
    if (b.columnId) {
      const column = await repo.findColumn(tx, centerId, b.columnId);
      if (!column) throw appError('COLUMN_NOT_FOUND', { field: 'columnId' });
      levels = Number(column.review_levels);
    }
    if (b.planId && !(await repo.planExists(tx, centerId, b.planId))) throw appError('PLAN_NOT_FOUND', { field: 'planId' });
    const now = new Date().toISOString();
    const id = randomUUID();
    await repo.insertManuscript(tx, {
      id, center_id: centerId, plan_id: b.planId ?? null, column_id: b.columnId ?? null, resident_account_id: ctx.actor.residentAccountId,
      kind: b.kind, title: content.title, status: 'draft', review_level: null, review_levels: levels, version: 1, author_id: ctx.actor.userId,
      locked_by: null, locked_until: null, signed_off_by: null, signed_off_at: null, signed_off_version: null, created_at: now, updated_at: now,
      review_reminded_at: null, retraction_requested_by: null, retraction_reason: null, retraction_requested_at: null,
    });
    const versionId = randomUUID();
    await repo.insertVersion(tx, { id: versionId, center_id: centerId, manuscript_id: id, version: 1, content: JSON.stringify(content), created_by: ctx.actor.userId, note: null, created_at: now });
    await indexManuscript(tx, { centerId, id, title: content.title, summary: content.summary, bodyHtml: content.bodyHtml, status: 'draft', updatedAt: now });
    await recordAudit(tx, { ...who(ctx), action: 'newsroom.manuscript.create', subjectType: 'manuscript', subjectId: id, afterId: versionId, detail: { title: content.title, kind: b.kind } });
    await emit(tx, { centerId, type: 'manuscript.created', payload: { manuscriptId: id } });
    const m = (await repo.findManuscript(tx, centerId, id))!;
    return presentDetail(m, content);
  });
}

function assertNotLockedByOther(m: repo.ManuscriptRow, userId: string): void {
  if (m.locked_by && m.locked_by !== userId && m.locked_until && m.locked_until > new Date().toISOString()) {
    throw appError('MANUSCRIPT_LOCKED', { details: { lockedBy: m.locker_name, until: m.locked_until } });
  }
}

function assertEditable(ctx: RequestContext, m: repo.ManuscriptRow): void {
  const verdict = editableBy(
    { status: m.status as ManuscriptStatus, level: m.review_level === null ? null : Number(m.review_level), levels: Number(m.review_levels), authorId: m.author_id },
    reviewActorOf(ctx.actor, m.author_id),
  );
  if (!verdict.ok) throw appError(verdict.code, { message: verdict.message });
}

/** Writes `content` as the next version; `baseVersion` must be the current one. */
async function writeVersion(tx: Executor, ctx: RequestContext, m: repo.ManuscriptRow, baseVersion: number, content: ManuscriptContent, note: string | null, action: string) {
  if (baseVersion !== Number(m.version)) {
    throw appError('MANUSCRIPT_VERSION_CONFLICT', { field: 'baseVersion', details: { current: Number(m.version) } });
  }
  const next = Number(m.version) + 1;
  const now = new Date().toISOString();
  const changed = await repo.updateManuscript(tx, m.center_id, m.id, Number(m.version), { version: next, title: content.title, updated_at: now });
  if (changed !== 1) throw appError('MANUSCRIPT_VERSION_CONFLICT', { field: 'baseVersion' });
  const before = await repo.findVersion(tx, m.center_id, m.id, Number(m.version));
  const versionId = randomUUID();
  await repo.insertVersion(tx, { id: versionId, center_id: m.center_id, manuscript_id: m.id, version: next, content: JSON.stringify(content), created_by: ctx.actor.userId, note, created_at: now });
  await indexManuscript(tx, { centerId: m.center_id, id: m.id, title: content.title, summary: content.summary, bodyHtml: content.bodyHtml, status: m.status, updatedAt: now });
  await recordAudit(tx, { ...who(ctx), action, subjectType: 'manuscript', subjectId: m.id, beforeId: before?.id ?? null, afterId: versionId, detail: { version: next, note } });
  await emit(tx, { centerId: m.center_id, type: 'manuscript.saved', payload: { manuscriptId: m.id, version: next } });
}

export async function saveContent(db: Db, ctx: RequestContext, id: string, b: SaveContentBody) {
  const content = normaliseContent(b.content as ContentIn);
  return db.transaction().execute(async (tx) => {
    const m = await loadVisible(tx, ctx, id);
    assertEditable(ctx, m);
    assertNotLockedByOther(m, ctx.actor.userId);
    await writeVersion(tx, ctx, m, b.baseVersion, content, b.note ?? null, 'newsroom.manuscript.save');
    const after = (await repo.findManuscript(tx, ctx.actor.centerId, id))!;
    return presentDetail(after, content);
  });
}

export async function restoreVersion(db: Db, ctx: RequestContext, id: string, version: number) {
  return db.transaction().execute(async (tx) => {
    const m = await loadVisible(tx, ctx, id);
    assertEditable(ctx, m);
    assertNotLockedByOther(m, ctx.actor.userId);
    const content = await contentOf(tx, m, version);
    await writeVersion(tx, ctx, m, Number(m.version), content, `restored from version ${version}`, 'newsroom.manuscript.restore');
    return presentDetail((await repo.findManuscript(tx, ctx.actor.centerId, id))!, content);
  });
}

export async function listVersions(db: Db, ctx: RequestContext, id: string) {
  const m = await loadVisible(db, ctx, id);
  const rows = await repo.listVersions(db, m.center_id, m.id);
  return {
    items: rows.map((v) => ({
      version: Number(v.version), createdBy: v.created_by, createdByName: v.created_by_name, note: v.note, createdAt: v.created_at,
      title: (JSON.parse(v.content) as ManuscriptContent).title,
    })),
  };
}

export async function getVersion(db: Db, ctx: RequestContext, id: string, version: number) {
  const m = await loadVisible(db, ctx, id);
  return presentDetail({ ...m, version }, await contentOf(db, m, version));
}

export async function diffVersions(db: Db, ctx: RequestContext, id: string, from: number, to: number) {
  const m = await loadVisible(db, ctx, id);
  const [a, b] = [await contentOf(db, m, from), await contentOf(db, m, to)];
  return { from, to, fields: diffContent(a, b) };
}

/** Takes (or renews) the edit lock; `takeover` breaks another's lock, who is told through an event. */
export async function lock(db: Db, ctx: RequestContext, id: string, takeover: boolean) {
  return db.transaction().execute(async (tx) => {
    const m = await loadVisible(tx, ctx, id);
    const heldByOther = m.locked_by && m.locked_by !== ctx.actor.userId && m.locked_until && m.locked_until > new Date().toISOString();
    if (heldByOther && !takeover) throw appError('MANUSCRIPT_LOCKED', { details: { lockedBy: m.locker_name, until: m.locked_until } });
    const until = new Date(Date.now() + LOCK_MINUTES * 60_000).toISOString();
    await repo.setLock(tx, m.center_id, m.id, ctx.actor.userId, until);
    if (heldByOther) {
      await recordAudit(tx, { ...who(ctx), action: 'newsroom.manuscript.lock_takeover', subjectType: 'manuscript', subjectId: m.id, detail: { from: m.locked_by } });
      await emit(tx, { centerId: m.center_id, type: 'manuscript.lock_taken', payload: { manuscriptId: m.id, from: m.locked_by, to: ctx.actor.userId } });
    }
    return presentManuscript((await repo.findManuscript(tx, m.center_id, m.id))!);
  });
}

export async function unlock(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const m = await loadVisible(db, ctx, id);
  if (m.locked_by === ctx.actor.userId) await repo.setLock(db, m.center_id, m.id, null, null);
}
