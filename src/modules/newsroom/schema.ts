/** Request and response schemas of the newsroom. */
import { Type, type Static } from 'typebox';
import { Id, oneOf, PageQuery } from '../../platform/http/schemas.ts';

const Line = (max: number) => Type.String({ maxLength: max });
export const KINDS = ['article', 'photo_set', 'video', 'audio', 'live', 'h5'] as const;
export const STATUSES = ['draft', 'in_review', 'returned', 'rejected', 'signed_off', 'published', 'unpublished', 'retracted'] as const;

export const ContentIn = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  subtitle: Type.Optional(Line(200)),
  summary: Type.Optional(Line(1000)),
  bodyHtml: Type.Optional(Type.String({ maxLength: 500_000 })),
  authorByline: Type.Optional(Line(200)),
  editorByline: Type.Optional(Line(200)),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 20 })),
  coverMediaId: Type.Optional(Type.Union([Id, Type.Null()])),
  source: Type.Optional(Line(200)),
  location: Type.Optional(Line(200)),
  attachments: Type.Optional(Type.Array(Type.Object({ mediaId: Id, name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), { maxItems: 50 })),
  /** For H5 and live items: the page or stream address. */
  linkUrl: Type.Optional(Type.Union([Type.Literal(''), Type.String({ maxLength: 1000, pattern: '^https?://[^\\s<>"]+$' })])),
}, { additionalProperties: false });
export type ContentIn = Static<typeof ContentIn>;

export const ContentOut = Type.Object({
  title: Type.String(), subtitle: Type.String(), summary: Type.String(), bodyHtml: Type.String(),
  authorByline: Type.String(), editorByline: Type.String(), tags: Type.Array(Type.String()),
  coverMediaId: Type.Union([Type.String(), Type.Null()]), source: Type.String(), location: Type.String(),
  attachments: Type.Array(Type.Object({ mediaId: Type.String(), name: Type.String() })), linkUrl: Type.String(),
});

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ManuscriptOut = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  status: Type.String(),
  reviewLevel: Type.Union([Type.Integer(), Type.Null()]),
  reviewLevels: Type.Integer(),
  version: Type.Integer(),
  columnId: Nullable(Type.String()),
  planId: Nullable(Type.String()),
  residentAccountId: Nullable(Type.String()),
  author: Type.Object({ id: Type.String(), name: Type.String() }),
  lock: Type.Union([Type.Object({ userId: Type.String(), name: Type.String(), until: Type.String() }), Type.Null()]),
  signedOff: Type.Union([Type.Object({ by: Type.String(), at: Type.String(), version: Type.Integer() }), Type.Null()]),
  /** A retraction (撤稿) waiting for the sign-off authority, or the reason of a done one. */
  retraction: Type.Union([Type.Object({ requestedBy: Type.Union([Type.String(), Type.Null()]), reason: Type.String(), requestedAt: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ManuscriptDetailOut = Type.Object({ ...ManuscriptOut.properties, content: ContentOut });

export const CreateManuscriptBody = Type.Object({
  kind: oneOf(KINDS),
  columnId: Type.Optional(Type.Union([Id, Type.Null()])),
  planId: Type.Optional(Type.Union([Id, Type.Null()])),
  content: ContentIn,
}, { additionalProperties: false });
export type CreateManuscriptBody = Static<typeof CreateManuscriptBody>;

export const SaveContentBody = Type.Object({
  baseVersion: Type.Integer({ minimum: 1 }),
  content: ContentIn,
  note: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export type SaveContentBody = Static<typeof SaveContentBody>;

export const ManuscriptListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(oneOf(STATUSES)),
  kind: Type.Optional(oneOf(KINDS)),
  columnId: Type.Optional(Id),
  planId: Type.Optional(Id),
  mine: Type.Optional(Type.Boolean()),
  /** Manuscripts waiting at this review level. */
  queue: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  sort: Type.Optional(oneOf(['updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'title', '-title'] as const)),
  ...PageQuery,
}, { additionalProperties: false });
export type ManuscriptListQuery = Static<typeof ManuscriptListQuery>;

export const ReviewBody = Type.Object({
  action: Type.Union([Type.Literal('submit'), Type.Literal('approve'), Type.Literal('return'), Type.Literal('reject')]),
  /** The version the reviewer read: a decision on text that changed since is refused. */
  version: Type.Integer({ minimum: 1 }),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  /** Sign off despite "block" safety findings; only the sign-off itself accepts it, and it is audited. */
  override: Type.Optional(Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false })),
}, { additionalProperties: false });
export type ReviewBody = Static<typeof ReviewBody>;

export const LockBody = Type.Object({ takeover: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const VersionOut = Type.Object({
  version: Type.Integer(), createdBy: Type.String(), createdByName: Type.String(), note: Nullable(Type.String()), createdAt: Type.String(), title: Type.String(),
});
export const VersionParams = Type.Object({ id: Id, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const DiffQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const DiffOut = Type.Object({
  from: Type.Integer(), to: Type.Integer(),
  fields: Type.Array(Type.Object({ field: Type.String(), ops: Type.Array(Type.Object({ op: Type.String(), text: Type.String() })) })),
});

export const TimelineOut = Type.Object({
  items: Type.Array(Type.Object({
    at: Type.String(), kind: Type.String(), action: Type.String(), level: Type.Union([Type.Integer(), Type.Null()]),
    version: Type.Integer(), actorId: Type.String(), actorName: Type.String(), reason: Nullable(Type.String()),
  })),
});

export const QueuesOut = Type.Object({
  levels: Type.Array(Type.Object({ level: Type.Integer(), waiting: Type.Integer(), oldestSince: Nullable(Type.String()) })),
  returnedToMe: Type.Integer(),
});

export const ColumnOut = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), reviewLevels: Type.Integer(), sort: Type.Integer() });
export const CreateColumnBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }), name: Type.String({ minLength: 1, maxLength: 100 }),
  reviewLevels: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })), sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
}, { additionalProperties: false });
export type CreateColumnBody = Static<typeof CreateColumnBody>;
export const UpdateColumnBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), reviewLevels: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
}, { additionalProperties: false, minProperties: 1 });
export type UpdateColumnBody = Static<typeof UpdateColumnBody>;
