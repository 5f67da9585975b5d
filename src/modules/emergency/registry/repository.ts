/**
 * All SQL of the resource registry. Every query is scoped to one center. The area
 * tree is the identity module's `areas` table, read here and never written.
 */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/index.ts';
import { containsText } from '../../../platform/db/sql.ts';
import type { AreaCode } from '../ebm/ids.ts';
import type { ResourceFilter, ResourceListQuery } from './schema.ts';
import { type EbResourcesTable, type ResourceKind } from './types.ts';
import type { KnownResource } from './validate.ts';

/** A resource with its parent's EBRID and its area's name. */
export type ResourceRow = EbResourcesTable & { parent_ebrid: string | null; area_name: string | null };

/** A filter with the area turned into its code prefix (see codes.ts `areaPrefix`). */
export type RowFilter = Omit<ResourceFilter, 'area'> & { areaPrefix?: string };

function joined(exec: Executor) {
  return exec
    .selectFrom('eb_resources as r')
    .leftJoin('eb_resources as p', 'p.id', 'r.parent_id')
    .leftJoin('areas as a', (j) => j.onRef('a.center_id', '=', 'r.center_id').onRef('a.code', '=', 'r.area_code'))
    .selectAll('r')
    .select(['p.ebrid as parent_ebrid', 'a.name as area_name']);
}

/** One resource by id or EBRID, with its parent's EBRID and its area's name. */
export async function findResource(exec: Executor, centerId: string, key: { id: string } | { ebrid: string }): Promise<ResourceRow | undefined> {
  const q = joined(exec).where('r.center_id', '=', centerId);
  return ('id' in key ? q.where('r.id', '=', key.id) : q.where('r.ebrid', '=', key.ebrid)).executeTakeFirst();
}

function filtered(exec: Executor, centerId: string, f: RowFilter) {
  let q = exec.selectFrom('eb_resources as r').where('r.center_id', '=', centerId);
  if (f.areaPrefix) q = q.where('r.area_code', 'like', `${f.areaPrefix}%`);
  if (f.kind) q = q.where('r.kind', '=', f.kind);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.parentId) q = q.where('r.parent_id', '=', f.parentId);
  const text = f.q;
  if (text) q = q.where((eb) => eb.or([containsText('r.name', text), containsText('r.ebrid', text), containsText('r.physical_id', text)]));
  return q;
}

const SORT_COLUMNS = {
  ebrid: 'r.ebrid', name: 'r.name', areaCode: 'r.area_code', kind: 'r.kind', status: 'r.status', statusSince: 'r.status_since', updatedAt: 'r.updated_at',
} as const;

/** One page of resources matching `f`, and how many match in all. */
export async function listResources(exec: Executor, centerId: string, f: RowFilter, sort: NonNullable<ResourceListQuery['sort']>, offset: number, limit: number) {
  const base = filtered(exec, centerId, f);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const column = SORT_COLUMNS[sort.replace('-', '') as keyof typeof SORT_COLUMNS];
  const ids = await base.select('r.id').orderBy(column, sort.startsWith('-') ? 'desc' : 'asc').orderBy('r.ebrid').offset(offset).limit(limit).execute();
  if (!ids.length) return { total: Number(total.n), rows: [] };
  const rows = await joined(exec).where('r.center_id', '=', centerId).where('r.id', 'in', ids.map((r) => r.id)).execute();
  const at = new Map(ids.map((r, i) => [r.id, i]));
  return { total: Number(total.n), rows: rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!) };
}

/** Every resource matching `f` (the CSV export), by EBRID. */
export async function allResources(exec: Executor, centerId: string, f: RowFilter): Promise<ResourceRow[]> {
  const ids = filtered(exec, centerId, f).select('r.id');
  return joined(exec).where('r.center_id', '=', centerId).where('r.id', 'in', ids).orderBy('r.ebrid').execute();
}

/** Resources as the checks see them: all of the center, or those matching one of `only`'s keys. */
export async function knownResources(
  exec: Executor, centerId: string,
  only?: { ids?: string[]; ebrids?: string[]; physicalIds?: string[]; parentIds?: string[] },
): Promise<(KnownResource & { parentId: string | null })[]> {
  let q = exec.selectFrom('eb_resources').select(['id', 'ebrid', 'physical_id', 'kind', 'area_code', 'parent_id']).where('center_id', '=', centerId);
  if (only) {
    q = q.where((eb) => eb.or([
      eb('id', 'in', only.ids?.length ? only.ids : ['']),
      eb('ebrid', 'in', only.ebrids?.length ? only.ebrids : ['']),
      eb('physical_id', 'in', only.physicalIds?.length ? only.physicalIds : ['']),
      eb('parent_id', 'in', only.parentIds?.length ? only.parentIds : ['']),
    ]));
  }
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, ebrid: r.ebrid, physicalId: r.physical_id, kind: r.kind as ResourceKind, area: r.area_code as AreaCode, parentId: r.parent_id }));
}

/** Full rows of the center keyed by EBRID (the import compares against them). */
export async function rowsByEbrid(exec: Executor, centerId: string): Promise<Map<string, EbResourcesTable>> {
  const rows = await exec.selectFrom('eb_resources').selectAll().where('center_id', '=', centerId).execute();
  return new Map(rows.map((r) => [r.ebrid, r]));
}

