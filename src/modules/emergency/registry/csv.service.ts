/**
 * The registry as a CSV file, for Excel and for bulk changes. Export: UTF-8 with BOM,
 * one header row of stable column names, guarded against formula injection. Import:
 * every row is checked first, against the center as it would be after the import;
 * any problem answers 400 with all of them (`{ row, field, message }`, row = the
 * spreadsheet row, header = 1) and changes nothing. Otherwise rows are upserted by
 * EBRID in one transaction, audited once with the counts (an import that changes
 * nothing is audited too, and emits nothing; a dry run neither). Rows absent from the file
 * are left alone; `area_name`, `status`, `status_since` and `last_seen_at` are
 * exported for reading and ignored on import (status comes from the terminals).
 */
import { appError } from '../../../platform/errors.ts';
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../../platform/db/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { emit } from '../../../platform/events/index.ts';
import { decodeEbrid, isAreaCode, isEbrid } from '../ebm/ids.ts';
import { areaPrefix, KIND_ORDER, kindsOf } from './codes.ts';
import { CsvError, formatCsv, parseCsv } from './csv.ts';
import { readRows, type CsvProblem, type ParsedRow } from './csv-rows.ts';
import * as repo from './repository.ts';
import { rowFilter, who } from './service.ts';
import type { ImportOut, ResourceFilter } from './schema.ts';
import type { EbResourcesTable, ResourceKind } from './types.ts';
import { checkResource, MapWorld, type ParentRef } from './validate.ts';

/** The file's columns, in order. Names are part of the interface: never rename one. */
export const CSV_COLUMNS = [
  'ebrid', 'physical_id', 'kind', 'name', 'area_code', 'area_name', 'parent_ebrid',
  'protocol', 'address', 'longitude', 'latitude', 'status', 'status_since', 'last_seen_at',
] as const;

const cell = (v: string | number | null): string => (v === null ? '' : String(v));

/** The center's resources matching `f` as CSV text, parents before children. */
export async function exportCsv(db: Db, ctx: RequestContext, f: ResourceFilter): Promise<string> {
  const rows = await repo.allResources(db, ctx.actor.centerId, await rowFilter(db, ctx.actor.centerId, f));
  rows.sort((a, b) => KIND_ORDER[a.kind as ResourceKind] - KIND_ORDER[b.kind as ResourceKind] || (a.ebrid < b.ebrid ? -1 : 1));
  const body = rows.map((r) => [
    r.ebrid, r.physical_id, r.kind, r.name, r.area_code, cell(r.area_name), cell(r.parent_ebrid),
    cell(r.protocol), cell(r.address), cell(r.longitude), cell(r.latitude), r.status, r.status_since, cell(r.last_seen_at),
  ]);
  return formatCsv([[...CSV_COLUMNS], ...body]);
}

const CSV_FIELD: Record<string, string> = { physicalId: 'physical_id', areaCode: 'area_code', parent: 'parent_ebrid' };
const COMPARED = ['ebrid', 'physical_id', 'kind', 'name', 'area_code', 'parent_id', 'protocol', 'address', 'longitude', 'latitude'] as const;

interface Planned {
  row: ParsedRow;
  id: string;
  before: EbResourcesTable | undefined;
  next: Pick<EbResourcesTable, (typeof COMPARED)[number]>;
}

function invalid(problems: CsvProblem[]) {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  return appError('EB_IMPORT_INVALID', { details: { problems: sorted } });
}

/** The kind a row has before its parent is known (subtype 04 is a terminal until then). */
function provisionalKind(r: ParsedRow): ResourceKind {
  if (r.input.kind) return r.input.kind;
  const only = isEbrid(r.input.ebrid) ? kindsOf(decodeEbrid(r.input.ebrid)) : [];
  return only.length === 1 ? only[0]! : 'terminal';
}

