/** All SQL about centers, departments, resident accounts and areas. */
import type { Executor } from '../../platform/db/index.ts';
import type { AreasTable, CentersTable, DepartmentsTable, ResidentAccountsTable } from '../../platform/db/schema.ts';
import { containsText } from '../../platform/db/sql.ts';
import type { ResidentListQuery } from './schema.ts';

export async function findCenterByCode(exec: Executor, code: string): Promise<CentersTable | undefined> {
  return exec.selectFrom('centers').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertCenter(exec: Executor, row: CentersTable): Promise<void> {
  await exec.insertInto('centers').values(row).execute();
}

export async function listCenters(exec: Executor): Promise<CentersTable[]> {
  return exec.selectFrom('centers').selectAll().orderBy('created_at').execute();
}

export async function listDepartments(exec: Executor, centerId: string) {
  return exec
    .selectFrom('departments as d')
    .selectAll('d')
    .select((eb) => eb.selectFrom('users as u').whereRef('u.department_id', '=', 'd.id').select((e2) => e2.fn.countAll<number>().as('n')).as('user_count'))
    .where('d.center_id', '=', centerId)
    .orderBy('d.sort')
    .orderBy('d.code')
    .execute();
}

export async function findDepartment(exec: Executor, centerId: string, id: string): Promise<DepartmentsTable | undefined> {
  return exec.selectFrom('departments').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}

export async function insertDepartment(exec: Executor, row: DepartmentsTable): Promise<void> {
  await exec.insertInto('departments').values(row).execute();
}

export async function updateDepartment(exec: Executor, centerId: string, id: string, patch: Partial<DepartmentsTable>): Promise<void> {
  await exec.updateTable('departments').set(patch).where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function deleteDepartment(exec: Executor, centerId: string, id: string): Promise<void> {
  await exec.deleteFrom('departments').where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function departmentUserCount(exec: Executor, id: string): Promise<number> {
  const r = await exec.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('department_id', '=', id).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listResidentAccounts(exec: Executor, centerId: string, q: ResidentListQuery, offset: number, limit: number) {
  let base = exec.selectFrom('resident_accounts as ra').where('ra.center_id', '=', centerId);
  if (q.q) base = base.where(containsText('ra.name', q.q));
  if (q.kind) base = base.where('ra.kind', '=', q.kind);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('ra')
    .select((eb) => eb.selectFrom('users as u').whereRef('u.resident_account_id', '=', 'ra.id').select((e2) => e2.fn.countAll<number>().as('n')).as('user_count'))
    .orderBy('ra.kind', 'desc')
    .orderBy('ra.area_code')
    .orderBy('ra.name')
    .offset(offset)
    .limit(limit)
    .execute();
  return { total: Number(total.n), rows };
}

export async function findResidentAccount(exec: Executor, centerId: string, id: string): Promise<ResidentAccountsTable | undefined> {
  return exec.selectFrom('resident_accounts').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}

export async function insertResidentAccount(exec: Executor, row: ResidentAccountsTable): Promise<void> {
  await exec.insertInto('resident_accounts').values(row).execute();
}

export async function updateResidentAccount(exec: Executor, centerId: string, id: string, patch: Partial<ResidentAccountsTable>): Promise<void> {
  await exec.updateTable('resident_accounts').set(patch).where('center_id', '=', centerId).where('id', '=', id).execute();
}

export async function listAreaChildren(exec: Executor, centerId: string, parent: string | null) {
  let q = exec
    .selectFrom('areas as a')
    .selectAll('a')
    .select((eb) =>
      eb.selectFrom('areas as c').whereRef('c.parent_code', '=', 'a.code').whereRef('c.center_id', '=', 'a.center_id').select((e2) => e2.fn.countAll<number>().as('n')).as('child_count'),
    )
    .where('a.center_id', '=', centerId);
  q = parent
    ? q.where('a.parent_code', '=', parent)
    : q.where((eb) => eb.or([eb('a.parent_code', 'is', null), eb.not(eb.exists(eb.selectFrom('areas as p').select('p.code').whereRef('p.code', '=', 'a.parent_code').whereRef('p.center_id', '=', 'a.center_id')))]));
  return q.orderBy('a.code').execute();
}

export async function findArea(exec: Executor, centerId: string, code: string): Promise<AreasTable | undefined> {
  return exec.selectFrom('areas').selectAll().where('center_id', '=', centerId).where('code', '=', code).executeTakeFirst();
}

export async function insertAreas(exec: Executor, rows: AreasTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await exec.insertInto('areas').values(rows.slice(i, i + 200)).execute();
}

export async function countRows(exec: Executor, table: 'departments' | 'resident_accounts' | 'areas', centerId: string): Promise<number> {
  const r = await exec.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('center_id', '=', centerId).executeTakeFirstOrThrow();
  return Number(r.n);
}
