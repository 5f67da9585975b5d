/** All SQL of broadcast rights: operator scopes, grants, the operators list. Every query filters by center. */
import type { Executor } from '../../../platform/db/index.ts';
import type { EbBroadcastGrantsTable } from '../../../platform/db/schema.ts';
import type { Grant } from './rules.ts';
import { OPERATOR_PERMISSIONS } from './policies.ts';
import { BUILTIN_ROLES, type BuiltinRole } from '../../../platform/permissions.ts';

/** A grant row with the names the console shows. */
export type GrantRow = EbBroadcastGrantsTable & { area_name: string | null; granted_by_name: string | null; revoked_by_name: string | null };

/** The user's scope area, or null (county level). */
export async function scopeOf(exec: Executor, centerId: string, userId: string): Promise<string | null> {
  const row = await exec.selectFrom('eb_operator_scopes').select('area_code').where('center_id', '=', centerId).where('user_id', '=', userId).executeTakeFirst();
  return row?.area_code ?? null;
}

/** Binds a user to an area, or frees them (null). */
export async function writeScope(exec: Executor, centerId: string, userId: string, areaCode: string | null, by: string): Promise<void> {
  await exec.deleteFrom('eb_operator_scopes').where('center_id', '=', centerId).where('user_id', '=', userId).execute();
  if (areaCode) await exec.insertInto('eb_operator_scopes').values({ center_id: centerId, user_id: userId, area_code: areaCode, set_by: by, set_at: new Date().toISOString() }).execute();
}

function grantRows(exec: Executor, centerId: string) {
  return exec.selectFrom('eb_broadcast_grants as g')
    .leftJoin('areas as a', (j) => j.onRef('a.center_id', '=', 'g.center_id').onRef('a.code', '=', 'g.area_code'))
    .leftJoin('users as gu', 'gu.id', 'g.granted_by')
    .leftJoin('users as ru', 'ru.id', 'g.revoked_by')
    .selectAll('g').select(['a.name as area_name', 'gu.display_name as granted_by_name', 'ru.display_name as revoked_by_name'])
    .where('g.center_id', '=', centerId);
}

/** Every grant of the center (a county has a few dozen at most), newest first. */
export async function listGrantRows(exec: Executor, centerId: string, areaCode?: string): Promise<GrantRow[]> {
  let q = grantRows(exec, centerId);
  if (areaCode) q = q.where('g.area_code', '=', areaCode);
  return q.orderBy('g.granted_at', 'desc').orderBy('g.id').execute();
}

export async function grantRow(exec: Executor, centerId: string, id: string): Promise<GrantRow | undefined> {
  return grantRows(exec, centerId).where('g.id', '=', id).executeTakeFirst();
}

/**
 * The grants that can matter to a scope: scopes and grants are towns or villages, so
 * only those of the scope's town (same first 9 digits) can contain it or lie in it.
 */
export async function grantsNear(exec: Executor, centerId: string, scope: string): Promise<GrantRow[]> {
  return grantRows(exec, centerId).where('g.area_code', 'like', `${scope.slice(0, 9)}%`).execute();
}

/** The rule's view of a row. */
export function toGrant(r: EbBroadcastGrantsTable): Grant {
  return {
    id: r.id, areaCode: r.area_code, mayReal: Number(r.may_real) === 1, mayDrill: Number(r.may_drill) === 1, maxSeverity: Number(r.max_severity),
    validFrom: r.valid_from, validTo: r.valid_to, revokedAt: r.revoked_at,
  };
}

export async function insertGrant(exec: Executor, row: EbBroadcastGrantsTable): Promise<void> {
  await exec.insertInto('eb_broadcast_grants').values(row).execute();
}

export async function markRevoked(exec: Executor, centerId: string, id: string, by: string, reason: string): Promise<void> {
  await exec.updateTable('eb_broadcast_grants').set({ revoked_by: by, revoked_at: new Date().toISOString(), revoke_reason: reason })
    .where('center_id', '=', centerId).where('id', '=', id).execute();
}

/** An area of the center, or undefined. */
export async function areaOf(exec: Executor, centerId: string, code: string) {
  return exec.selectFrom('areas').select(['code', 'name', 'level']).where('center_id', '=', centerId).where('code', '=', code).executeTakeFirst();
}

/** Code → name for these areas of the center. */
export async function areaNames(exec: Executor, centerId: string, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await exec.selectFrom('areas').select(['code', 'name']).where('center_id', '=', centerId).where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Users holding any broadcast permission through their roles, with their scopes. */
export async function operatorRows(exec: Executor, centerId: string) {
  const rows = await exec.selectFrom('users as u')
    .innerJoin('user_roles as ur', (j) => j.onRef('ur.user_id', '=', 'u.id').onRef('ur.center_id', '=', 'u.center_id'))
    .innerJoin('roles as r', 'r.id', 'ur.role_id')
    .leftJoin('eb_operator_scopes as s', (j) => j.onRef('s.user_id', '=', 'u.id').onRef('s.center_id', '=', 'u.center_id'))
    .leftJoin('areas as a', (j) => j.onRef('a.center_id', '=', 's.center_id').onRef('a.code', '=', 's.area_code'))
    .select(['u.id', 'u.username', 'u.display_name', 'u.status', 'r.code as role', 'r.name as role_name', 'r.builtin', 'r.permissions', 's.area_code', 'a.name as area_name'])
    .where('u.center_id', '=', centerId).orderBy('u.username').execute();
  const byUser = new Map<string, { id: string; username: string; displayName: string; status: string; roles: { code: string; name: string; nameEn: string }[]; eb: boolean; scope: { areaCode: string; areaName: string } | null }>();
  for (const r of rows) {
    const u = byUser.get(r.id) ?? { id: r.id, username: r.username, displayName: r.display_name, status: r.status, roles: [], eb: false, scope: r.area_code ? { areaCode: r.area_code, areaName: r.area_name ?? r.area_code } : null };
    const builtin = Number(r.builtin) === 1 && r.role in BUILTIN_ROLES;
    u.roles.push({ code: r.role, name: r.role_name, nameEn: builtin ? BUILTIN_ROLES[r.role as BuiltinRole].en : r.role_name });
    const perms = JSON.parse(r.permissions) as string[];
    if (OPERATOR_PERMISSIONS.some((p) => perms.includes(p))) u.eb = true;
    byUser.set(r.id, u);
  }
  return [...byUser.values()].filter((u) => u.eb).map(({ eb: _eb, ...u }) => u);
}
