/**
 * The file formats the media library accepts, with the kind each counts as, the
 * Content-Type it is served with and the file-name extensions that may claim it.
 */
import type { MediaKind } from './types.ts';

export type FormatId =
  | 'jpeg' | 'png' | 'gif' | 'webp'
  | 'mp3' | 'wav' | 'flac' | 'm4a'
  | 'mp4' | 'mov' | 'ogg' | 'webm' | 'mkv'
  | 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'text';

export interface FormatInfo {
  /** The kind before probing. Containers (`mp4`, `ogg`, …) may turn out to hold audio only. */
  kind: MediaKind;
  /** Content-Type when it holds video (or is not a container). */
  mime: string;
  /** Content-Type when a container holds audio only. */
  audioMime?: string;
  /** Extensions a file name may have for this content. Containers of one family share theirs. */
  exts: readonly string[];
}

const MP4_FAMILY = ['mp4', 'm4a', 'm4v', 'm4b', 'mov'] as const;
const MATROSKA_FAMILY = ['webm', 'mkv', 'mka'] as const;
const OFFICE = 'application/vnd.openxmlformats-officedocument';

export const FORMATS: Record<FormatId, FormatInfo> = {
  jpeg: { kind: 'image', mime: 'image/jpeg', exts: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  png: { kind: 'image', mime: 'image/png', exts: ['png'] },
  gif: { kind: 'image', mime: 'image/gif', exts: ['gif'] },
  webp: { kind: 'image', mime: 'image/webp', exts: ['webp'] },
  mp3: { kind: 'audio', mime: 'audio/mpeg', exts: ['mp3', 'mp2', 'mpga'] },
  wav: { kind: 'audio', mime: 'audio/wav', exts: ['wav', 'wave'] },
  flac: { kind: 'audio', mime: 'audio/flac', exts: ['flac'] },
  m4a: { kind: 'audio', mime: 'audio/mp4', audioMime: 'audio/mp4', exts: MP4_FAMILY },
  mp4: { kind: 'video', mime: 'video/mp4', audioMime: 'audio/mp4', exts: MP4_FAMILY },
  mov: { kind: 'video', mime: 'video/quicktime', audioMime: 'audio/mp4', exts: MP4_FAMILY },
  ogg: { kind: 'video', mime: 'video/ogg', audioMime: 'audio/ogg', exts: ['ogg', 'oga', 'ogv', 'opus'] },
  webm: { kind: 'video', mime: 'video/webm', audioMime: 'audio/webm', exts: MATROSKA_FAMILY },
  mkv: { kind: 'video', mime: 'video/x-matroska', audioMime: 'audio/x-matroska', exts: MATROSKA_FAMILY },
  pdf: { kind: 'document', mime: 'application/pdf', exts: ['pdf'] },
  docx: { kind: 'document', mime: `${OFFICE}.wordprocessingml.document`, exts: ['docx'] },
  xlsx: { kind: 'document', mime: `${OFFICE}.spreadsheetml.sheet`, exts: ['xlsx'] },
  pptx: { kind: 'document', mime: `${OFFICE}.presentationml.presentation`, exts: ['pptx'] },
  text: { kind: 'document', mime: 'text/plain; charset=utf-8', exts: ['txt', 'text', 'md', 'csv', 'log', 'srt', 'vtt', 'lrc'] },
};

/** Formats whose kind (audio or video) is known only once ffprobe has looked inside. */
export function isContainer(format: FormatId): boolean {
  return FORMATS[format].audioMime !== undefined;
}

/** Largest accepted size of each kind, in bytes. */
export interface MediaLimits {
  image: number;
  audio: number;
  video: number;
  document: number;
}

const MB = 1024 * 1024;

/** 20 MB images and documents, 50 MB audio, 200 MB video. */
export const DEFAULT_LIMITS: MediaLimits = { image: 20 * MB, audio: 50 * MB, video: 200 * MB, document: 20 * MB };

/** The largest of the limits: what the multipart parser lets through at most. */
export function largestLimit(limits: MediaLimits): number {
  return Math.max(limits.image, limits.audio, limits.video, limits.document);
}

/** The lower-case extension a file name claims, or null when it claims none. */
export function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return null;
  return name.slice(dot + 1).toLowerCase();
}
