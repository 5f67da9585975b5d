/** All SQL about users and their roles. Every query is scoped to one center. */
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.ts';
import type { UsersTable } from '../../platform/db/schema.ts';
import { containsText } from '../../platform/db/sql.ts';
import type { UserListQuery } from './schema.ts';

export type UserRow = UsersTable;

export interface UserJoined extends UserRow {
  dept_code: string | null;
  dept_name: string | null;
  ra_name: string | null;
  ra_kind: string | null;
}

function joinedUsers(exec: Executor) {
  return exec
    .selectFrom('users as u')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .leftJoin('resident_accounts as ra', 'ra.id', 'u.resident_account_id')
    .selectAll('u')
    .select(['d.code as dept_code', 'd.name as dept_name', 'ra.name as ra_name', 'ra.kind as ra_kind']);
}

export async function findUser(exec: Executor, centerId: string, id: string): Promise<UserJoined | undefined> {
  return joinedUsers(exec).where('u.center_id', '=', centerId).where('u.id', '=', id).executeTakeFirst();
}

/** Users with this username in any center (or only in the center with `centerCode`). */
export async function findLoginCandidates(exec: Executor, username: string, centerCode?: string) {
  let q = exec
    .selectFrom('users as u')
    .innerJoin('centers as c', 'c.id', 'u.center_id')
    .selectAll('u')
    .select(['c.code as center_code'])
    .where('u.username', '=', username);
  if (centerCode) q = q.where('c.code', '=', centerCode);
  return q.execute();
}

const SORTS = {
  username: 'u.username',
  displayName: 'u.display_name',
  createdAt: 'u.created_at',
} as const;

export async function listUsers(exec: Executor, centerId: string, q: UserListQuery, offset: number, limit: number) {
  let base = exec.selectFrom('users as u').where('u.center_id', '=', centerId);
  if (q.q) base = base.where((eb) => eb.or([containsText('u.username', q.q!), containsText('u.display_name', q.q!)]));
  if (q.status) base = base.where('u.status', '=', q.status);
  if (q.departmentId) base = base.where('u.department_id', '=', q.departmentId);
  if (q.role) {
    const role = q.role;
    base = base.where('u.id', 'in', (eb) =>
      eb.selectFrom('user_roles as ur').innerJoin('roles as r', 'r.id', 'ur.role_id').select('ur.user_id').where('r.code', '=', role).where('r.center_id', '=', centerId),
    );
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const sort = q.sort ?? 'username';
  const desc = sort.startsWith('-');
  const column = SORTS[sort.replace('-', '') as keyof typeof SORTS];
  const ids = await base.select('u.id').orderBy(column, desc ? 'desc' : 'asc').orderBy('u.id').offset(offset).limit(limit).execute();
  const rows = ids.length
    ? await joinedUsers(exec).where('u.id', 'in', ids.map((r) => r.id)).where('u.center_id', '=', centerId).execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { total: Number(total.n), rows: ids.map((r) => byId.get(r.id)!).filter(Boolean) };
}

/** Role codes per user id. */
export async function roleCodesOf(exec: Executor, centerId: string, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await exec
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', 'r.id', 'ur.role_id')
    .select(['ur.user_id', 'r.code'])
    .where('ur.center_id', '=', centerId)
    .where('ur.user_id', 'in', userIds)
    .orderBy('r.code')
    .execute();
  for (const r of rows) out.get(r.user_id)?.push(r.code);
  return out;
}

export async function insertUser(exec: Executor, row: UserRow): Promise<void> {
  await exec.insertInto('users').values(row).execute();
}

export async function updateUser(exec: Executor, centerId: string, id: string, patch: Partial<UserRow>): Promise<void> {
  await exec.updateTable('users').set({ ...patch, updated_at: new Date().toISOString() }).where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function setUserRoles(exec: Executor, centerId: string, userId: string, roleIds: string[]): Promise<void> {
  await exec.deleteFrom('user_roles').where('center_id', '=', centerId).where('user_id', '=', userId).execute();
  if (roleIds.length) {
    await exec.insertInto('user_roles').values(roleIds.map((role_id) => ({ center_id: centerId, user_id: userId, role_id }))).execute();
  }
}

/** Counts a failed login and locks the account at `maxFailures`; returns the new lock time if locked. */
export async function recordLoginFailure(exec: Executor, userId: string, maxFailures: number, lockMinutes: number): Promise<string | null> {
  await exec.updateTable('users').set({ failed_logins: sql`failed_logins + 1` }).where('id', '=', userId).execute();
  const row = await exec.selectFrom('users').select('failed_logins').where('id', '=', userId).executeTakeFirstOrThrow();
  if (Number(row.failed_logins) < maxFailures) return null;
  const until = new Date(Date.now() + lockMinutes * 60_000).toISOString();
  await exec.updateTable('users').set({ locked_until: until, failed_logins: 0 }).where('id', '=', userId).execute();
  return until;
}

export async function countUsers(exec: Executor, centerId: string): Promise<number> {
  const r = await exec.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('center_id', '=', centerId).executeTakeFirstOrThrow();
  return Number(r.n);
}
