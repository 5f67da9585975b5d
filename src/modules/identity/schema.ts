/** Request and response schemas of the identity module; types are inferred from them. */
import { Type, type Static } from 'typebox';
import { Id, oneOf, PageQuery } from '../../platform/http/schemas.ts';

const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
const Password = Type.String({ minLength: 1, maxLength: 256 });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
const AreaCode = Type.String({ pattern: '^\\d{12}$' });
const NullableId = Type.Union([Id, Type.Null()]);

export const CenterOut = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });

export const UserOut = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  status: Type.String(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  department: Type.Union([Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }), Type.Null()]),
  residentAccount: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }), Type.Null()]),
  roles: Type.Array(Type.String()),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type UserOut = Static<typeof UserOut>;

const RoleLabel = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() });
export const MeOut = Type.Object({ user: UserOut, center: CenterOut, permissions: Type.Array(Type.String()), roleLabels: Type.Array(RoleLabel) });

export const LoginBody = Type.Object(
  { username: Username, password: Password, center: Type.Optional(Code) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const TokenOut = Type.Object({ token: Type.String(), tokenType: Type.Literal('Bearer'), expiresAt: Type.String(), ...MeOut.properties });

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
    role: Type.Optional(Code),
    departmentId: Type.Optional(Id),
    sort: Type.Optional(oneOf(['username', '-username', 'createdAt', '-createdAt', 'displayName', '-displayName'] as const)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;

export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: Name,
    password: Password,
    departmentId: Type.Optional(NullableId),
    residentAccountId: Type.Optional(NullableId),
    roles: Type.Array(Code, { maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Name),
    departmentId: Type.Optional(NullableId),
    residentAccountId: Type.Optional(NullableId),
    roles: Type.Optional(Type.Array(Code, { maxItems: 20, uniqueItems: true })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const ResetPasswordBody = Type.Object({ password: Password }, { additionalProperties: false });

export const RoleOut = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  /** English name: the built-in label for built-in roles, else the same as name. */
  nameEn: Type.String(),
  description: Type.String(),
  permissions: Type.Array(Type.String()),
  builtin: Type.Boolean(),
  userCount: Type.Integer(),
});
export const CreateRoleBody = Type.Object(
  { code: Code, name: Name, description: Type.Optional(Type.String({ maxLength: 500 })), permissions: Type.Array(Code, { maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false },
);
export type CreateRoleBody = Static<typeof CreateRoleBody>;
export const UpdateRoleBody = Type.Object(
  { name: Type.Optional(Name), description: Type.Optional(Type.String({ maxLength: 500 })), permissions: Type.Optional(Type.Array(Code, { maxItems: 500, uniqueItems: true })) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateRoleBody = Static<typeof UpdateRoleBody>;

export const PermissionOut = Type.Object({ key: Type.String(), module: Type.String(), zh: Type.String(), en: Type.String() });

export const DepartmentOut = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), sort: Type.Integer(), userCount: Type.Integer() });
export const CreateDepartmentBody = Type.Object(
  { code: Code, name: Name, sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })) },
  { additionalProperties: false },
);
export type CreateDepartmentBody = Static<typeof CreateDepartmentBody>;
export const UpdateDepartmentBody = Type.Object(
  { code: Type.Optional(Code), name: Type.Optional(Name), sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDepartmentBody = Static<typeof UpdateDepartmentBody>;

const ResidentKind = Type.Union([Type.Literal('town'), Type.Literal('department')]);
export const ResidentAccountOut = Type.Object({
  id: Type.String(), kind: Type.String(), name: Type.String(), areaCode: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(), userCount: Type.Integer(), createdAt: Type.String(),
});
export const ResidentListQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 100 })), kind: Type.Optional(ResidentKind), ...PageQuery },
  { additionalProperties: false },
);
export type ResidentListQuery = Static<typeof ResidentListQuery>;
export const CreateResidentBody = Type.Object(
  { kind: ResidentKind, name: Name, areaCode: Type.Optional(Type.Union([AreaCode, Type.Null()])) },
  { additionalProperties: false },
);
export type CreateResidentBody = Static<typeof CreateResidentBody>;
export const UpdateResidentBody = Type.Object(
  {
    name: Type.Optional(Name),
    areaCode: Type.Optional(Type.Union([AreaCode, Type.Null()])),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateResidentBody = Static<typeof UpdateResidentBody>;

export const AreaOut = Type.Object({
  code: Type.String(), name: Type.String(), level: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]), childCount: Type.Integer(),
});
export const AreaQuery = Type.Object({ parent: Type.Optional(AreaCode) }, { additionalProperties: false });

export const OverviewOut = Type.Object({ users: Type.Integer(), departments: Type.Integer(), residentAccounts: Type.Integer(), areas: Type.Integer() });
