/**
 * Search on SQLite: a contentless FTS5 table beside `manuscript_search`, ranked by
 * bm25 with the title weighted. FTS5 alone counts and ranks the center's matches (the
 * `scope` column names the center); only the best candidates are joined to
 * `manuscripts` (see pageFromCandidates).
 */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/index.ts';
import { withSearchTables } from './tables.ts';
import { conditions, narrows, pageFromCandidates, TITLE_WEIGHT, type IndexDoc, type SearchFilter, type SearchPage, type SearchRow } from './search.common.ts';

/** The one token of the `scope` column: the center id, letters and digits only. */
function scopeToken(centerId: string): string {
  return `c${centerId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

export async function upsertSqlite(exec: Executor, docs: IndexDoc[]): Promise<void> {
  const sdb = withSearchTables(exec);
  for (const d of docs) {
    const row = await sdb
      .insertInto('manuscript_search')
      .values({ center_id: d.centerId, manuscript_id: d.manuscriptId, title: d.title, body: d.body, status: d.status, updated_at: d.updatedAt, indexed_at: d.indexedAt })
      .onConflict((oc) => oc.column('manuscript_id').doUpdateSet((eb) => ({
        title: eb.ref('excluded.title'), body: eb.ref('excluded.body'), status: eb.ref('excluded.status'),
        updated_at: eb.ref('excluded.updated_at'), indexed_at: eb.ref('excluded.indexed_at'),
      })).where('manuscript_search.center_id', '=', d.centerId))
      .returning('doc_id')
      .executeTakeFirst();
    if (!row) throw new Error(`manuscript ${d.manuscriptId} is indexed under another center`);
    const docId = Number(row.doc_id);
    // Contentless FTS5 (contentless_delete=1): replacing a row is delete + insert.
    await sql`DELETE FROM manuscript_search_fts WHERE rowid = ${docId}`.execute(exec);
    await sql`INSERT INTO manuscript_search_fts (rowid, title, body, scope) VALUES (${docId}, ${d.titleWords}, ${d.bodyWords}, ${scopeToken(d.centerId)})`.execute(exec);
  }
}

/** bm25 of FTS5 is lower-is-better; weights per column: title, body, scope (not scored). */
const BM25 = sql`bm25(manuscript_search_fts, ${sql.lit(TITLE_WEIGHT)}, 1.0, 0.0)`;

export async function searchSqlite(exec: Executor, fts: string, f: SearchFilter, offset: number, limit: number): Promise<SearchPage> {
  // The user's words may only match title and body, never the scope token.
  const match = `{scope} : "${scopeToken(f.centerId)}" AND {title body} : (${fts})`;
  const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM manuscript_search_fts WHERE manuscript_search_fts MATCH ${match}`.execute(exec);
  const matches = Number(counted.rows[0]?.n ?? 0);
  if (matches === 0) return { rows: [], total: 0 };
  const total = narrows(f) ? await countJoined(exec, match, f) : matches;
  const rows = await pageFromCandidates(matches, offset, limit, async (k) => {
    // CROSS JOIN: the candidates drive; otherwise SQLite may walk the center's whole index instead.
    const page = await sql<SearchRow>`SELECT m.id, m.title, m.status, m.updated_at, s.body, -c.rank AS score
      FROM (SELECT rowid AS doc_id, ${BM25} AS rank FROM manuscript_search_fts WHERE manuscript_search_fts MATCH ${match}
            ORDER BY rank, rowid DESC LIMIT ${k}) AS c
      CROSS JOIN manuscript_search s ON s.doc_id = c.doc_id
      JOIN manuscripts m ON m.id = s.manuscript_id AND m.center_id = s.center_id
      WHERE ${conditions(f)}
      ORDER BY c.rank, c.doc_id DESC LIMIT ${limit} OFFSET ${offset}`.execute(exec);
    return page.rows;
  });
  return { rows, total };
}

async function countJoined(exec: Executor, match: string, f: SearchFilter): Promise<number> {
  // CROSS JOIN keeps FTS5 the outer loop: probing it once per candidate row would run the whole MATCH again for each.
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM manuscript_search_fts
    CROSS JOIN manuscript_search s ON s.doc_id = manuscript_search_fts.rowid
    JOIN manuscripts m ON m.id = s.manuscript_id AND m.center_id = s.center_id
    WHERE manuscript_search_fts MATCH ${match} AND ${conditions(f)}`.execute(exec);
  return Number(r.rows[0]?.n ?? 0);
}
