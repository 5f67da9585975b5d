/** Use cases on departments, resident accounts (入驻单位) and areas. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import { isUniqueViolation } from '../../platform/db/sql.ts';
import { pageOf } from '../../platform/http/schemas.ts';
import * as org from './org.repository.ts';
import { countUsers } from './users.repository.ts';
import { presentArea, presentDepartment, presentResidentAccount } from './presenters.ts';
import type {
  CreateDepartmentBody, CreateResidentBody, ResidentListQuery, UpdateDepartmentBody, UpdateResidentBody,
} from './schema.ts';

function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

export async function listDepartments(db: Db, ctx: RequestContext) {
  return { items: (await org.listDepartments(db, ctx.actor.centerId)).map(presentDepartment) };
}

export async function createDepartment(db: Db, ctx: RequestContext, b: CreateDepartmentBody) {
  const row = { id: randomUUID(), center_id: ctx.actor.centerId, code: b.code, name: b.name, sort: b.sort ?? 0, created_at: new Date().toISOString() };
  try {
    await db.transaction().execute(async (tx) => {
      await org.insertDepartment(tx, row);
      await recordAudit(tx, { ...who(ctx), action: 'identity.department.create', subjectType: 'department', subjectId: row.id, afterId: row.id, detail: { code: b.code, name: b.name } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('DEPARTMENT_CODE_TAKEN', { field: 'code' });
    throw err;
  }
  return presentDepartment(row);
}

export async function updateDepartment(db: Db, ctx: RequestContext, id: string, b: UpdateDepartmentBody) {
  try {
    return await db.transaction().execute(async (tx) => {
      const before = await org.findDepartment(tx, ctx.actor.centerId, id);
      if (!before) throw appError('DEPARTMENT_NOT_FOUND');
      await org.updateDepartment(tx, ctx.actor.centerId, id, b);
      await recordAudit(tx, { ...who(ctx), action: 'identity.department.update', subjectType: 'department', subjectId: id, beforeId: id, afterId: id, detail: { before, changes: b } });
      return presentDepartment({ ...before, ...b, user_count: 0 });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('DEPARTMENT_CODE_TAKEN', { field: 'code' });
    throw err;
  }
}

export async function deleteDepartment(db: Db, ctx: RequestContext, id: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await org.findDepartment(tx, ctx.actor.centerId, id);
    if (!before) throw appError('DEPARTMENT_NOT_FOUND');
    if ((await org.departmentUserCount(tx, id)) > 0) throw appError('DEPARTMENT_IN_USE');
    await org.deleteDepartment(tx, ctx.actor.centerId, id);
    await recordAudit(tx, { ...who(ctx), action: 'identity.department.delete', subjectType: 'department', subjectId: id, beforeId: id, detail: { before } });
  });
}

export async function listResidentAccounts(db: Db, ctx: RequestContext, q: ResidentListQuery) {
  const { page, pageSize, offset } = pageOf(q);
  const { total, rows } = await org.listResidentAccounts(db, ctx.actor.centerId, q, offset, pageSize);
  return { items: rows.map(presentResidentAccount), total, page, pageSize };
}

async function assertArea(db: Db, centerId: string, code: string | null | undefined) {
  if (code && !(await org.findArea(db, centerId, code))) throw appError('AREA_NOT_FOUND', { field: 'areaCode' });
}

export async function createResidentAccount(db: Db, ctx: RequestContext, b: CreateResidentBody) {
  await assertArea(db, ctx.actor.centerId, b.areaCode);
  const row = { id: randomUUID(), center_id: ctx.actor.centerId, kind: b.kind, name: b.name, area_code: b.areaCode ?? null, status: 'active', created_at: new Date().toISOString() };
  try {
    await db.transaction().execute(async (tx) => {
      await org.insertResidentAccount(tx, row);
      await recordAudit(tx, { ...who(ctx), action: 'identity.resident_account.create', subjectType: 'resident_account', subjectId: row.id, afterId: row.id, detail: { kind: b.kind, name: b.name } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('RESIDENT_ACCOUNT_NAME_TAKEN', { field: 'name' });
    throw err;
  }
  return presentResidentAccount(row);
}

export async function updateResidentAccount(db: Db, ctx: RequestContext, id: string, b: UpdateResidentBody) {
  await assertArea(db, ctx.actor.centerId, b.areaCode);
  try {
    return await db.transaction().execute(async (tx) => {
      const before = await org.findResidentAccount(tx, ctx.actor.centerId, id);
      if (!before) throw appError('RESIDENT_ACCOUNT_NOT_FOUND');
      const patch = { ...(b.name !== undefined && { name: b.name }), ...(b.areaCode !== undefined && { area_code: b.areaCode }), ...(b.status !== undefined && { status: b.status }) };
      await org.updateResidentAccount(tx, ctx.actor.centerId, id, patch);
      await recordAudit(tx, { ...who(ctx), action: 'identity.resident_account.update', subjectType: 'resident_account', subjectId: id, beforeId: id, afterId: id, detail: { before, changes: b } });
      return presentResidentAccount({ ...before, ...patch });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('RESIDENT_ACCOUNT_NAME_TAKEN', { field: 'name' });
    throw err;
  }
}

export async function listAreas(db: Db, ctx: RequestContext, parent: string | undefined) {
  if (parent && !(await org.findArea(db, ctx.actor.centerId, parent))) throw appError('AREA_NOT_FOUND', { field: 'query.parent' });
  return { items: (await org.listAreaChildren(db, ctx.actor.centerId, parent ?? null)).map(presentArea) };
}

export async function overview(db: Db, ctx: RequestContext) {
  const c = ctx.actor.centerId;
  return {
    users: await countUsers(db, c),
    departments: await org.countRows(db, 'departments', c),
    residentAccounts: await org.countRows(db, 'resident_accounts', c),
    areas: await org.countRows(db, 'areas', c),
  };
}
