/**
 * The console's view of the area tree: each child area of a parent with the terminals
 * of its whole subtree counted by status, in one aggregate query per request (grouped
 * by the code prefix of the children's level: town = 9 digits, county = 6), and the
 * center's totals by kind and status.
 */
import { appError } from '../../../platform/errors.ts';
import type { Db } from '../../../platform/db/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { parseAreaCode } from '../ebm/ids.ts';
import { areaPrefix } from './codes.ts';
import * as repo from './repository.ts';
import type { AreaNodeOut, StatusCounts } from './schema.ts';
import { RESOURCE_KINDS, RESOURCE_STATUSES, type ResourceKind, type ResourceStatus } from './types.ts';

function zero(): StatusCounts {
  return { total: 0, online: 0, playing: 0, fault: 0, offline: 0 };
}

function add(c: StatusCounts, status: string, n: number): void {
  c.total += n;
  if ((RESOURCE_STATUSES as readonly string[]).includes(status)) c[status as ResourceStatus] += n;
}

/** The code prefix of an area; a malformed code in the tree only matches itself. */
function prefixOf(code: string): string {
  try {
    return areaPrefix(parseAreaCode(code));
  } catch {
    return code;
  }
}

type Groups = Awaited<ReturnType<typeof repo.countsByPrefix>>;

function node(area: { code: string; name: string; level: string; child_count?: number | string | null }, groups: Groups, prefix: string | null): AreaNodeOut {
  const terminals = zero();
  let loudspeakers = 0;
  for (const g of groups) {
    if (prefix !== null && !g.prefix.startsWith(prefix)) continue;
    if (g.kind === 'terminal') add(terminals, g.status, g.n);
    else loudspeakers += g.n;
  }
  return { code: area.code, name: area.name, level: area.level, childCount: Number(area.child_count ?? 0), terminals, loudspeakers };
}

/**
 * Child areas of `parent` (the roots when left out) with terminal counts of each
 * subtree; `parent` carries the counts of the parent's whole subtree.
 */
export async function areaTree(db: Db, ctx: RequestContext, parentCode: string | undefined) {
  const centerId = ctx.actor.centerId;
  const parent = parentCode ? await repo.findArea(db, centerId, parentCode) : null;
  if (parentCode && !parent) throw appError('AREA_NOT_FOUND', { field: 'query.parent' });
  const children = await repo.areaChildren(db, centerId, parent?.code ?? null);
  const within = parent ? prefixOf(parent.code) : '';
  // Grouping by the longest child prefix refines every shorter one, so a child of
  // another level (rare in GB/T 2260, but possible) still sums correctly.
  const length = Math.max(within.length, ...children.map((c) => prefixOf(c.code).length));
  const groups = await repo.countsByPrefix(db, centerId, within, length);
  const items = children.map((c) => node(c, groups, prefixOf(c.code)));
  const childCount = parent ? children.length : 0;
  return { parent: parent ? node({ ...parent, child_count: childCount }, groups, null) : null, items };
}

/** Resources of the center: in all, by status and by kind and status. */
export async function summary(db: Db, ctx: RequestContext) {
  const byKind = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, zero()])) as Record<ResourceKind, StatusCounts>;
  const byStatus = zero();
  for (const r of await repo.countsByKindStatus(db, ctx.actor.centerId)) {
    if (r.kind in byKind) add(byKind[r.kind as ResourceKind], r.status, r.n);
    add(byStatus, r.status, r.n);
  }
  return { total: byStatus.total, byStatus, byKind };
}
