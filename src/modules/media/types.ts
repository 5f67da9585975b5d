/** Row types of the media library's tables (migration 0004_media), declared in platform/db/schema.ts. */
import type { MediaFilesTable, MediaTagsTable } from '../../platform/db/schema.ts';

export type { MediaFilesTable, MediaTagsTable };

export type MediaKind = 'image' | 'audio' | 'video' | 'document';
