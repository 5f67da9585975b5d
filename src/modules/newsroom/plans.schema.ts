/** Schemas of story plans (选题) and their assignments. */
import { Type, type Static } from 'typebox';
import { Id, oneOf, PageQuery } from '../../platform/http/schemas.ts';

export const CHANNELS = ['app', 'web', 'wechat', 'weibo', 'douyin', 'kuaishou', 'tv', 'radio', 'partner'] as const;
export const TASKS = ['reporter', 'photographer', 'video_editor', 'editor'] as const;
export const PLAN_STATUSES = ['proposed', 'approved', 'rejected', 'done', 'cancelled'] as const;

const Channel = oneOf(CHANNELS);
const DateTime = Type.String({ format: 'date-time' });

export const PlanOut = Type.Object({
  id: Type.String(), title: Type.String(), angle: Type.String(), channels: Type.Array(Type.String()),
  deadline: Type.Union([Type.String(), Type.Null()]), status: Type.String(),
  proposer: Type.Object({ id: Type.String(), name: Type.String() }),
  decision: Type.Union([Type.Object({ by: Type.String(), at: Type.String(), note: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  assignments: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), task: Type.String() })),
  manuscriptCount: Type.Integer(),
  createdAt: Type.String(), updatedAt: Type.String(),
});

export const CreatePlanBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  angle: Type.Optional(Type.String({ maxLength: 2000 })),
  channels: Type.Array(Channel, { minItems: 1, maxItems: CHANNELS.length, uniqueItems: true }),
  deadline: Type.Optional(Type.Union([DateTime, Type.Null()])),
}, { additionalProperties: false });
export type CreatePlanBody = Static<typeof CreatePlanBody>;

export const UpdatePlanBody = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  angle: Type.Optional(Type.String({ maxLength: 2000 })),
  channels: Type.Optional(Type.Array(Channel, { minItems: 1, maxItems: CHANNELS.length, uniqueItems: true })),
  deadline: Type.Optional(Type.Union([DateTime, Type.Null()])),
}, { additionalProperties: false, minProperties: 1 });
export type UpdatePlanBody = Static<typeof UpdatePlanBody>;

export const DecidePlanBody = Type.Object({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('done'), Type.Literal('cancel')]),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });
export type DecidePlanBody = Static<typeof DecidePlanBody>;

export const AssignBody = Type.Object({
  assignments: Type.Array(Type.Object({ userId: Id, task: oneOf(TASKS) }, { additionalProperties: false }), { maxItems: 30 }),
}, { additionalProperties: false });
export type AssignBody = Static<typeof AssignBody>;

export const PlanListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(oneOf(PLAN_STATUSES)),
  assignedToMe: Type.Optional(Type.Boolean()),
  /** Calendar: plans whose deadline falls in [from, to). */
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  ...PageQuery,
}, { additionalProperties: false });
export type PlanListQuery = Static<typeof PlanListQuery>;

export const BoardOut = Type.Object({
  columns: Type.Array(Type.Object({ status: Type.String(), total: Type.Integer(), items: Type.Array(PlanOut) })),
});