/** Inserts rows in batches; parents must come before their children. */
export async function insertResources(exec: Executor, rows: EbResourcesTable[]): Promise<void> {
  // 20 columns a row: 200 rows stay far below either engine's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 200) await exec.insertInto('eb_resources').values(rows.slice(i, i + 200)).execute();
}

/** Changes the given columns of one resource. */
export async function updateResource(exec: Executor, centerId: string, id: string, patch: Partial<EbResourcesTable>): Promise<void> {
  await exec.updateTable('eb_resources').set(patch).where('center_id', '=', centerId).where('id', '=', id).execute();
}

/** Deletes one resource (the service checks it has no children first). */
export async function deleteResource(exec: Executor, centerId: string, id: string): Promise<void> {
  await exec.deleteFrom('eb_resources').where('center_id', '=', centerId).where('id', '=', id).execute();
}

/** How many resources hang directly under this one. */
export async function countChildren(exec: Executor, centerId: string, id: string): Promise<number> {
  const r = await exec.selectFrom('eb_resources').select((eb) => eb.fn.countAll<number>().as('n')).where('center_id', '=', centerId).where('parent_id', '=', id).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ------------------------------------------------------------------ areas (read only)

/** One area of the center's tree, or undefined. */
export async function findArea(exec: Executor, centerId: string, code: string) {
  return exec.selectFrom('areas').select(['code', 'name', 'level', 'parent_code']).where('center_id', '=', centerId).where('code', '=', code).executeTakeFirst();
}

/** The area codes of the center among `codes` (all of them when `codes` is left out). */
export async function areaCodes(exec: Executor, centerId: string, codes?: string[]): Promise<Set<string>> {
  let q = exec.selectFrom('areas').select('code').where('center_id', '=', centerId);
  if (codes) q = q.where('code', 'in', codes.length ? codes : ['']);
  return new Set((await q.execute()).map((r) => r.code));
}

/** All areas of the center, by code (the demo seed walks them). */
export async function allAreas(exec: Executor, centerId: string) {
  return exec.selectFrom('areas').select(['code', 'name', 'level', 'parent_code']).where('center_id', '=', centerId).orderBy('code').execute();
}

/** Child areas of `parent` (the roots when null), each with its number of children. */
export async function areaChildren(exec: Executor, centerId: string, parent: string | null) {
  let q = exec
    .selectFrom('areas as a')
    .select(['a.code', 'a.name', 'a.level'])
    .select((eb) => eb.selectFrom('areas as c').whereRef('c.center_id', '=', 'a.center_id').whereRef('c.parent_code', '=', 'a.code').select((e2) => e2.fn.countAll<number>().as('n')).as('child_count'))
    .where('a.center_id', '=', centerId);
  q = parent
    ? q.where('a.parent_code', '=', parent)
    : q.where((eb) => eb.or([eb('a.parent_code', 'is', null), eb.not(eb.exists(eb.selectFrom('areas as p').select('p.code').whereRef('p.center_id', '=', 'a.center_id').whereRef('p.code', '=', 'a.parent_code')))]));
  return q.orderBy('a.code').execute();
}

// ------------------------------------------------------------------ counts

/**
 * Terminals and loudspeakers inside `within` (a code prefix, '' for all), counted by
 * the first `length` digits of their area code and by kind and status: one pass.
 */
export async function countsByPrefix(exec: Executor, centerId: string, within: string, length: number) {
  const prefix = sql<string>`substr(r.area_code, 1, ${sql.lit(length)})`;
  const rows = await exec
    .selectFrom('eb_resources as r')
    .select([prefix.as('prefix'), 'r.kind', 'r.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.center_id', '=', centerId)
    .where('r.kind', 'in', ['terminal', 'loudspeaker'])
    .$if(within !== '', (q) => q.where('r.area_code', 'like', `${within}%`))
    .groupBy([prefix, 'r.kind', 'r.status'])
    .execute();
  return rows.map((r) => ({ prefix: r.prefix, kind: r.kind, status: r.status, n: Number(r.n) }));
}

/** Resources of the center by kind and status. */
export async function countsByKindStatus(exec: Executor, centerId: string) {
  const rows = await exec
    .selectFrom('eb_resources')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('center_id', '=', centerId)
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, n: Number(r.n) }));
}

// ------------------------------------------------------------------ live status

/** The status fields of one resource, row-locked on PostgreSQL inside a transaction. */
export async function lockStatus(exec: Executor, centerId: string, ebrid: string, lock: boolean) {
  return exec
    .selectFrom('eb_resources')
    .select(['id', 'ebrid', 'kind', 'area_code', 'status', 'status_since', 'last_seen_at'])
    .where('center_id', '=', centerId)
    .where('ebrid', '=', ebrid)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Resources of `kinds` whose area code starts with one of `prefixes` ('' = all areas). */
export async function resourcesUnder(exec: Executor, centerId: string, prefixes: string[], kinds: ResourceKind[]) {
  if (!prefixes.length || !kinds.length) return [];
  return joined(exec)
    .where('r.center_id', '=', centerId)
    .where('r.kind', 'in', kinds)
    .$if(!prefixes.includes(''), (q) => q.where((eb) => eb.or(prefixes.map((p) => eb('r.area_code', 'like', `${p}%`)))))
    .orderBy('r.ebrid')
    .execute();
}
