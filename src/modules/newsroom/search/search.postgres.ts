/**
 * Search on PostgreSQL: `tsv` (title weighted A, body B, from the segmented words
 * with to_tsvector('simple', …)) under a GIN index, ranked by ts_rank_cd over the
 * center's matches; only the best candidates are joined to `manuscripts` (see
 * pageFromCandidates).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../platform/db/index.ts';
import { conditions, narrows, pageFromCandidates, TITLE_WEIGHT, type IndexDoc, type SearchFilter, type SearchPage, type SearchRow } from './search.common.ts';

export async function upsertPg(exec: Executor, docs: IndexDoc[]): Promise<void> {
  // One statement may not touch a row twice: the last version of a manuscript wins.
  const latest = [...new Map(docs.map((d) => [d.manuscriptId, d])).values()];
  const rows = latest.map((d) => sql`(${d.centerId}, ${d.manuscriptId}, ${d.title}, ${d.body}, ${d.status}, ${d.updatedAt}, ${d.indexedAt},
    setweight(to_tsvector('simple', ${d.titleWords}::text), 'A') || setweight(to_tsvector('simple', ${d.bodyWords}::text), 'B'))`);
  const written = await sql<{ manuscript_id: string }>`INSERT INTO manuscript_search (center_id, manuscript_id, title, body, status, updated_at, indexed_at, tsv)
    VALUES ${sql.join(rows)}
    ON CONFLICT (manuscript_id) DO UPDATE SET title = excluded.title, body = excluded.body, status = excluded.status,
      updated_at = excluded.updated_at, indexed_at = excluded.indexed_at, tsv = excluded.tsv
    WHERE manuscript_search.center_id = excluded.center_id
    RETURNING manuscript_id`.execute(exec);
  if (written.rows.length !== latest.length) {
    const done = new Set(written.rows.map((r) => r.manuscript_id));
    throw new Error(`manuscript ${latest.find((d) => !done.has(d.manuscriptId))?.manuscriptId} is indexed under another center`);
  }
}

/** ts_rank_cd weights are {D, C, B, A}; normalisation 1 divides by 1 + log(length), as bm25 discounts long texts. */
const WEIGHTS = sql.lit(`{0,0,${1 / TITLE_WEIGHT},1}`);

export async function searchPg(exec: Executor, tsquery: string, f: SearchFilter, offset: number, limit: number): Promise<SearchPage> {
  // The query is written out (not joined in as a row) so the planner sees a constant:
  // it then uses the GIN index and estimates the number of matches.
  const q = sql`to_tsquery('simple', ${tsquery}::text)`;
  const counted = await sql<{ n: string }>`SELECT count(*) AS n FROM manuscript_search WHERE center_id = ${f.centerId} AND tsv @@ ${q}`.execute(exec);
  const matches = Number(counted.rows[0]?.n ?? 0);
  if (matches === 0) return { rows: [], total: 0 };
  const total = narrows(f) ? await countJoined(exec, q, f) : matches;
  const rows = await pageFromCandidates(matches, offset, limit, async (k) => {
    const page = await sql<SearchRow>`SELECT m.id, m.title, m.status, m.updated_at, s.body, c.score
      FROM (SELECT doc_id, ts_rank_cd(${WEIGHTS}::float4[], tsv, ${q}, 1) AS score FROM manuscript_search
            WHERE center_id = ${f.centerId} AND tsv @@ ${q} ORDER BY score DESC, doc_id DESC LIMIT ${k}) AS c
      JOIN manuscript_search s ON s.doc_id = c.doc_id
      JOIN manuscripts m ON m.id = s.manuscript_id AND m.center_id = s.center_id
      WHERE ${conditions(f)}
      ORDER BY c.score DESC, c.doc_id DESC LIMIT ${limit} OFFSET ${offset}`.execute(exec);
    return page.rows.map((r) => ({ ...r, score: Number(r.score) }));
  });
  return { rows, total };
}

async function countJoined(exec: Executor, q: RawBuilder<unknown>, f: SearchFilter): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM manuscript_search s
    JOIN manuscripts m ON m.id = s.manuscript_id AND m.center_id = s.center_id
    WHERE s.tsv @@ ${q} AND ${conditions(f)}`.execute(exec);
  return Number(r.rows[0]?.n ?? 0);
}
