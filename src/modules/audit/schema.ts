import { Type, type Static } from 'typebox';
import { Id, PageQuery } from '../../platform/http/schemas.ts';

export const AuditQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Type.String({ maxLength: 64 })),
    subjectType: Type.Optional(Type.String({ maxLength: 64 })),
    subjectId: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntryOut = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  at: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  subjectType: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  beforeId: Type.Union([Type.String(), Type.Null()]),
  afterId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Unknown(),
  hash: Type.String(),
  prevHash: Type.String(),
});

export const AuditIdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const VerifyOut = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String() })),
});
