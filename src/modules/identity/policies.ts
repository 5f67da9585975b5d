/** Who may do what with centers, users, roles, departments, resident accounts and areas. */
import type { Actor } from '../../platform/auth/actor.ts';
import { appError } from '../../platform/errors.ts';
import type { PermissionDef } from '../../platform/permissions.ts';

export const P = {
  usersRead: 'identity.users.read',
  usersManage: 'identity.users.manage',
  rolesManage: 'identity.roles.manage',
  departmentsManage: 'identity.departments.manage',
  residentAccountsManage: 'identity.resident_accounts.manage',
  areasRead: 'identity.areas.read',
} as const;

export const identityPermissions: PermissionDef[] = [
  { key: P.usersRead, module: 'identity', zh: '查看用户', en: 'View users', roles: ['auditor'] },
  { key: P.usersManage, module: 'identity', zh: '管理用户', en: 'Manage users', roles: [] },
  { key: P.rolesManage, module: 'identity', zh: '管理角色与权限', en: 'Manage roles and permissions', roles: [] },
  { key: P.departmentsManage, module: 'identity', zh: '管理部门', en: 'Manage departments', roles: [] },
  { key: P.residentAccountsManage, module: 'identity', zh: '管理入驻单位', en: 'Manage resident accounts', roles: [] },
  {
    key: P.areasRead, module: 'identity', zh: '查看行政区划', en: 'View areas',
    roles: ['editor', 'reviewer', 'leader', 'eb_operator', 'eb_approver', 'engineer', 'analyst', 'resident_staff', 'auditor'],
  },
];

/**
 * Only a holder of every permission in a role may grant it: a user manager cannot
 * make someone (or themself) more powerful than they are.
 */
export function assertMayGrant(actor: Actor, rolePermissions: string[][]): void {
  for (const perms of rolePermissions) {
    for (const p of perms) {
      if (!actor.permissions.has(p)) {
        throw appError('PERMISSION_DENIED', { field: 'roles', message: `You cannot grant a role that holds ${p}, a permission you do not have.` });
      }
    }
  }
}
