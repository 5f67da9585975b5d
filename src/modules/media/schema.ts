/** Request and response schemas of the media library. */
import { Type, type Static } from 'typebox';
import { oneOf, PageQuery } from '../../platform/http/schemas.ts';

export const KINDS = ['image', 'audio', 'video', 'document'] as const;

/** A tag: 1–30 characters; a file has at most 20. */
export const Tag = Type.String({ minLength: 1, maxLength: 30 });
export const MAX_TAGS = 20;

export const MediaListQuery = Type.Object({
  /** Part of the file name or of a tag. */
  q: Type.Optional(Type.String({ maxLength: 100 })),
  kind: Type.Optional(oneOf(KINDS)),
  /** Files carrying exactly this tag. */
  tag: Type.Optional(Tag),
  /** Only my uploads. */
  mine: Type.Optional(Type.Boolean()),
  sort: Type.Optional(oneOf(['createdAt', '-createdAt', 'name', '-name', 'size', '-size'] as const)),
  ...PageQuery,
}, { additionalProperties: false });
export type MediaListQuery = Static<typeof MediaListQuery>;

export const UpdateMediaBody = Type.Object({
  /** The file's tags, replacing the ones it had. */
  tags: Type.Array(Tag, { maxItems: MAX_TAGS }),
}, { additionalProperties: false });
export type UpdateMediaBody = Static<typeof UpdateMediaBody>;

export const VariantQuery = Type.Object({
  /** `thumb`: 320 px; `display`: 1280 px. Both WebP. */
  size: Type.Optional(oneOf(['thumb', 'display'] as const)),
}, { additionalProperties: false });
export type VariantQuery = Static<typeof VariantQuery>;

const Nullable = <T extends ReturnType<typeof Type.Integer> | ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const MediaOut = Type.Object({
  id: Type.String(),
  kind: oneOf(KINDS),
  format: Type.String(),
  mime: Type.String(),
  name: Type.String(),
  size: Type.Integer(),
  /** SM3 of the content: equal values mean the same bytes (a duplicate upload). */
  sm3: Type.String(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  codecs: Type.Object({ video: Nullable(Type.String()), audio: Nullable(Type.String()) }),
  tags: Type.Array(Type.String()),
  hasThumb: Type.Boolean(),
  uploadedBy: Type.Object({ id: Type.String(), name: Type.String() }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  urls: Type.Object({ file: Type.String(), thumb: Nullable(Type.String()), display: Nullable(Type.String()) }),
});

export const MediaDetailOut = Type.Object({
  ...MediaOut.properties,
  /** What sharp or ffprobe measured: decoder, codecs, sample rate, channels, bit rate, … */
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const UsageOut = Type.Object({
  items: Type.Array(Type.Object({
    manuscriptId: Type.String(),
    title: Type.String(),
    status: Type.String(),
    /** Where the current version uses the file; empty when only earlier versions did. */
    places: Type.Array(oneOf(['cover', 'body', 'attachment'] as const)),
    /** The current (or signed-off) version uses it: the file cannot be deleted. */
    blocking: Type.Boolean(),
    versions: Type.Array(Type.Integer()),
  })),
  /** Manuscripts using the file that the caller may not see (counted, not named). */
  hidden: Type.Integer(),
});

export const TagsOut = Type.Object({ items: Type.Array(Type.Object({ tag: Type.String(), count: Type.Integer() })) });
