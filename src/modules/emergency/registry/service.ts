/**
 * Use cases of the resource registry: list, read, create, change and delete resources,
 * the area tree with live terminal counts, and the center's totals. Every change runs
 * in one transaction with its audit entry and its event.
 */
import { appError, type AppError } from '../../../platform/errors.ts';
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../../platform/db/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { emit } from '../../../platform/events/index.ts';
import { isUniqueViolation } from '../../../platform/db/sql.ts';
import { pageOf } from '../../../platform/http/schemas.ts';
import { parseAreaCode } from '../ebm/ids.ts';
import { areaPrefix } from './codes.ts';
import * as repo from './repository.ts';
import { presentResource } from './presenters.ts';
import type { CreateResourceBody, ResourceFilter, ResourceListQuery, ResourceOut, UpdateResourceBody } from './schema.ts';
import type { EbResourcesTable, ResourceKind } from './types.ts';
import { checkResource, MapWorld, type InputField, type ParentRef, type Problem, type ResourceInput } from './validate.ts';

/** Audit facts of a request. */
export function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

const API_FIELD: Partial<Record<InputField, string>> = { parent: 'parentId' };

/** The first problem as the error to answer with; all of them ride along in details. */
function failWith(problems: Problem[]): AppError {
  const named = problems.map((p) => ({ field: API_FIELD[p.field] ?? p.field, code: p.code, message: p.message }));
  const first = named[0]!;
  return appError(first.code, { field: first.field, message: first.message, details: { problems: named } });
}

/** Maps a unique-constraint race (two writers at once) to the conflict it is. */
function conflictOf(err: unknown): AppError | null {
  if (!isUniqueViolation(err)) return null;
  const text = `${(err as { constraint?: string }).constraint ?? ''} ${(err as Error).message}`;
  return /physical/.test(text) ? appError('EB_PHYSICAL_ID_TAKEN', { field: 'physicalId' }) : appError('EB_EBRID_TAKEN', { field: 'ebrid' });
}

/** The resource by id, or by its 23-digit EBRID. */
function keyOf(idOrEbrid: string): { id: string } | { ebrid: string } {
  return /^\d{23}$/.test(idOrEbrid) ? { ebrid: idOrEbrid } : { id: idOrEbrid };
}

async function load(exec: Executor, centerId: string, idOrEbrid: string): Promise<repo.ResourceRow> {
  const row = await repo.findResource(exec, centerId, keyOf(idOrEbrid));
  if (!row) throw appError('EB_RESOURCE_NOT_FOUND');
  return row;
}

/** Turns the list/export filter's area into a code prefix, refusing areas the center lacks. */
export async function rowFilter(exec: Executor, centerId: string, f: ResourceFilter): Promise<repo.RowFilter> {
  const { area, ...rest } = f;
  if (!area) return rest;
  if (!(await repo.findArea(exec, centerId, area))) throw appError('AREA_NOT_FOUND', { field: 'query.area' });
  return { ...rest, areaPrefix: areaPrefix(parseAreaCode(area)) };
}

/** One page of resources matching the filters. */
export async function listResources(db: Db, ctx: RequestContext, q: ResourceListQuery) {
  const { page, pageSize, offset } = pageOf(q);
  const { sort = 'ebrid', page: _p, pageSize: _s, ...filter } = q;
  const f = await rowFilter(db, ctx.actor.centerId, filter);
  const { total, rows } = await repo.listResources(db, ctx.actor.centerId, f, sort, offset, pageSize);
  return { items: rows.map(presentResource), total, page, pageSize };
}

/** One resource by id or EBRID. */
export async function getResource(db: Db, ctx: RequestContext, idOrEbrid: string): Promise<ResourceOut> {
  return presentResource(await load(db, ctx.actor.centerId, idOrEbrid));
}

/** Loads what the checks of one resource need: its area, code and device owners, parent, children. */
async function worldFor(tx: Executor, centerId: string, input: ResourceInput, parentId: string | null, selfId: string | null) {
  const rows = await repo.knownResources(tx, centerId, {
    ids: [parentId, selfId].filter((x): x is string => !!x), ebrids: [input.ebrid], physicalIds: [input.physicalId], parentIds: selfId ? [selfId] : [],
  });
  const world = new MapWorld(await repo.areaCodes(tx, centerId, [input.areaCode]), rows);
  const parent: ParentRef = parentId ? world.resource(parentId) ?? { missing: parentId } : null;
  return { world, parent };
}

function columnsOf(input: ResourceInput, kind: ResourceKind, parentId: string | null) {
  return {
    ebrid: input.ebrid, physical_id: input.physicalId, kind, name: input.name.trim(), area_code: input.areaCode, parent_id: parentId,
    protocol: input.protocol, address: input.address, longitude: input.longitude, latitude: input.latitude,
  };
}

