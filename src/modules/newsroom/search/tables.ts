/**
 * Row types of the search tables (migration 0005_search). Until they are registered in
 * platform/db/schema.ts, the search code widens Kysely<DB> with them here.
 */
import type { Generated, Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../../../platform/db/index.ts';

/**
 * One row per manuscript. PostgreSQL also has `tsv tsvector` (title A, body B), left
 * out of the type: it is written and read only through sql`` in search.repository.ts.
 */
export interface ManuscriptSearchTable {
  /** SQLite: the rowid shared with manuscript_search_fts. PostgreSQL: a bigint identity (returned as a string; nothing reads it there). */
  doc_id: Generated<number | string>;
  center_id: string;
  manuscript_id: string;
  /** Plain text of the title, as indexed. */
  title: string;
  /** Plain text of the summary and the body (no HTML), as indexed: snippets are cut from it. */
  body: string;
  /** The manuscript's status when indexed (searches filter on manuscripts.status, which is always current). */
  status: string;
  updated_at: string;
  indexed_at: string;
}

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
