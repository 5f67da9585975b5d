/** The fields of media rows that leave the server (storage keys and paths never do). */
import type { MediaRow } from './repository.ts';
import type { MediaKind } from './types.ts';

function detailsOf(row: MediaRow): Record<string, unknown> {
  try {
    const d: unknown = JSON.parse(row.details);
    return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: number | null): number | null => (v === null ? null : Number(v));

export function presentMedia(row: MediaRow, tags: string[]) {
  const d = detailsOf(row);
  const base = `/api/media/${row.id}`;
  return {
    id: row.id,
    kind: row.kind as MediaKind,
    format: row.format,
    mime: row.mime,
    name: row.name,
    size: Number(row.size),
    sm3: row.sm3,
    width: int(row.width),
    height: int(row.height),
    durationMs: int(row.duration_ms),
    codecs: { video: str(d.videoCodec), audio: str(d.audioCodec) },
    tags,
    hasThumb: row.thumb_key !== null,
    uploadedBy: { id: row.uploaded_by, name: row.uploader_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    urls: {
      file: `${base}/file`,
      thumb: row.thumb_key ? `${base}/thumb` : null,
      display: row.display_key ? `${base}/thumb?size=display` : null,
    },
  };
}

export function presentMediaDetail(row: MediaRow, tags: string[]) {
  return { ...presentMedia(row, tags), details: detailsOf(row) };
}
