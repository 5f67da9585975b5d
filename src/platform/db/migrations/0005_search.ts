/**
 * Staff full-text search over manuscripts: one row per manuscript in
 * `manuscript_search` (the plain text shown in snippets, the status and time it was
 * indexed with), and the word index beside it. Neither engine can cut Chinese into
 * words, so the application segments with jieba and the database indexes the words:
 *
 * - SQLite: `manuscript_search_fts`, a contentless FTS5 table (title, body, scope) over
 *   space-separated words, its rowid = `manuscript_search.doc_id`. `contentless_delete`
 *   (SQLite ≥ 3.43) lets a row be deleted without its old text; a trigger removes it
 *   when its `manuscript_search` row goes.
 * - PostgreSQL: a `tsv tsvector` column (title weighted A, body B, built with
 *   to_tsvector('simple', …) from the same words) and a GIN index on it.
 */
import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = engineOf(db) === 'postgres';
  await db.schema
    .createTable('manuscript_search')
    .addColumn('doc_id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('manuscript_id', 'text', (c) => c.notNull().unique().references('manuscripts.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull()) // plain text
    .addColumn('body', 'text', (c) => c.notNull()) // plain text: summary, blank line, body
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('indexed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('manuscript_search_center_idx').on('manuscript_search').columns(['center_id', 'updated_at']).execute();

  if (pg) {
    await sql`ALTER TABLE manuscript_search ADD COLUMN tsv tsvector NOT NULL`.execute(db);
    // Keep tsv in the row (compressed) rather than in TOAST: ranking reads every match's
    // tsv, and the planner prices a sequential scan by the row's own pages, so with tsv
    // out of line it prefers scanning to the GIN index even for rare words.
    await sql`ALTER TABLE manuscript_search ALTER COLUMN tsv SET STORAGE MAIN`.execute(db);
    await sql`CREATE INDEX manuscript_search_tsv_idx ON manuscript_search USING gin (tsv)`.execute(db);
    return;
  }
  // unicode61 only splits the words on spaces here; diacritics are kept so that both
  // engines match café and cafe alike (PostgreSQL's 'simple' configuration keeps them).
  // `scope` holds one token naming the center, so MATCH itself keeps to one center and
  // FTS5 alone can count and rank a center's matches.
  await sql`CREATE VIRTUAL TABLE manuscript_search_fts USING fts5(
    title, body, scope, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
  )`.execute(db);
  await sql`CREATE TRIGGER manuscript_search_fts_ad AFTER DELETE ON manuscript_search BEGIN
    DELETE FROM manuscript_search_fts WHERE rowid = old.doc_id;
  END`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === 'sqlite') {
    await sql`DROP TRIGGER IF EXISTS manuscript_search_fts_ad`.execute(db);
    await sql`DROP TABLE IF EXISTS manuscript_search_fts`.execute(db);
  }
  await db.schema.dropTable('manuscript_search').ifExists().execute();
}
