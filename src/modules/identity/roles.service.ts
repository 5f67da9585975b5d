/** Use cases on roles: built-in roles come from the modules; custom ones are the center's own. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import type { PermissionRegistry } from '../../platform/permissions.ts';
import { isUniqueViolation } from '../../platform/db/sql.ts';
import * as rolesRepo from './roles.repository.ts';
import { presentRole } from './presenters.ts';
import { assertMayGrant } from './policies.ts';
import type { CreateRoleBody, UpdateRoleBody } from './schema.ts';

function assertKnown(registry: PermissionRegistry, permissions: string[]): void {
  const unknown = permissions.filter((p) => !registry.has(p));
  if (unknown.length) throw appError('PERMISSION_UNKNOWN', { field: 'permissions', message: `Unknown permission: ${unknown.join(', ')}; see GET /api/permissions.` });
}

export async function listRoles(db: Db, ctx: RequestContext) {
  return { items: (await rolesRepo.listRoles(db, ctx.actor.centerId)).map(presentRole) };
}

export async function createRole(db: Db, registry: PermissionRegistry, ctx: RequestContext, b: CreateRoleBody) {
  assertKnown(registry, b.permissions);
  assertMayGrant(ctx.actor, [b.permissions]);
  const row = {
    id: randomUUID(), center_id: ctx.actor.centerId, code: b.code, name: b.name, description: b.description ?? '',
    permissions: JSON.stringify([...b.permissions].sort()), builtin: 0, created_at: new Date().toISOString(),
  };
  try {
    await db.transaction().execute(async (tx) => {
      await rolesRepo.insertRole(tx, row);
      await recordAudit(tx, {
        centerId: row.center_id, actor: { id: ctx.actor.userId, name: ctx.actor.username }, action: 'identity.role.create',
        subjectType: 'role', subjectId: row.id, afterId: row.id, ip: ctx.ip, detail: { code: b.code, permissions: b.permissions },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('ROLE_CODE_TAKEN', { field: 'code' });
    throw err;
  }
  return presentRole(row);
}

export async function updateRole(db: Db, registry: PermissionRegistry, ctx: RequestContext, id: string, b: UpdateRoleBody) {
  const centerId = ctx.actor.centerId;
  return db.transaction().execute(async (tx) => {
    const role = await rolesRepo.findRole(tx, centerId, id);
    if (!role) throw appError('ROLE_NOT_FOUND');
    if (Number(role.builtin) === 1) throw appError('ROLE_BUILTIN_READONLY');
    const patch: Parameters<typeof rolesRepo.updateRole>[3] = {};
    if (b.name !== undefined) patch.name = b.name;
    if (b.description !== undefined) patch.description = b.description;
    if (b.permissions !== undefined) {
      assertKnown(registry, b.permissions);
      assertMayGrant(ctx.actor, [b.permissions, JSON.parse(role.permissions) as string[]]);
      patch.permissions = JSON.stringify([...b.permissions].sort());
    }
    await rolesRepo.updateRole(tx, centerId, id, patch);
    await recordAudit(tx, {
      centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, action: 'identity.role.update', subjectType: 'role', subjectId: id,
      beforeId: id, afterId: id, ip: ctx.ip, detail: { before: presentRole(role), changes: b },
    });
    return presentRole({ ...role, ...patch, user_count: await rolesRepo.roleUserCount(tx, id) });
  });
}

export async function deleteRole(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const centerId = ctx.actor.centerId;
  await db.transaction().execute(async (tx) => {
    const role = await rolesRepo.findRole(tx, centerId, id);
    if (!role) throw appError('ROLE_NOT_FOUND');
    if (Number(role.builtin) === 1) throw appError('ROLE_BUILTIN_READONLY');
    if ((await rolesRepo.roleUserCount(tx, id)) > 0) throw appError('ROLE_IN_USE');
    await rolesRepo.deleteRole(tx, centerId, id);
    await recordAudit(tx, {
      centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, action: 'identity.role.delete', subjectType: 'role', subjectId: id,
      beforeId: id, ip: ctx.ip, detail: { before: presentRole(role) },
    });
  });
}
