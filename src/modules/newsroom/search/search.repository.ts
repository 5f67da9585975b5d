/**
 * All SQL of manuscript search. The one place the engines differ much: FTS5 + bm25 on
 * SQLite (search.sqlite.ts), tsvector + GIN + ts_rank_cd on PostgreSQL
 * (search.postgres.ts). Both index the same words (cut by segment.ts) and read the
 * same query plan (query.ts); every query keeps to one center and joins `manuscripts`
 * for visibility and the current status.
 */
import type { Executor } from '../../../platform/db/index.ts';
import { engineOf } from '../../../platform/db/engine.ts';
import { withSearchTables } from './tables.ts';
import { searchSqlite, upsertSqlite } from './search.sqlite.ts';
import { searchPg, upsertPg } from './search.postgres.ts';
import type { IndexDoc, SearchFilter, SearchPage } from './search.common.ts';

export type { IndexDoc, SearchFilter, SearchPage, SearchRow, SearchVisibility } from './search.common.ts';
export { TITLE_WEIGHT } from './search.common.ts';

/** Writes (or replaces) index rows; refuses to move a manuscript's row to another center. */
export async function upsertDocs(exec: Executor, docs: IndexDoc[]): Promise<void> {
  if (docs.length === 0) return;
  await (engineOf(exec) === 'postgres' ? upsertPg(exec, docs) : upsertSqlite(exec, docs));
}

/** Removes a manuscript from the index (on SQLite a trigger removes its FTS5 row). */
export async function deleteDoc(exec: Executor, centerId: string, manuscriptId: string): Promise<void> {
  await withSearchTables(exec).deleteFrom('manuscript_search').where('center_id', '=', centerId).where('manuscript_id', '=', manuscriptId).execute();
}

/** One page of matches, best first, and how many there are in all. */
export async function searchPage(exec: Executor, match: { fts5: string; tsquery: string }, f: SearchFilter, offset: number, limit: number): Promise<SearchPage> {
  return engineOf(exec) === 'postgres' ? searchPg(exec, match.tsquery, f, offset, limit) : searchSqlite(exec, match.fts5, f, offset, limit);
}
