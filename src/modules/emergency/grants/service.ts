/**
 * Broadcast rights by level (GD/J 088), the use cases: the county grants a town or
 * village the right to broadcast and revokes it; binds operators to the area they work
 * for; tells a user what they may broadcast to. Granting and scoping are for county-level
 * holders of `eb.grants.manage` only, and audited.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { grantStatus, usableAreas } from './rules.ts';
import * as repo from './repository.ts';
import type { GrantIn, GrantListQuery } from './schema.ts';

function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

/** The fields of a grant that leave the server. */
export function presentGrant(r: repo.GrantRow, at = new Date()) {
  return {
    id: r.id, areaCode: r.area_code, areaName: r.area_name ?? r.area_code, mayReal: Number(r.may_real) === 1, mayDrill: Number(r.may_drill) === 1,
    maxSeverity: Number(r.max_severity), validFrom: r.valid_from, validTo: r.valid_to, status: grantStatus(repo.toGrant(r), at),
    grantedBy: { id: r.granted_by, name: r.granted_by_name ?? '' }, grantedAt: r.granted_at,
    revokedBy: r.revoked_by ? { id: r.revoked_by, name: r.revoked_by_name ?? '' } : null, revokedAt: r.revoked_at, revokeReason: r.revoke_reason, note: r.note,
  };
}

/** Refuses unless the caller is county level: a town cannot grant itself rights. */
async function assertCountyLevel(exec: Executor, ctx: RequestContext): Promise<void> {
  const scope = await repo.scopeOf(exec, ctx.actor.centerId, ctx.actor.userId);
  if (scope) throw appError('PERMISSION_DENIED', { message: 'Only the county level (users bound to no town or village) grants broadcast rights and binds operators to areas.' });
}

/** A town or village of the center, or a 4xx naming `field`. */
async function townOrVillage(exec: Executor, centerId: string, code: string, field: string) {
  const area = await repo.areaOf(exec, centerId, code);
  if (!area) throw appError('AREA_NOT_FOUND', { field, message: `Unknown area code: ${code}.` });
  if (area.level !== 'town' && area.level !== 'village') throw appError('EB_AREA_LEVEL_INVALID', { field, message: `${area.name} (${code}) is a ${area.level}: scopes and grants name a town or village.` });
  return area;
}

export async function listGrants(db: Db, ctx: RequestContext, q: GrantListQuery) {
  const now = new Date();
  const items = (await repo.listGrantRows(db, ctx.actor.centerId, q.areaCode)).map((r) => presentGrant(r, now));
  return { items: q.status ? items.filter((g) => g.status === q.status) : items };
}

export async function createGrant(db: Db, ctx: RequestContext, b: GrantIn) {
  if (!b.mayReal && !b.mayDrill) throw appError('VALIDATION_FAILED', { field: 'mayDrill', message: 'A grant allows real sends, drills or both.' });
  const validFrom = b.validFrom ? new Date(b.validFrom).toISOString() : new Date().toISOString();
  const validTo = b.validTo ? new Date(b.validTo).toISOString() : null;
  if (validTo && (validTo <= validFrom || Date.parse(validTo) <= Date.now())) throw appError('EB_TIME_WINDOW_INVALID', { field: 'validTo', message: 'A grant must end after it starts, and end in the future.' });
  return db.transaction().execute(async (tx) => {
    await assertCountyLevel(tx, ctx);
    const area = await townOrVillage(tx, ctx.actor.centerId, b.areaCode, 'areaCode');
    const id = randomUUID();
    await repo.insertGrant(tx, {
      id, center_id: ctx.actor.centerId, area_code: area.code, may_real: b.mayReal ? 1 : 0, may_drill: b.mayDrill ? 1 : 0, max_severity: b.maxSeverity,
      valid_from: validFrom, valid_to: validTo, granted_by: ctx.actor.userId, granted_at: new Date().toISOString(),
      revoked_by: null, revoked_at: null, revoke_reason: null, note: b.note?.trim() || null,
    });
    await recordAudit(tx, {
      ...who(ctx), action: 'eb.grant.create', subjectType: 'eb_grant', subjectId: id,
      detail: { areaCode: area.code, areaName: area.name, mayReal: b.mayReal, mayDrill: b.mayDrill, maxSeverity: b.maxSeverity, validFrom, validTo },
    });
    return presentGrant((await repo.grantRow(tx, ctx.actor.centerId, id))!);
  });
}

