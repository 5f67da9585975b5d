/**
 * Centers (tenants) and their built-in roles. A center is created with one row per
 * built-in role; at every start the built-in roles' permissions are brought in line
 * with what the modules declare, so a new module's permissions reach existing centers.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { BUILTIN_ROLES, type BuiltinRole, type PermissionRegistry } from '../../platform/permissions.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import * as org from './org.repository.ts';

export interface NewCenter {
  code: string;
  name: string;
  areaCode?: string | null;
}

export async function createCenter(db: Db, registry: PermissionRegistry, c: NewCenter, actorName = 'system') {
  return db.transaction().execute(async (tx) => {
    if (await org.findCenterByCode(tx, c.code)) throw appError('CENTER_CODE_TAKEN', { field: 'code' });
    const center = { id: randomUUID(), code: c.code, name: c.name, area_code: c.areaCode ?? null, created_at: new Date().toISOString() };
    await org.insertCenter(tx, center);
    await syncCenterRoles(tx, registry, center.id);
    await recordAudit(tx, {
      centerId: center.id, actor: { id: 'system', name: actorName }, action: 'identity.center.create',
      subjectType: 'center', subjectId: center.id, afterId: center.id, detail: { code: c.code, name: c.name },
    });
    return center;
  });
}

/** Creates missing built-in roles of a center and resets their permissions to the declared ones. */
export async function syncCenterRoles(exec: Executor, registry: PermissionRegistry, centerId: string): Promise<void> {
  const existing = await exec.selectFrom('roles').select(['id', 'code']).where('center_id', '=', centerId).where('builtin', '=', 1).execute();
  const byCode = new Map(existing.map((r) => [r.code, r.id]));
  for (const code of Object.keys(BUILTIN_ROLES) as BuiltinRole[]) {
    const permissions = JSON.stringify(registry.forRole(code).sort());
    const label = BUILTIN_ROLES[code];
    const id = byCode.get(code);
    if (id) {
      await exec.updateTable('roles').set({ permissions, name: label.zh, description: label.en }).where('id', '=', id).execute();
    } else {
      await exec
        .insertInto('roles')
        .values({ id: randomUUID(), center_id: centerId, code, name: label.zh, description: label.en, permissions, builtin: 1, created_at: new Date().toISOString() })
        .execute();
    }
  }
}

export async function syncAllCenterRoles(db: Db, registry: PermissionRegistry): Promise<void> {
  for (const c of await org.listCenters(db)) await db.transaction().execute((tx) => syncCenterRoles(tx, registry, c.id));
}
