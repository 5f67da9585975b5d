/**
 * Row types of the search tables (migration 0005_search). Until they are registered in
 * platform/db/schema.ts, the search code widens Kysely<DB> with them here.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../../../platform/db/index.ts';
import type { ManuscriptSearchTable } from '../../../platform/db/schema.ts';

export type { ManuscriptSearchTable };

/**
 * One row per manuscript. PostgreSQL also has `tsv tsvector` (title A, body B), left
 * out of the type: it is written and read only through sql`` in search.repository.ts.
 */

/**
 * SQLite only: the FTS5 table. `manuscript_search_fts` is FTS5's hidden column named
 * after the table, the left side of MATCH. Contentless: title and body read back as null.
 */
export interface ManuscriptSearchFtsTable {
  rowid: number;
  title: string | null;
  body: string | null;
  manuscript_search_fts: string;
}

/** The application's tables plus the search tables. */
export interface SearchDB extends DB {
  manuscript_search: ManuscriptSearchTable;
  manuscript_search_fts: ManuscriptSearchFtsTable;
}

export type SearchExecutor = Kysely<SearchDB> | Transaction<SearchDB>;

/** The same connection or transaction, typed with the search tables. */
export function withSearchTables(exec: Executor): SearchExecutor {
  return exec as unknown as SearchExecutor;
}
