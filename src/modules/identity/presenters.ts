/** The fields of identity rows that may leave the server. Nothing else does. */
import type { UserJoined } from './users.repository.ts';
import type { Static } from 'typebox';
import type { AreaOut, DepartmentOut, ResidentAccountOut, RoleOut, UserOut } from './schema.ts';
import { BUILTIN_ROLES, type BuiltinRole } from '../../platform/permissions.ts';
import type { AreasTable, DepartmentsTable, ResidentAccountsTable, RolesTable } from '../../platform/db/schema.ts';

export function presentUser(u: UserJoined, roles: string[]): UserOut {
  const locked = u.locked_until && u.locked_until > new Date().toISOString() ? u.locked_until : null;
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    status: u.status,
    lockedUntil: locked,
    department: u.department_id ? { id: u.department_id, code: u.dept_code ?? '', name: u.dept_name ?? '' } : null,
    residentAccount: u.resident_account_id ? { id: u.resident_account_id, name: u.ra_name ?? '', kind: u.ra_kind ?? '' } : null,
    roles,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
  };
}

export function presentRole(r: RolesTable & { user_count?: number | string | null }): Static<typeof RoleOut> {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    nameEn: roleNameEn(r),
    description: r.description,
    permissions: JSON.parse(r.permissions) as string[],
    builtin: Number(r.builtin) === 1,
    userCount: Number(r.user_count ?? 0),
  };
}

/** English label of a role: built-in roles have one; custom roles have only their own name. */
export function roleNameEn(r: { code: string; name: string; builtin: number }): string {
  return Number(r.builtin) === 1 && r.code in BUILTIN_ROLES ? BUILTIN_ROLES[r.code as BuiltinRole].en : r.name;
}

export function presentDepartment(d: DepartmentsTable & { user_count?: number | string | null }): Static<typeof DepartmentOut> {
  return { id: d.id, code: d.code, name: d.name, sort: Number(d.sort), userCount: Number(d.user_count ?? 0) };
}

export function presentResidentAccount(r: ResidentAccountsTable & { user_count?: number | string | null }): Static<typeof ResidentAccountOut> {
  return { id: r.id, kind: r.kind, name: r.name, areaCode: r.area_code, status: r.status, userCount: Number(r.user_count ?? 0), createdAt: r.created_at };
}

export function presentArea(a: AreasTable & { child_count?: number | string | null }): Static<typeof AreaOut> {
  return { code: a.code, name: a.name, level: a.level, parentCode: a.parent_code, childCount: Number(a.child_count ?? 0) };
}
