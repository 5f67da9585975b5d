/**
 * Row types of the media library's tables (migration 0004_media). The platform's DB
 * interface gains them as `media_files: MediaFilesTable` and `media_tags: MediaTagsTable`
 * (or `interface DB extends MediaTables`); until then the repository reads them through
 * `MediaDB`, which adds them to DB locally.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../../platform/db/index.ts';
import type { MediaFilesTable, MediaTagsTable } from '../../platform/db/schema.ts';

export type { MediaFilesTable, MediaTagsTable };

/** One uploaded file of a center. Several rows may share one stored blob (same SM3). */

/** A tag of a media file (one row per tag: exact filters and a tag list stay plain SQL). */

/** The media library's tables, to be merged into the platform's DB interface. */
export interface MediaTables {
  media_files: MediaFilesTable;
  media_tags: MediaTagsTable;
}

/** DB plus the media tables (equal to DB once schema.ts lists them). */
export type MediaDB = DB & MediaTables;

/** The same connection or transaction, typed to see the media tables. */
export function mediaDb(exec: Executor): Kysely<MediaDB> | Transaction<MediaDB> {
  return exec as unknown as Kysely<MediaDB>;
}

export type MediaKind = 'image' | 'audio' | 'video' | 'document';
