/** Use cases on users: list, create, change, disable, unlock, reset password. */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { assertPasswordStrong, hashPassword } from '../../platform/auth/password.ts';
import { revokeUserSessions } from '../../platform/auth/sessions.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import { isUniqueViolation } from '../../platform/db/sql.ts';
import { pageOf } from '../../platform/http/schemas.ts';
import * as users from './users.repository.ts';
import * as rolesRepo from './roles.repository.ts';
import * as org from './org.repository.ts';
import { presentUser } from './presenters.ts';
import { assertMayGrant } from './policies.ts';
import type { CreateUserBody, UpdateUserBody, UserListQuery, UserOut } from './schema.ts';

function auditActor(ctx: RequestContext) {
  return { id: ctx.actor.userId, name: ctx.actor.username };
}

export async function listUsers(db: Db, ctx: RequestContext, q: UserListQuery) {
  const { page, pageSize, offset } = pageOf(q);
  const { total, rows } = await users.listUsers(db, ctx.actor.centerId, q, offset, pageSize);
  const roles = await users.roleCodesOf(db, ctx.actor.centerId, rows.map((r) => r.id));
  return { items: rows.map((r) => presentUser(r, roles.get(r.id) ?? [])), total, page, pageSize };
}

export async function getUser(exec: Executor, centerId: string, id: string): Promise<UserOut> {
  const row = await users.findUser(exec, centerId, id);
  if (!row) throw appError('USER_NOT_FOUND');
  const roles = await users.roleCodesOf(exec, centerId, [id]);
  return presentUser(row, roles.get(id) ?? []);
}

async function resolveRoles(exec: Executor, ctx: RequestContext, codes: string[]) {
  const found = await rolesRepo.findRolesByCodes(exec, ctx.actor.centerId, codes);
  const missing = codes.filter((c) => !found.some((r) => r.code === c));
  if (missing.length) throw appError('ROLE_NOT_FOUND', { field: 'roles', message: `No such role: ${missing.join(', ')}.` });
  assertMayGrant(ctx.actor, found.map((r) => JSON.parse(r.permissions) as string[]));
  return found;
}

async function assertOrgRefs(exec: Executor, centerId: string, b: { departmentId?: string | null; residentAccountId?: string | null }) {
  if (b.departmentId && !(await org.findDepartment(exec, centerId, b.departmentId))) throw appError('DEPARTMENT_NOT_FOUND', { field: 'departmentId' });
  if (b.residentAccountId && !(await org.findResidentAccount(exec, centerId, b.residentAccountId))) {
    throw appError('RESIDENT_ACCOUNT_NOT_FOUND', { field: 'residentAccountId' });
  }
}

export async function createUser(db: Db, ctx: RequestContext, b: CreateUserBody): Promise<UserOut> {
  assertPasswordStrong(b.password, b.username);
  const passwordHash = await hashPassword(b.password);
  const centerId = ctx.actor.centerId;
  try {
    return await db.transaction().execute(async (tx) => {
      await assertOrgRefs(tx, centerId, b);
      const roles = await resolveRoles(tx, ctx, b.roles);
      const now = new Date().toISOString();
      const id = randomUUID();
      await users.insertUser(tx, {
        id, center_id: centerId, username: b.username, display_name: b.displayName, password_hash: passwordHash,
        department_id: b.departmentId ?? null, resident_account_id: b.residentAccountId ?? null, status: 'active',
        failed_logins: 0, locked_until: null, password_changed_at: now, last_login_at: null, created_at: now, updated_at: now,
      });
      await users.setUserRoles(tx, centerId, id, roles.map((r) => r.id));
      await recordAudit(tx, {
        centerId, actor: auditActor(ctx), action: 'identity.user.create', subjectType: 'user', subjectId: id, afterId: id, ip: ctx.ip,
        detail: { username: b.username, displayName: b.displayName, roles: b.roles, departmentId: b.departmentId ?? null },
      });
      return getUser(tx, centerId, id);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('USERNAME_TAKEN', { field: 'username' });
    throw err;
  }
}

export async function updateUser(db: Db, ctx: RequestContext, id: string, b: UpdateUserBody): Promise<UserOut> {
  const centerId = ctx.actor.centerId;
  return db.transaction().execute(async (tx) => {
    const before = await getUser(tx, centerId, id);
    if (id === ctx.actor.userId && (b.status === 'disabled' || b.roles !== undefined)) {
      throw appError('USER_CANNOT_DISABLE_SELF', { field: b.roles !== undefined ? 'roles' : 'status' });
    }
    await assertOrgRefs(tx, centerId, b);
    const patch: Parameters<typeof users.updateUser>[3] = {};
    if (b.displayName !== undefined) patch.display_name = b.displayName;
    if (b.departmentId !== undefined) patch.department_id = b.departmentId;
    if (b.residentAccountId !== undefined) patch.resident_account_id = b.residentAccountId;
    if (b.status !== undefined) patch.status = b.status;
    await users.updateUser(tx, centerId, id, patch);
    if (b.roles !== undefined) {
      // Taking away a role needs the same rights as giving it.
      const touched = [...new Set([...b.roles, ...before.roles])];
      await resolveRoles(tx, ctx, touched);
      const roles = await rolesRepo.findRolesByCodes(tx, centerId, b.roles);
      await users.setUserRoles(tx, centerId, id, roles.map((r) => r.id));
    }
    if (b.status === 'disabled') await revokeUserSessions(tx, id);
    const after = await getUser(tx, centerId, id);
    await recordAudit(tx, {
      centerId, actor: auditActor(ctx), action: b.status === 'disabled' ? 'identity.user.disable' : 'identity.user.update',
      subjectType: 'user', subjectId: id, beforeId: id, afterId: id, ip: ctx.ip, detail: { changes: diff(before, after) },
    });
    return after;
  });
}

function diff(before: UserOut, after: UserOut): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of ['displayName', 'status', 'roles', 'department', 'residentAccount'] as const) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { from: before[k], to: after[k] };
  }
  return out;
}

export async function resetPassword(db: Db, ctx: RequestContext, id: string, password: string): Promise<void> {
  const centerId = ctx.actor.centerId;
  const user = await users.findUser(db, centerId, id);
  if (!user) throw appError('USER_NOT_FOUND');
  assertPasswordStrong(password, user.username);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await users.updateUser(tx, centerId, id, { password_hash: hash, password_changed_at: new Date().toISOString(), failed_logins: 0, locked_until: null });
    await revokeUserSessions(tx, id);
    await recordAudit(tx, { centerId, actor: auditActor(ctx), action: 'identity.user.password_reset', subjectType: 'user', subjectId: id, ip: ctx.ip });
  });
}

export async function unlockUser(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const centerId = ctx.actor.centerId;
  await db.transaction().execute(async (tx) => {
    if (!(await users.findUser(tx, centerId, id))) throw appError('USER_NOT_FOUND');
    await users.updateUser(tx, centerId, id, { failed_logins: 0, locked_until: null });
    await recordAudit(tx, { centerId, actor: auditActor(ctx), action: 'identity.user.unlock', subjectType: 'user', subjectId: id, ip: ctx.ip });
  });
}
