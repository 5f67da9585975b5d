/** All SQL about roles. Permissions are stored as a JSON array of keys. */
import type { Executor } from '../../platform/db/index.ts';
import type { RolesTable } from '../../platform/db/schema.ts';

export type RoleRow = RolesTable;

export async function listRoles(exec: Executor, centerId: string) {
  return exec
    .selectFrom('roles as r')
    .selectAll('r')
    .select((eb) => eb.selectFrom('user_roles as ur').whereRef('ur.role_id', '=', 'r.id').select((e2) => e2.fn.countAll<number>().as('n')).as('user_count'))
    .where('r.center_id', '=', centerId)
    .orderBy('r.builtin', 'desc')
    .orderBy('r.code')
    .execute();
}

export async function findRole(exec: Executor, centerId: string, id: string): Promise<RoleRow | undefined> {
  return exec.selectFrom('roles').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}

export async function findRolesByCodes(exec: Executor, centerId: string, codes: string[]): Promise<RoleRow[]> {
  if (!codes.length) return [];
  return exec.selectFrom('roles').selectAll().where('center_id', '=', centerId).where('code', 'in', codes).execute();
}

export async function insertRole(exec: Executor, row: RoleRow): Promise<void> {
  await exec.insertInto('roles').values(row).execute();
}

export async function updateRole(exec: Executor, centerId: string, id: string, patch: Partial<RoleRow>): Promise<void> {
  await exec.updateTable('roles').set(patch).where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function deleteRole(exec: Executor, centerId: string, id: string): Promise<void> {
  await exec.deleteFrom('roles').where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function roleUserCount(exec: Executor, roleId: string): Promise<number> {
  const r = await exec.selectFrom('user_roles').select((eb) => eb.fn.countAll<number>().as('n')).where('role_id', '=', roleId).executeTakeFirstOrThrow();
  return Number(r.n);
}