/** Checks every row against the center as it would be after the import; plans the writes. */
async function plan(tx: Executor, centerId: string, rows: ParsedRow[]): Promise<{ problems: CsvProblem[]; planned: Planned[] }> {
  const existing = await repo.rowsByEbrid(tx, centerId);
  const world = new MapWorld(await repo.areaCodes(tx, centerId), await repo.knownResources(tx, centerId));
  const ids = new Map(rows.map((r) => [r.row, existing.get(r.input.ebrid)?.id ?? randomUUID()]));
  const provisional = (r: ParsedRow, kind: ResourceKind) => ({ id: ids.get(r.row)!, ebrid: r.input.ebrid, physicalId: r.input.physicalId, kind, area: r.input.areaCode as never });
  // The file's rows take their places first, so parents named by EBRID resolve to them.
  for (const r of rows) world.put(provisional(r, provisionalKind(r)), null);
  const parents = new Map<number, ParentRef>();
  for (const r of rows) {
    const parent = r.parentEbrid ? world.withEbrid(r.parentEbrid)[0] ?? { missing: r.parentEbrid } : null;
    parents.set(r.row, parent);
    const kind = r.input.kind ?? (parent && 'kind' in parent && parent.kind === 'terminal' && r.input.ebrid.slice(19, 21) === '04' ? 'loudspeaker' : 'terminal');
    world.put(provisional(r, kind), parent && 'id' in parent ? parent.id : null);
  }
  const problems: CsvProblem[] = [];
  const planned: Planned[] = [];
  for (const r of rows) {
    const id = ids.get(r.row)!;
    const parent = parents.get(r.row) ?? null;
    const { problems: found, kind } = checkResource(r.input, parent, world, world.resource(id)!);
    for (const p of found) problems.push({ row: r.row, field: CSV_FIELD[p.field] ?? p.field, message: p.message });
    if (found.length || !kind) continue;
    const i = r.input;
    const next = {
      ebrid: i.ebrid, physical_id: i.physicalId, kind, name: i.name.trim(), area_code: i.areaCode, parent_id: parent && 'id' in parent ? parent.id : null,
      protocol: i.protocol, address: i.address, longitude: i.longitude, latitude: i.latitude,
    };
    planned.push({ row: r, id, before: existing.get(i.ebrid), next });
  }
  return { problems, planned };
}

const changed = (p: Planned) => !p.before || COMPARED.some((k) => p.before![k] !== p.next[k]);

/** Parents before children: kinds in order; a front-end above a front-end has the shorter area prefix. */
function depth(p: Planned): number {
  const area = p.next.area_code;
  return KIND_ORDER[p.next.kind as ResourceKind] * 100 + (isAreaCode(area) ? areaPrefix(area).length : 12);
}

async function write(tx: Executor, centerId: string, planned: Planned[]): Promise<void> {
  const now = new Date().toISOString();
  const fresh = new Set(planned.filter((p) => !p.before).map((p) => p.id));
  const updates = planned.filter((p) => p.before && changed(p));
  // An updated row may move under a new one: point it there once the new one exists.
  for (const p of updates) {
    const parent_id = p.next.parent_id && fresh.has(p.next.parent_id) ? p.before!.parent_id : p.next.parent_id;
    await repo.updateResource(tx, centerId, p.id, { ...p.next, parent_id, updated_at: now });
  }
  const inserts = planned.filter((p) => !p.before).sort((a, b) => depth(a) - depth(b));
  await repo.insertResources(tx, inserts.map((p) => ({
    id: p.id, center_id: centerId, ...p.next, status: 'offline', status_since: now, last_seen_at: null,
    cert_serial: null, cert_public_key: null, created_at: now, updated_at: now,
  })));
  for (const p of updates) if (p.next.parent_id && fresh.has(p.next.parent_id)) await repo.updateResource(tx, centerId, p.id, { parent_id: p.next.parent_id });
}

/** Imports CSV text (see the module comment); `dryRun` checks and counts only. */
export async function importCsv(db: Db, ctx: RequestContext, text: string, dryRun: boolean): Promise<ImportOut> {
  const centerId = ctx.actor.centerId;
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw invalid([{ row: err.record, field: 'csv', message: err.message }]);
    throw err;
  }
  const { rows, problems: shape } = readRows(records);
  if (shape.some((p) => p.row === 1) || !rows.length) throw invalid(shape.length ? shape : [{ row: 2, field: 'csv', message: 'the file has no data rows under its header.' }]);
  return db.transaction().execute(async (tx) => {
    const { problems, planned } = await plan(tx, centerId, rows);
    if (shape.length || problems.length) throw invalid([...shape, ...problems]);
    const created = planned.filter((p) => !p.before).length;
    const updated = planned.filter((p) => p.before && changed(p)).length;
    const result = { dryRun, rows: rows.length, created, updated, unchanged: rows.length - created - updated };
    if (dryRun) return result;
    // Audited even when nothing changed: the import was an operator's action all the same.
    await recordAudit(tx, { ...who(ctx), action: 'eb.resources.import', subjectType: 'eb_resource', detail: { rows: result.rows, created, updated, unchanged: result.unchanged } });
    if (!created && !updated) return result;
    await write(tx, centerId, planned);
    await emit(tx, { centerId, type: 'eb.resources.imported', payload: { rows: result.rows, created, updated, unchanged: result.unchanged } });
    return result;
  });
}
