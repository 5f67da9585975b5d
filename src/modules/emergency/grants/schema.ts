/** Request and response schemas of broadcast rights: grants, operator scopes, my scope. */
import { Type, type Static } from 'typebox';
import { Id, oneOf } from '../../../platform/http/schemas.ts';

const AreaCode = Type.String({ pattern: '^\\d{12}$' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const GRANT_STATUSES = ['active', 'pending', 'expired', 'revoked'] as const;

export const GrantIn = Type.Object({
  /** A town or village of the center; the grant covers everything inside it. */
  areaCode: AreaCode,
  mayReal: Type.Boolean(),
  mayDrill: Type.Boolean(),
  /** The most severe level allowed: 1 = I (all levels) … 4 = IV only. */
  maxSeverity: Type.Integer({ minimum: 1, maximum: 4 }),
  /** Default: now. */
  validFrom: Type.Optional(DateTime),
  /** Null or absent: until revoked. */
  validTo: Type.Optional(Nullable(DateTime)),
  note: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export type GrantIn = Static<typeof GrantIn>;

export const GrantListQuery = Type.Object({
  status: Type.Optional(oneOf(GRANT_STATUSES)),
  areaCode: Type.Optional(AreaCode),
}, { additionalProperties: false });
export type GrantListQuery = Static<typeof GrantListQuery>;

export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export const ScopeBody = Type.Object({ areaCode: Type.Union([AreaCode, Type.Null()]) }, { additionalProperties: false });
export const UserIdParams = Type.Object({ userId: Id }, { additionalProperties: false });

const Person = Type.Object({ id: Type.String(), name: Type.String() });
const Scope = Type.Object({ areaCode: Type.String(), areaName: Type.String() });

export const GrantOut = Type.Object({
  id: Type.String(), areaCode: Type.String(), areaName: Type.String(), mayReal: Type.Boolean(), mayDrill: Type.Boolean(),
  maxSeverity: Type.Integer(), validFrom: Type.String(), validTo: Nullable(Type.String()), status: oneOf(GRANT_STATUSES),
  grantedBy: Person, grantedAt: Type.String(), revokedBy: Type.Union([Person, Type.Null()]), revokedAt: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()), note: Nullable(Type.String()),
});

export const OperatorOut = Type.Object({
  id: Type.String(), username: Type.String(), displayName: Type.String(), status: Type.String(),
  roles: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() })), scope: Type.Union([Scope, Type.Null()]),
});

export const MyScopeOut = Type.Object({
  /** True: no scope, the whole center, no grant needed. */
  countyLevel: Type.Boolean(),
  scope: Type.Union([Scope, Type.Null()]),
  /** Active grants that reach the scope. */
  grants: Type.Array(GrantOut),
  /** Where the user may send now, per grant: the deeper of the grant's area and the scope. */
  areas: Type.Array(Type.Object({ areaCode: Type.String(), areaName: Type.String(), grantId: Type.String(), mayReal: Type.Boolean(), mayDrill: Type.Boolean(), maxSeverity: Type.Integer() })),
});
