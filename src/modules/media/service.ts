/**
 * The media library's use cases after upload (see ingest.ts): search, read, tag,
 * usage by manuscripts, delete when unused, and opening the bytes to serve them.
 */
import type { Readable } from 'node:stream';
import type { Db, Executor } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { emit } from '../../platform/events/index.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import { pageOf } from '../../platform/http/schemas.ts';
import { maySeeManuscript } from '../newsroom/index.ts';
import { canSee, visibilityOf } from './policies.ts';
import * as repo from './repository.ts';
import { presentMedia, presentMediaDetail } from './presenters.ts';
import { normaliseTags } from './tags.ts';
import { blobKeys, type MediaDeps } from './context.ts';
import type { ByteRange } from './store.ts';
import type { MediaListQuery, UpdateMediaBody } from './schema.ts';

function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

/** Loads a file the actor may see; another center's, or another uploader's when the actor sees only their own, is "not found". */
export async function loadVisible(exec: Executor, ctx: RequestContext, id: string): Promise<repo.MediaRow> {
  const row = await repo.findFile(exec, ctx.actor.centerId, id);
  if (!row || !canSee(ctx.actor, row)) throw appError('MEDIA_NOT_FOUND');
  return row;
}

export async function listMedia(db: Db, ctx: RequestContext, q: MediaListQuery) {
  const { page, pageSize, offset } = pageOf(q);
  const { total, rows } = await repo.listFiles(db, ctx.actor.centerId, visibilityOf(ctx.actor), ctx.actor.userId, q, offset, pageSize);
  const tags = await repo.tagsOf(db, ctx.actor.centerId, rows.map((r) => r.id));
  return { items: rows.map((r) => presentMedia(r, tags.get(r.id) ?? [])), total, page, pageSize };
}

export async function getMedia(db: Db, ctx: RequestContext, id: string) {
  const row = await loadVisible(db, ctx, id);
  const tags = await repo.tagsOf(db, row.center_id, [row.id]);
  return presentMediaDetail(row, tags.get(row.id) ?? []);
}

export async function listTags(db: Db, ctx: RequestContext) {
  return { items: await repo.tagCounts(db, ctx.actor.centerId, visibilityOf(ctx.actor)) };
}

export async function updateTags(db: Db, ctx: RequestContext, id: string, body: UpdateMediaBody) {
  const tags = normaliseTags(body.tags, 'tags');
  return db.transaction().execute(async (tx) => {
    const row = await loadVisible(tx, ctx, id);
    const before = (await repo.tagsOf(tx, row.center_id, [row.id])).get(row.id) ?? [];
    await repo.replaceTags(tx, row.center_id, row.id, tags);
    await repo.touchFile(tx, row.center_id, row.id, new Date().toISOString());
    await recordAudit(tx, { ...who(ctx), action: 'media.file.tags', subjectType: 'media', subjectId: row.id, detail: { before, after: tags } });
    await emit(tx, { centerId: row.center_id, type: 'media.tags_changed', payload: { mediaId: row.id, tags } });
    const after = await repo.findFile(tx, row.center_id, row.id);
    if (!after) throw appError('MEDIA_NOT_FOUND');
    return presentMediaDetail(after, [...tags].sort());
  });
}

type Place = 'cover' | 'body' | 'attachment';

/** Where a manuscript version's content uses the file. */
export function placesIn(contentJson: string, mediaId: string): Place[] {
  let c: { coverMediaId?: unknown; bodyHtml?: unknown; attachments?: unknown };
  try {
    c = JSON.parse(contentJson) as typeof c;
  } catch {
    return [];
  }
  const places: Place[] = [];
  if (c.coverMediaId === mediaId) places.push('cover');
  if (Array.isArray(c.attachments) && c.attachments.some((a: { mediaId?: unknown }) => a?.mediaId === mediaId)) places.push('attachment');
  // Media ids are UUIDs (letters, digits, '-'): nothing in them is special in a RegExp.
  if (typeof c.bodyHtml === 'string' && new RegExp(`data-media-id\\s*=\\s*(["']?)${mediaId}\\1(?=[\\s/>])`).test(c.bodyHtml)) places.push('body');
  return places;
}


