/**
 * Row types of the media library's tables (migration 0004_media). The platform's DB
 * interface gains them as `media_files: MediaFilesTable` and `media_tags: MediaTagsTable`
 * (or `interface DB extends MediaTables`); until then the repository reads them through
 * `MediaDB`, which adds them to DB locally.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../../platform/db/index.ts';

/** One uploaded file of a center. Several rows may share one stored blob (same SM3). */
export interface MediaFilesTable {
  id: string;
  center_id: string;
  /** image | audio | video | document */
  kind: string;
  /** What the content is (sniffed), e.g. `png`, `mp3`, `mp4`, `docx`, `text`. */
  format: string;
  /** The Content-Type it is served with. */
  mime: string;
  /** The uploader's file name (base name, control characters removed). */
  name: string;
  size: number;
  /** SM3 of the bytes, lower-case hex: the blob's identity. */
  sm3: string;
  storage_key: string;
  thumb_key: string | null;
  display_key: string | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  /** JSON: codecs, sample rate, channels, bit rate, … (what ffprobe or sharp found). */
  details: string;
  uploaded_by: string;
  resident_account_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A tag of a media file (one row per tag: exact filters and a tag list stay plain SQL). */
export interface MediaTagsTable {
  center_id: string;
  media_id: string;
  tag: string;
}

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
