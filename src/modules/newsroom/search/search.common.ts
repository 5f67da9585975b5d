/** Types and SQL pieces shared by the search repository and its two engine halves. */
import { sql, type RawBuilder } from 'kysely';

/** A manuscript as the index stores it: plain text for snippets, words for matching. */
export interface IndexDoc {
  centerId: string;
  manuscriptId: string;
  title: string;
  body: string;
  /** Search-mode words of the title / body, space-separated. */
  titleWords: string;
  bodyWords: string;
  status: string;
  updatedAt: string;
  indexedAt: string;
}

/**
 * How much more a word in the title counts than one in the body: bm25's column
 * weight on SQLite, the A:B weights of ts_rank_cd on PostgreSQL.
 */
export const TITLE_WEIGHT = 10;

/** Who may see what: as listManuscripts (all, or own and own resident account's). */
export interface SearchVisibility {
  all: boolean;
  authorId?: string;
  residentAccountId?: string | null;
}

export interface SearchFilter {
  centerId: string;
  visibility: SearchVisibility;
  status?: string;
}

export interface SearchRow {
  id: string;
  title: string;
  status: string;
  updated_at: string;
  body: string;
  score: number;
}

export interface SearchPage {
  rows: SearchRow[];
  total: number;
}

/** Does the filter drop anything beyond other centers? (Then counting needs the join.) */
export function narrows(f: SearchFilter): boolean {
  return f.status !== undefined || !f.visibility.all;
}

/** The WHERE conditions on `s` (manuscript_search) and `m` (manuscripts) for a filter. */
export function conditions(f: SearchFilter): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`s.center_id = ${f.centerId}`];
  if (f.status) conds.push(sql`m.status = ${f.status}`);
  if (!f.visibility.all) {
    const own = sql`m.author_id = ${f.visibility.authorId ?? ''}`;
    conds.push(f.visibility.residentAccountId ? sql`(${own} OR m.resident_account_id = ${f.visibility.residentAccountId})` : own);
  }
  return sql.join(conds, sql` AND `);
}

/** First number of ranked candidates joined to `manuscripts`: enough for a page or two even when filters drop most. */
const FIRST_CANDIDATES = 200;

/**
 * Pages through ranked candidates. `candidates(k)` returns the page taken from the
 * best k matches (ordered by score, then newest index row: a prefix of the final
 * order, so a full page found among them is exact). When visibility or status filters
 * leave too few, k grows eightfold until it covers every match.
 */
export async function pageFromCandidates(matches: number, offset: number, limit: number, candidates: (k: number) => Promise<SearchRow[]>): Promise<SearchRow[]> {
  for (let k = Math.max(FIRST_CANDIDATES, (offset + limit) * 4); ; k *= 8) {
    const rows = await candidates(k);
    if (rows.length === limit || k >= matches) return rows;
  }
}
