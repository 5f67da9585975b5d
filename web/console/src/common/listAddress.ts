/**
 * A list page's query in its address (`?q=…&status=…&page=2`), so that coming back to
 * the page (from a manuscript, a broadcast) finds the same filters. Only what differs
 * from the first query is written, filters first in the order the page names them.
 */

/** A list page's query: its filters, the page, the page size and the sort ('' for none). */
export type ListQuery<F> = F & { page: number; pageSize: number; sort: string };

/** What the address may hold besides the filters' own shapes. */
export interface AddressRules<F> {
  /** The page's path, without the query. */
  path: string;
  /** Sorts accepted from the address; any other keeps the first sort. */
  sorts?: readonly string[];
  /** Values a filter may take from the address; any other leaves it unset. */
  allowed?: { [K in keyof F]?: readonly string[] };
  /** Page sizes accepted from the address. */
  pageSizes: readonly number[];
}

function filterKeys<F extends object>(first: ListQuery<F>): string[] {
  return Object.keys(first).filter((k) => k !== 'page' && k !== 'pageSize' && k !== 'sort');
}

/** True when any filter is set (the empty table then says "no match" rather than "empty"). */
export function isFiltered<F extends object>(query: ListQuery<F>, first: ListQuery<F>): boolean {
  const values = query as Record<string, unknown>;
  return filterKeys(first).some((k) => Boolean(values[k]));
}

/**
 * Reads the query from `search`: a boolean filter is `true` only as `true`, a text filter
 * keeps its first value when missing or empty, and a filter with allowed values drops others.
 */
export function queryFromAddress<F extends object>(search: string, first: ListQuery<F>, rules: AddressRules<F>): ListQuery<F> {
  const p = new URLSearchParams(search);
  const defaults = first as Record<string, unknown>;
  const allowed = (rules.allowed ?? {}) as Record<string, readonly string[] | undefined>;
  const query: Record<string, unknown> = { ...first };
  for (const key of filterKeys(first)) {
    const raw = p.get(key);
    if (typeof defaults[key] === 'boolean') query[key] = raw === 'true';
    else if (allowed[key]) query[key] = raw !== null && allowed[key].includes(raw) ? raw : defaults[key];
    else query[key] = raw || defaults[key];
  }
  const sort = p.get('sort');
  const page = Number(p.get('page'));
  const pageSize = Number(p.get('pageSize'));
  query.sort = sort && rules.sorts?.includes(sort) ? sort : first.sort;
  query.page = Number.isInteger(page) && page > 0 ? page : 1;
  query.pageSize = rules.pageSizes.includes(pageSize) ? pageSize : first.pageSize;
  return query as ListQuery<F>;
}

/** The page's address for `query`: the path, and what differs from the first query. */
export function addressOf<F extends object>(query: ListQuery<F>, first: ListQuery<F>, path: string): string {
  const p = new URLSearchParams();
  const values = query as Record<string, unknown>;
  for (const key of filterKeys(first)) {
    const value = values[key];
    if (value === true) p.set(key, 'true');
    else if (typeof value === 'string' && value) p.set(key, value);
  }
  if (query.sort !== first.sort) p.set('sort', query.sort);
  if (query.page !== 1) p.set('page', String(query.page));
  if (query.pageSize !== first.pageSize) p.set('pageSize', String(query.pageSize));
  const text = p.toString();
  return `${path}${text ? `?${text}` : ''}`;
}