export async function revokeGrant(db: Db, ctx: RequestContext, id: string, reason: string) {
  return db.transaction().execute(async (tx) => {
    await assertCountyLevel(tx, ctx);
    const g = await repo.grantRow(tx, ctx.actor.centerId, id);
    if (!g) throw appError('EB_GRANT_NOT_FOUND');
    if (g.revoked_at) throw appError('EB_INVALID_TRANSITION', { message: 'This grant is revoked already.' });
    await repo.markRevoked(tx, ctx.actor.centerId, id, ctx.actor.userId, reason.trim());
    await recordAudit(tx, { ...who(ctx), action: 'eb.grant.revoke', subjectType: 'eb_grant', subjectId: id, detail: { areaCode: g.area_code, reason: reason.trim() } });
    return presentGrant((await repo.grantRow(tx, ctx.actor.centerId, id))!);
  });
}

export async function listOperators(db: Db, ctx: RequestContext) {
  return { items: await repo.operatorRows(db, ctx.actor.centerId) };
}

/** Binds a user to a town or village (or frees them: null). Not one's own scope. */
export async function setScope(db: Db, ctx: RequestContext, userId: string, areaCode: string | null) {
  if (userId === ctx.actor.userId) throw appError('PERMISSION_DENIED', { message: 'You cannot change your own scope; ask another county-level manager.' });
  return db.transaction().execute(async (tx) => {
    await assertCountyLevel(tx, ctx);
    const user = await tx.selectFrom('users').select(['id', 'username']).where('center_id', '=', ctx.actor.centerId).where('id', '=', userId).executeTakeFirst();
    if (!user) throw appError('USER_NOT_FOUND');
    const area = areaCode ? await townOrVillage(tx, ctx.actor.centerId, areaCode, 'areaCode') : null;
    const before = await repo.scopeOf(tx, ctx.actor.centerId, userId);
    await repo.writeScope(tx, ctx.actor.centerId, userId, area?.code ?? null, ctx.actor.userId);
    await recordAudit(tx, { ...who(ctx), action: 'eb.operator.scope', subjectType: 'user', subjectId: userId, detail: { username: user.username, from: before, to: area?.code ?? null } });
    return { userId, scope: area ? { areaCode: area.code, areaName: area.name } : null };
  });
}

/** What the caller may broadcast to now: their scope, the grants that reach it, the usable areas. */
export async function myScope(db: Db, ctx: RequestContext) {
  const scope = await repo.scopeOf(db, ctx.actor.centerId, ctx.actor.userId);
  if (!scope) return { countyLevel: true, scope: null, grants: [], areas: [] };
  const now = new Date();
  const rows = await repo.grantsNear(db, ctx.actor.centerId, scope);
  const usable = usableAreas(scope, rows.map(repo.toGrant), now);
  const names = await repo.areaNames(db, ctx.actor.centerId, [scope, ...usable.map((u) => u.areaCode)]);
  const used = new Set(usable.map((u) => u.grant.id));
  return {
    countyLevel: false,
    scope: { areaCode: scope, areaName: names.get(scope) ?? scope },
    grants: rows.filter((r) => used.has(r.id)).map((r) => presentGrant(r, now)),
    areas: usable.map((u) => ({ areaCode: u.areaCode, areaName: names.get(u.areaCode) ?? u.areaCode, grantId: u.grant.id, mayReal: u.grant.mayReal, mayDrill: u.grant.mayDrill, maxSeverity: u.grant.maxSeverity })),
  };
}