async function usageOf(exec: Executor, centerId: string, mediaId: string) {
  const byManuscript = new Map<string, { m: repo.ReferencingVersion; places: Place[]; blocking: boolean; versions: number[] }>();
  for (const v of await repo.versionsMentioning(exec, centerId, mediaId)) {
    const places = placesIn(v.content, mediaId);
    if (!places.length) continue;
    const entry = byManuscript.get(v.manuscript_id) ?? { m: v, places: [], blocking: false, versions: [] };
    entry.versions.push(v.version);
    if (v.version === v.current_version) entry.places = places;
    if (v.version === v.current_version || v.version === v.signed_off_version) entry.blocking = true;
    byManuscript.set(v.manuscript_id, entry);
  }
  return [...byManuscript.values()];
}

/** Which manuscripts use the file. Ones the caller may not read are counted, not named. */
export async function usage(db: Db, ctx: RequestContext, id: string) {
  const row = await loadVisible(db, ctx, id);
  const all = await usageOf(db, row.center_id, row.id);
  const visible = all.filter((u) => maySeeManuscript(ctx.actor, u.m));
  return {
    items: visible.map((u) => ({ manuscriptId: u.m.manuscript_id, title: u.m.title, status: u.m.status, places: u.places, blocking: u.blocking, versions: u.versions })),
    hidden: all.length - visible.length,
  };
}

/**
 * Deletes a file no manuscript uses in its current or signed-off version (earlier
 * versions do not hold it back: restoring one shows the image as missing). The blob
 * goes when no other record of the center has the same content.
 */
export async function deleteMedia(deps: MediaDeps, ctx: RequestContext, id: string): Promise<void> {
  const row = await deps.db.transaction().execute(async (tx) => {
    const r = await loadVisible(tx, ctx, id);
    const blocking = (await usageOf(tx, r.center_id, r.id)).filter((u) => u.blocking);
    if (blocking.length) {
      throw appError('MEDIA_IN_USE', { details: { manuscripts: blocking.filter((u) => maySeeManuscript(ctx.actor, u.m)).map((u) => ({ id: u.m.manuscript_id, title: u.m.title })), total: blocking.length } });
    }
    await repo.deleteFile(tx, r.center_id, r.id);
    await recordAudit(tx, { ...who(ctx), action: 'media.file.delete', subjectType: 'media', subjectId: r.id, detail: { name: r.name, kind: r.kind, size: Number(r.size), sm3: r.sm3 } });
    await emit(tx, { centerId: r.center_id, type: 'media.deleted', payload: { mediaId: r.id } });
    return r;
  });
  const keys = blobKeys(row.center_id, row.sm3);
  await deps.blobs.run(keys.original, async () => {
    if ((await repo.countBlobUsers(deps.db, row.center_id, row.sm3)) > 0) return;
    await Promise.all([deps.store.delete(keys.original), deps.store.delete(keys.thumb), deps.store.delete(keys.display)]);
  });
}

export type Variant = 'original' | 'thumb' | 'display';

/** A file's bytes, located but not yet opened (so 304 and Range can be decided first). */
export interface LocatedMedia {
  row: repo.MediaRow;
  variant: Variant;
  key: string;
  /** Content-Type of what is sent. */
  mime: string;
  /** Bytes of the whole object when known (originals); derived sizes are sent whole. */
  size: number | null;
  /** Content-addressed, so it changes exactly when the bytes do. */
  etag: string;
}

/** Finds the bytes of a file (or of one of its derived sizes) the actor may see. */
export async function locateMedia(db: Db, ctx: RequestContext, id: string, variant: Variant): Promise<LocatedMedia> {
  const row = await loadVisible(db, ctx, id);
  const key = variant === 'original' ? row.storage_key : variant === 'thumb' ? row.thumb_key : row.display_key;
  if (!key) throw appError('MEDIA_NOT_FOUND', { message: 'This file has no preview image: only images and videos have one.' });
  const original = variant === 'original';
  return { row, variant, key, mime: original ? row.mime : 'image/webp', size: original ? Number(row.size) : null, etag: `"${row.sm3}${original ? '' : `-${variant}`}"` };
}

/** Opens located bytes; a missing object is reported (and logged) as not found. */
export async function openLocated(deps: MediaDeps, loc: LocatedMedia, range?: ByteRange): Promise<Readable> {
  const stream = await deps.store.get(loc.key, range);
  if (!stream) {
    deps.warn('media: stored object missing', { mediaId: loc.row.id, key: loc.key });
    throw appError('MEDIA_NOT_FOUND', { message: 'The content of this file is missing from storage: upload it again.' });
  }
  return stream;
}
