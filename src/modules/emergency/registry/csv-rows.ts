/**
 * From CSV records to resource inputs: the header row names the columns (any order,
 * case and surrounding spaces ignored), each cell is un-guarded and trimmed, empty
 * cells are "none", numbers and enumerations are read strictly. Problems are listed
 * per row and column name; a row with the wrong number of cells is not read further.
 */
import type { CsvRecord } from './csv.ts';
import { unguardCell } from './csv.ts';
import { PROTOCOLS, RESOURCE_KINDS, type Protocol, type ResourceKind } from './types.ts';
import type { ResourceInput } from './validate.ts';

/** A problem of the file: spreadsheet row (header = 1), column name, what to do. */
export interface CsvProblem {
  row: number;
  field: string;
  message: string;
}

/** One data row, read. */
export interface ParsedRow {
  row: number;
  input: ResourceInput;
  parentEbrid: string | null;
}

/** Columns the import reads; the others of the export are accepted and ignored. */
const WRITABLE = ['ebrid', 'physical_id', 'kind', 'name', 'area_code', 'parent_ebrid', 'protocol', 'address', 'longitude', 'latitude'] as const;
const IGNORED = ['area_name', 'status', 'status_since', 'last_seen_at'] as const;
const REQUIRED = ['ebrid', 'physical_id', 'name', 'area_code'] as const;
type Column = (typeof WRITABLE)[number];

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function header(cells: string[], problems: CsvProblem[]): Map<Column, number> {
  const at = new Map<Column, number>();
  const seen = new Set<string>();
  cells.forEach((raw, i) => {
    const name = unguardCell(raw).trim().toLowerCase();
    if (seen.has(name)) problems.push({ row: 1, field: name, message: `column "${name}" appears twice in the header.` });
    seen.add(name);
    if ((WRITABLE as readonly string[]).includes(name)) at.set(name as Column, i);
    else if (!(IGNORED as readonly string[]).includes(name)) {
      problems.push({ row: 1, field: name || `column ${i + 1}`, message: `unknown column "${name}"; the columns are ${[...WRITABLE, ...IGNORED].join(', ')}.` });
    }
  });
  for (const c of REQUIRED) if (!at.has(c)) problems.push({ row: 1, field: c, message: `the header has no "${c}" column, which every row needs.` });
  return at;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string, row: number, problems: CsvProblem[]): T | null {
  if (value === '') return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push({ row, field, message: `"${value}" is not one of ${allowed.join(', ')} (or empty).` });
  return null;
}

function coordinates(lon: string, lat: string, row: number, problems: CsvProblem[]): [number | null, number | null] {
  let bad = false;
  for (const [field, v] of [['longitude', lon], ['latitude', lat]] as const) {
    if (v !== '' && !NUMBER.test(v)) {
      problems.push({ row, field, message: `"${v}" is not a number (write decimal degrees, e.g. 113.35).` });
      bad = true;
    }
  }
  // One unreadable half: drop both, so the "both or neither" check does not repeat it.
  if (bad) return [null, null];
  return [lon === '' ? null : Number(lon), lat === '' ? null : Number(lat)];
}

/**
 * Reads the header and the data rows. A second row with an EBRID already seen is a
 * problem (an import upserts each EBRID once) and is not read further.
 */
export function readRows(records: CsvRecord[]): { rows: ParsedRow[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const [head, ...data] = records;
  if (!head) return { rows: [], problems: [{ row: 1, field: 'csv', message: 'the file is empty: it needs a header row and data rows.' }] };
  const at = header(head.cells, problems);
  if (problems.length) return { rows: [], problems };
  const rows: ParsedRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of data) {
    if (cells.length !== head.cells.length) {
      problems.push({ row, field: 'csv', message: `the row has ${cells.length} cells but the header has ${head.cells.length}; quote cells that hold commas.` });
      continue;
    }
    const get = (c: Column) => (at.has(c) ? unguardCell(cells[at.get(c)!]!).trim() : '');
    const ebrid = get('ebrid');
    const first = firstRowOf.get(ebrid);
    if (first !== undefined) {
      problems.push({ row, field: 'ebrid', message: `EBRID ${ebrid} is on row ${first} already; each resource appears once.` });
      continue;
    }
    firstRowOf.set(ebrid, row);
    const [longitude, latitude] = coordinates(get('longitude'), get('latitude'), row, problems);
    rows.push({
      row,
      input: {
        ebrid, physicalId: get('physical_id'), name: get('name'), areaCode: get('area_code'),
        kind: oneOf<ResourceKind>(get('kind'), RESOURCE_KINDS, 'kind', row, problems),
        protocol: oneOf<Protocol>(get('protocol'), PROTOCOLS, 'protocol', row, problems),
        address: get('address') || null, longitude, latitude,
      },
      parentEbrid: get('parent_ebrid') || null,
    });
  }
  return { rows, problems };
}
