/**
 * Staff full-text search over manuscripts: keeping the index in step with the
 * manuscripts (indexManuscript in the same transaction as each save), searching it
 * with visibility applied, and rebuilding it (`reindexAll`, for operations).
 */
import type { Db, Executor } from '../../../platform/db/index.ts';
import { plainText, type ManuscriptContent } from '../content.ts';
import { parseQuery, toFts5, toTsquery } from './query.ts';
import { segmentForIndex } from './segment.ts';
import { findHighlights, makeSnippet, type Snippet } from './snippet.ts';
import { deleteDoc, searchPage, upsertDocs, type IndexDoc, type SearchVisibility } from './search.repository.ts';

/**
 * Longest body text indexed, in UTF-16 code units: a news story is far shorter, and
 * PostgreSQL refuses a tsvector over 1 MB. Text after this point is not searchable.
 */
export const MAX_INDEXED_CHARS = 100_000;

export type { IndexDoc };

/** What the index needs of a manuscript: its current content, status and time. */
export interface IndexInput {
  centerId: string;
  id: string;
  title: string;
  summary: string;
  bodyHtml: string;
  status: string;
  updatedAt: string;
}

/** Control characters (PostgreSQL text cannot hold NUL) become spaces, one for one. */
const controls = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');

/** The first MAX_INDEXED_CHARS code units, not ending in half a surrogate pair. */
function capped(s: string): string {
  if (s.length <= MAX_INDEXED_CHARS) return s;
  const end = /[\ud800-\udbff]/.test(s[MAX_INDEXED_CHARS - 1]!) ? MAX_INDEXED_CHARS - 1 : MAX_INDEXED_CHARS;
  return s.slice(0, end);
}

function docOf(m: IndexInput, indexedAt: string): IndexDoc {
  const body = controls(capped([m.summary.trim(), plainText(m.bodyHtml)].filter(Boolean).join('\n\n')));
  const title = controls(m.title);
  return {
    centerId: m.centerId, manuscriptId: m.id, title, body,
    titleWords: segmentForIndex(title), bodyWords: segmentForIndex(body),
    status: m.status, updatedAt: m.updatedAt, indexedAt,
  };
}

/**
 * Indexes a manuscript's current content, replacing what the index held for it. Call
 * it in the transaction that writes the version, so the index never lags a save.
 */
export async function indexManuscript(tx: Executor, m: IndexInput): Promise<void> {
  await upsertDocs(tx, [docOf(m, new Date().toISOString())]);
}

/** Indexes several manuscripts (one statement per batch on PostgreSQL). */
export async function indexManuscripts(tx: Executor, ms: IndexInput[]): Promise<void> {
  await writeIndex(tx, prepareIndex(ms));
}

/**
 * The CPU half of indexing (plain text, segmentation), kept apart from the SQL half so
 * bulk work can segment outside the transaction that writes.
 */
export function prepareIndex(ms: IndexInput[]): IndexDoc[] {
  const now = new Date().toISOString();
  return ms.map((m) => docOf(m, now));
}

/** The SQL half of indexing: writes documents made by prepareIndex. */
export async function writeIndex(tx: Executor, docs: IndexDoc[]): Promise<void> {
  await upsertDocs(tx, docs);
}

/** Takes a manuscript out of the index (deleting the manuscript does so too). */
export async function removeFromIndex(tx: Executor, centerId: string, id: string): Promise<void> {
  await deleteDoc(tx, centerId, id);
}

export interface SearchInput {
  centerId: string;
  /** The staff search syntax: words (AND), "phrases", -exclusions. */
  query: string;
  visibility: SearchVisibility;
  status?: string;
  page: number;
  pageSize: number;
}

export interface SearchItem {
  id: string;
  title: string;
  /** Ranges of `title` to mark, [start, end) in UTF-16 code units. */
  titleHighlights: Array<[number, number]>;
  status: string;
  updatedAt: string;
  /** Higher is better; comparable within one result list only (bm25 on SQLite, ts_rank_cd on PostgreSQL). */
  score: number;
  snippet: Snippet;
}

export interface SearchResult {
  items: SearchItem[];
  total: number;
}

/**
 * Searches the manuscripts of one center that `visibility` lets the caller see. Any
 * text is a valid query: one that holds no word finds nothing (it never throws).
 */
export async function searchManuscripts(db: Executor, input: SearchInput): Promise<SearchResult> {
  const plan = parseQuery(input.query);
  const fts5 = toFts5(plan);
  const tsquery = toTsquery(plan);
  if (fts5 === null || tsquery === null) return { items: [], total: 0 };
  const pageSize = Math.min(200, Math.max(1, Math.floor(input.pageSize) || 20));
  const page = Math.max(1, Math.floor(input.page) || 1);
  const { rows, total } = await searchPage(
    db, { fts5, tsquery }, { centerId: input.centerId, visibility: input.visibility, status: input.status }, (page - 1) * pageSize, pageSize,
  );
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      titleHighlights: findHighlights(r.title, plan.highlight),
      status: r.status,
      updatedAt: r.updated_at,
      score: r.score,
      snippet: makeSnippet(r.body, plan.highlight),
    })),
  };
}

/**
 * Rebuilds the index of every manuscript (or one center's) from its current version:
 * after the search migration, or when the segmentation dictionary changes. Works in
 * batches, one transaction each; safe to run while people work (a save in between
 * simply indexes again).
 */
export async function reindexAll(db: Db, opts: { centerId?: string; batchSize?: number } = {}): Promise<{ indexed: number }> {
  const batchSize = opts.batchSize ?? 200;
  let after = '';
  let indexed = 0;
  for (;;) {
    let q = db
      .selectFrom('manuscripts as m')
      .innerJoin('manuscript_versions as v', (j) => j.onRef('v.manuscript_id', '=', 'm.id').onRef('v.version', '=', 'm.version'))
      .select(['m.id', 'm.center_id', 'm.status', 'm.updated_at', 'v.content'])
      .where('m.id', '>', after)
      .orderBy('m.id')
      .limit(batchSize);
    if (opts.centerId) q = q.where('m.center_id', '=', opts.centerId);
    const rows = await q.execute();
    if (rows.length === 0) return { indexed };
    const batch = rows.map((r): IndexInput => {
      const c = JSON.parse(r.content) as Partial<ManuscriptContent>;
      return { centerId: r.center_id, id: r.id, title: c.title ?? '', summary: c.summary ?? '', bodyHtml: c.bodyHtml ?? '', status: r.status, updatedAt: r.updated_at };
    });
    const docs = prepareIndex(batch);
    await db.transaction().execute((tx) => writeIndex(tx, docs));
    indexed += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}
