/** All SQL of the media library. Every query is scoped to one center. */
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.ts';
import { containsText } from '../../platform/db/sql.ts';
import { likePattern } from '../../platform/http/schemas.ts';
import type { MediaVisibility } from './policies.ts';
import type { MediaListQuery } from './schema.ts';
import { type MediaFilesTable } from './types.ts';

export type MediaRow = MediaFilesTable & { uploader_name: string };

function withUploader(exec: Executor) {
  return exec
    .selectFrom('media_files as f')
    .innerJoin('users as u', 'u.id', 'f.uploaded_by')
    .selectAll('f')
    .select('u.display_name as uploader_name');
}

export async function findFile(exec: Executor, centerId: string, id: string): Promise<MediaRow | undefined> {
  return withUploader(exec).where('f.center_id', '=', centerId).where('f.id', '=', id).executeTakeFirst();
}

export async function insertFile(exec: Executor, row: MediaFilesTable): Promise<void> {
  await exec.insertInto('media_files').values(row).execute();
}

export async function deleteFile(exec: Executor, centerId: string, id: string): Promise<void> {
  await exec.deleteFrom('media_tags').where('center_id', '=', centerId).where('media_id', '=', id).execute();
  await exec.deleteFrom('media_files').where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function touchFile(exec: Executor, centerId: string, id: string, at: string): Promise<void> {
  await exec.updateTable('media_files').set({ updated_at: at }).where('center_id', '=', centerId).where('id', '=', id).execute();
}

/** Replaces a file's tags. */
export async function replaceTags(exec: Executor, centerId: string, mediaId: string, tags: string[]): Promise<void> {
  await exec.deleteFrom('media_tags').where('center_id', '=', centerId).where('media_id', '=', mediaId).execute();
  if (tags.length) await exec.insertInto('media_tags').values(tags.map((tag) => ({ center_id: centerId, media_id: mediaId, tag }))).execute();
}

/** Tags of several files at once, each list sorted (by code point). */
export async function tagsOf(exec: Executor, centerId: string, ids: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return map;
  const rows = await exec.selectFrom('media_tags').select(['media_id', 'tag']).where('center_id', '=', centerId).where('media_id', 'in', ids).execute();
  for (const r of rows) map.get(r.media_id)?.push(r.tag);
  // Sorted here, not by the database: collations differ between SQLite and PostgreSQL.
  for (const tags of map.values()) tags.sort();
  return map;
}

/** How many records of the center point at this blob. */
export async function countBlobUsers(exec: Executor, centerId: string, sm3: string): Promise<number> {
  const r = await exec.selectFrom('media_files').select((eb) => eb.fn.countAll<number>().as('n')).where('center_id', '=', centerId).where('sm3', '=', sm3).executeTakeFirstOrThrow();
  return Number(r.n);
}

const SORTS = { createdAt: 'f.created_at', name: 'f.name', size: 'f.size' } as const;

export async function listFiles(exec: Executor, centerId: string, vis: MediaVisibility, userId: string, q: MediaListQuery, offset: number, limit: number) {
  let base = exec.selectFrom('media_files as f').where('f.center_id', '=', centerId);
  if (!vis.all) base = base.where('f.uploaded_by', '=', vis.uploadedBy);
  if (q.mine) base = base.where('f.uploaded_by', '=', userId);
  if (q.kind) base = base.where('f.kind', '=', q.kind);
  if (q.tag) {
    const tag = q.tag;
    base = base.where((eb) => eb.exists(eb.selectFrom('media_tags as t').select('t.tag').whereRef('t.media_id', '=', 'f.id').where('t.tag', '=', tag)));
  }
  if (q.q) {
    const text = q.q;
    base = base.where((eb) => eb.or([
      containsText('f.name', text),
      eb.exists(eb.selectFrom('media_tags as t').select('t.tag').whereRef('t.media_id', '=', 'f.id').where(containsText('t.tag', text))),
    ]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const sort = q.sort ?? '-createdAt';
  const column = SORTS[sort.replace('-', '') as keyof typeof SORTS];
  const ids = await base.select('f.id').orderBy(column, sort.startsWith('-') ? 'desc' : 'asc').orderBy('f.id').offset(offset).limit(limit).execute();
  const rows = ids.length ? await withUploader(exec).where('f.center_id', '=', centerId).where('f.id', 'in', ids.map((r) => r.id)).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { total: Number(total.n), rows: ids.map((r) => byId.get(r.id)).filter((r): r is MediaRow => !!r) };
}

/** Every tag in use among the files the actor sees, with how many files carry it. */
export async function tagCounts(exec: Executor, centerId: string, vis: MediaVisibility) {
  let q = exec
    .selectFrom('media_tags as t')
    .innerJoin('media_files as f', 'f.id', 't.media_id')
    .select(['t.tag', (eb) => eb.fn.countAll<number>().as('n')])
    .where('t.center_id', '=', centerId);
  if (!vis.all) q = q.where('f.uploaded_by', '=', vis.uploadedBy);
  const rows = await q.groupBy('t.tag').orderBy('n', 'desc').orderBy('t.tag').limit(500).execute();
  return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}

export interface ReferencingVersion {
  manuscript_id: string;
  title: string;
  status: string;
  current_version: number;
  signed_off_version: number | null;
  author_id: string;
  resident_account_id: string | null;
  version: number;
  content: string;
}

/**
 * Manuscript versions whose content mentions the id (cover or `<img data-media-id>`).
 * This reads the newsroom's tables directly (read-only): the usage question is asked
 * of the manuscripts' stored JSON, and a LIKE on a UUID has no false positives worth
 * the name; the caller confirms each hit by parsing the content.
 */
export async function versionsMentioning(exec: Executor, centerId: string, mediaId: string): Promise<ReferencingVersion[]> {
  const rows = await exec
    .selectFrom('manuscript_versions as v')
    .innerJoin('manuscripts as m', 'm.id', 'v.manuscript_id')
    .select([
      'm.id as manuscript_id', 'm.title', 'm.status', 'm.version as current_version', 'm.signed_off_version', 'm.author_id', 'm.resident_account_id',
      'v.version', 'v.content',
    ])
    .where('v.center_id', '=', centerId)
    .where('m.center_id', '=', centerId)
    .where(sql<boolean>`${sql.ref('v.content')} like ${likePattern(mediaId)} escape '\\'`)
    .orderBy('m.updated_at', 'desc')
    .orderBy('v.version')
    .execute();
  return rows.map((r) => ({
    ...r,
    current_version: Number(r.current_version),
    signed_off_version: r.signed_off_version === null ? null : Number(r.signed_off_version),
    version: Number(r.version),
  }));
}