/** Registers a resource (status offline until it reports), audited and emitted. */
export async function createResource(db: Db, ctx: RequestContext, b: CreateResourceBody): Promise<ResourceOut> {
  const centerId = ctx.actor.centerId;
  const input: ResourceInput = {
    ebrid: b.ebrid, physicalId: b.physicalId, kind: b.kind ?? null, name: b.name, areaCode: b.areaCode,
    protocol: b.protocol ?? null, address: b.address ?? null, longitude: b.longitude ?? null, latitude: b.latitude ?? null,
  };
  try {
    return await db.transaction().execute(async (tx) => {
      const { world, parent } = await worldFor(tx, centerId, input, b.parentId ?? null, null);
      const { problems, kind } = checkResource(input, parent, world);
      if (problems.length || !kind) throw failWith(problems);
      const now = new Date().toISOString();
      const row: EbResourcesTable = {
        id: randomUUID(), center_id: centerId, ...columnsOf(input, kind, b.parentId ?? null),
        status: 'offline', status_since: now, last_seen_at: null, cert_serial: null, cert_public_key: null, created_at: now, updated_at: now,
      };
      await repo.insertResources(tx, [row]);
      await recordAudit(tx, { ...who(ctx), action: 'eb.resource.create', subjectType: 'eb_resource', subjectId: row.id, afterId: row.id, detail: { ebrid: row.ebrid, kind, name: row.name, areaCode: row.area_code } });
      await emit(tx, { centerId, type: 'eb.resource.created', payload: { id: row.id, ebrid: row.ebrid, kind, areaCode: row.area_code, physicalId: row.physical_id } });
      return presentResource((await repo.findResource(tx, centerId, { id: row.id }))!);
    });
  } catch (err) {
    throw conflictOf(err) ?? err;
  }
}

/**
 * Changes a resource. Every check runs again on the result: a new area needs an EBRID
 * of that area, and the resources hanging under it must still fit.
 */
export async function updateResource(db: Db, ctx: RequestContext, idOrEbrid: string, b: UpdateResourceBody): Promise<ResourceOut> {
  const centerId = ctx.actor.centerId;
  try {
    return await db.transaction().execute(async (tx) => {
      const before = await load(tx, centerId, idOrEbrid);
      const input: ResourceInput = {
        ebrid: b.ebrid ?? before.ebrid, physicalId: b.physicalId ?? before.physical_id,
        // A changed EBRID may code another kind: then the kind follows it unless given.
        kind: b.kind ?? (b.ebrid !== undefined && b.ebrid !== before.ebrid ? null : (before.kind as ResourceKind)),
        name: b.name ?? before.name, areaCode: b.areaCode ?? before.area_code,
        protocol: b.protocol !== undefined ? b.protocol : (before.protocol as ResourceInput['protocol']),
        address: b.address !== undefined ? b.address : before.address,
        longitude: b.longitude !== undefined ? b.longitude : before.longitude,
        latitude: b.latitude !== undefined ? b.latitude : before.latitude,
      };
      const parentId = b.parentId !== undefined ? b.parentId : before.parent_id;
      const { world, parent } = await worldFor(tx, centerId, input, parentId, before.id);
      const self = world.resource(before.id)!;
      const { problems, kind } = checkResource(input, parent, world, self);
      if (problems.length || !kind) throw failWith(problems);
      const next = columnsOf(input, kind, parentId);
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== before[k]);
      if (!changed.length) return presentResource(before);
      const patch = { ...Object.fromEntries(changed.map((k) => [k, next[k]])), updated_at: new Date().toISOString() };
      await repo.updateResource(tx, centerId, before.id, patch);
      const changes = Object.fromEntries(changed.map((k) => [k, { from: before[k], to: next[k] }]));
      await recordAudit(tx, { ...who(ctx), action: 'eb.resource.update', subjectType: 'eb_resource', subjectId: before.id, beforeId: before.id, afterId: before.id, detail: { ebrid: before.ebrid, changes } });
      await emit(tx, { centerId, type: 'eb.resource.updated', payload: { id: before.id, ebrid: next.ebrid, previousEbrid: before.ebrid, kind, areaCode: next.area_code, changed } });
      return presentResource((await repo.findResource(tx, centerId, { id: before.id }))!);
    });
  } catch (err) {
    throw conflictOf(err) ?? err;
  }
}

/** Deletes (retires) a resource that nothing hangs under; the audit entry keeps the row. */
export async function deleteResource(db: Db, ctx: RequestContext, idOrEbrid: string): Promise<void> {
  const centerId = ctx.actor.centerId;
  await db.transaction().execute(async (tx) => {
    const before = await load(tx, centerId, idOrEbrid);
    const children = await repo.countChildren(tx, centerId, before.id);
    if (children) throw appError('EB_RESOURCE_HAS_CHILDREN', { message: `${children} resource(s) hang under ${before.ebrid}: move or retire them first.` });
    await repo.deleteResource(tx, centerId, before.id);
    const { parent_ebrid: _p, area_name: _a, cert_public_key: _k, ...kept } = before;
    await recordAudit(tx, { ...who(ctx), action: 'eb.resource.delete', subjectType: 'eb_resource', subjectId: before.id, beforeId: before.id, detail: { before: kept } });
    await emit(tx, { centerId, type: 'eb.resource.deleted', payload: { id: before.id, ebrid: before.ebrid, kind: before.kind, areaCode: before.area_code, physicalId: before.physical_id } });
  });
}
