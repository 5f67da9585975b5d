/**
 * Manuscript search speed: `npm run bench:search` (node --import tsx scripts/bench-search.ts).
 * Options: --docs N (default 100000), --like-every K (run the LIKE baseline on every
 * K-th query, default 4: a full LIKE scan takes far longer than a search).
 * Segmentation (plain text + jieba) is done once and timed once; each engine's build
 * time is that plus writing its index.
 *
 * Generates N Chinese manuscripts deterministically (words drawn from jieba's own
 * dictionary with Zipf frequencies, plus Lechang's place names), indexes them through
 * the real indexing code on SQLite, and on PostgreSQL too when DATABASE_URL is set
 * (in a fresh schema, dropped afterwards), then runs ~200 fixed queries through
 * searchManuscripts and the same queries as a naive LIKE '%…%' scan. Prints ONE JSON
 * object on stdout; progress goes to stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDb, type Db, type DbHandle } from '../src/platform/db/index.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { prepareIndex, searchManuscripts, writeIndex, type IndexDoc } from '../src/modules/newsroom/search/index.ts';
import { likeTermsOf, parseQuery } from '../src/modules/newsroom/search/query.ts';
import { buildCorpus, buildQueries, type BenchQuery, type Corpus } from '../src/modules/newsroom/search/bench-corpus.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DOCS = arg('docs', 100_000);
const LIKE_EVERY = arg('like-every', 4);
const log = (msg: string) => process.stderr.write(`[bench-search] ${msg}\n`);

function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 100) / 100;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1), mean: Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 100) / 100 };
}

async function loadManuscripts(db: Db, centerId: string, corpus: Corpus): Promise<void> {
  const now = '2026-01-01T00:00:00.000Z';
  await db.insertInto('centers').values({ id: centerId, code: 'bench', name: '乐昌市融媒体中心', area_code: '440281', created_at: now }).execute();
  for (let i = 0; i < corpus.docs.length; i += 1000) {
    const rows = corpus.docs.slice(i, i + 1000).map((d) => ({
      id: d.id, center_id: centerId, plan_id: null, column_id: null, resident_account_id: null, kind: 'article', title: d.title, status: d.status,
      review_level: null, review_levels: 3, version: 1, author_id: d.authorId, locked_by: null, locked_until: null, signed_off_by: null,
      signed_off_at: null, signed_off_version: null, created_at: d.updatedAt, updated_at: d.updatedAt,
    }));
    await db.transaction().execute(async (tx) => {
      for (let j = 0; j < rows.length; j += 100) await tx.insertInto('manuscripts').values(rows.slice(j, j + 100)).execute();
    });
  }
}

/** The CPU half of indexing (plain text + segmentation), once for both engines. */
function prepareAll(centerId: string, corpus: Corpus): { docs: IndexDoc[]; ms: number } {
  const start = performance.now();
  const docs = prepareIndex(corpus.docs.map((d) => ({ centerId, id: d.id, title: d.title, summary: '', bodyHtml: d.bodyHtml, status: d.status, updatedAt: d.updatedAt })));
  return { docs, ms: performance.now() - start };
}

/** The SQL half: index rows written in transactions of 500 documents. */
async function writeAll(db: Db, docs: IndexDoc[]): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < docs.length; i += 500) {
    const batch = docs.slice(i, i + 500);
    await db.transaction().execute((tx) => writeIndex(tx, batch));
    if ((i / 500) % 40 === 0) log(`  written ${i + batch.length}`);
  }
  return performance.now() - start;
}

/** The baseline: every term as LIKE '%term%' over title and body, count + first page by time. */
async function likeSearch(db: Db, centerId: string, query: string): Promise<number> {
  const { must, not } = likeTermsOf(parseQuery(query));
  if (must.length === 0) return 0;
  const pat = (t: string) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const has = (t: string) => sql`(s.title LIKE ${pat(t)} ESCAPE '\\' OR s.body LIKE ${pat(t)} ESCAPE '\\')`;
  const where = sql.join([sql`s.center_id = ${centerId}`, ...must.map(has), ...not.map((t) => sql`NOT ${has(t)}`)], sql` AND `);
  const r = await sql<{ id: string; total: number | string }>`SELECT m.id, count(*) OVER () AS total
    FROM manuscript_search s JOIN manuscripts m ON m.id = s.manuscript_id AND m.center_id = s.center_id
    WHERE ${where} ORDER BY m.updated_at DESC, m.id LIMIT 20`.execute(db);
  return Number(r.rows[0]?.total ?? 0);
}

async function timeQueries(queries: BenchQuery[], run: (q: string) => Promise<number>) {
  const ms: number[] = [];
  const hits: number[] = [];
  const byKind: Record<string, number[]> = {};
  for (const q of queries) {
    const t0 = performance.now();
    hits.push(await run(q.text));
    const dt = performance.now() - t0;
    ms.push(dt);
    (byKind[q.kind] ??= []).push(dt);
  }
  return { ms, hits, latencyMs: percentiles(ms), byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, percentiles(v)])) };
}

async function sizes(handle: DbHandle): Promise<Record<string, number | null>> {
  if (handle.engine === 'postgres') {
    const r = await sql<Record<string, string>>`SELECT pg_relation_size('manuscript_search_tsv_idx') AS gin, pg_total_relation_size('manuscript_search') AS total,
      (SELECT sum(pg_column_size(tsv)) FROM manuscript_search) AS tsv`.execute(handle.db);
    const row = r.rows[0]!;
    return { ginIndexBytes: Number(row.gin), tsvectorBytes: Number(row.tsv), searchTableTotalBytes: Number(row.total) };
  }
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(handle.db);
  const file = fs.statSync(handle.sqliteFile!).size;
  try {
    const r = await sql<{ name: string; bytes: number }>`SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name`.execute(handle.db);
    const sum = (f: (n: string) => boolean) => r.rows.filter((x) => f(x.name)).reduce((a, x) => a + Number(x.bytes), 0);
    return { fts5IndexBytes: sum((n) => n.startsWith('manuscript_search_fts')), searchTableBytes: sum((n) => n === 'manuscript_search' || n.startsWith('sqlite_autoindex_manuscript_search') || n === 'manuscript_search_center_idx'), fileBytes: file };
  } catch {
    return { fts5IndexBytes: null, searchTableBytes: null, fileBytes: file };
  }
}

interface Prepared {
  centerId: string;
  docs: IndexDoc[];
  ms: number;
}

async function benchEngine(handle: DbHandle, corpus: Corpus, prepared: Prepared, queries: BenchQuery[]) {
  const { centerId } = prepared;
  const db = handle.db;
  log(`${handle.engine}: loading ${corpus.docs.length} manuscripts`);
  await loadManuscripts(db, centerId, corpus);
  log(`${handle.engine}: writing the index`);
  const writeMs = await writeAll(db, prepared.docs);
  const totalMs = prepared.ms + writeMs;
  const build = {
    segmentMs: Math.round(prepared.ms), writeMs: Math.round(writeMs), totalMs: Math.round(totalMs),
    docsPerSec: Math.round(corpus.docs.length / (totalMs / 1000)), charsPerSec: Math.round(corpus.totalChars / (totalMs / 1000)),
    writeDocsPerSec: Math.round(corpus.docs.length / (writeMs / 1000)),
  };
  if (handle.engine === 'postgres') await sql`ANALYZE manuscript_search`.execute(db);
  const size = await sizes(handle);
  const search = async (q: string) => (await searchManuscripts(db, { centerId, query: q, visibility: { all: true }, page: 1, pageSize: 20 })).total;
  for (const q of queries.slice(0, 20)) await search(q.text); // warm-up
  log(`${handle.engine}: ${queries.length} searches`);
  const fts = await timeQueries(queries, search);
  const likeQueries = queries.filter((_, i) => i % LIKE_EVERY === 0);
  log(`${handle.engine}: ${likeQueries.length} LIKE scans`);
  const like = await timeQueries(likeQueries, (q) => likeSearch(db, centerId, q));
  const ftsSameSubset = percentiles(fts.ms.filter((_, i) => i % LIKE_EVERY === 0));
  return {
    build,
    size,
    search: { latencyMs: fts.latencyMs, byKind: fts.byKind, meanHits: Math.round(fts.hits.reduce((a, b) => a + b, 0) / fts.hits.length) },
    likeBaseline: {
      queries: likeQueries.length,
      latencyMs: like.latencyMs,
      searchOnSameQueriesMs: ftsSameSubset,
      ratio: { p50: Math.round((like.latencyMs.p50 / ftsSameSubset.p50) * 10) / 10, p95: Math.round((like.latencyMs.p95 / ftsSameSubset.p95) * 10) / 10 },
      sameHitCount: like.hits.filter((h, i) => h === fts.hits[i * LIKE_EVERY]).length,
    },
    hits: fts.hits,
  };
}

async function withPostgres<T>(url: string, fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const handle = openDb({ engine: 'postgres', databaseUrl: url, dataDir: os.tmpdir(), pgSchema: schema });
  try {
    await migrateToLatest(handle.db, { schema });
    return await fn(handle);
  } finally {
    await handle.close().catch(() => {});
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const corpus = buildCorpus(DOCS);
  const queries = buildQueries(corpus);
  log(`corpus: ${corpus.docs.length} docs, ${corpus.totalChars} chars in ${Math.round(performance.now() - t0)} ms; ${queries.length} queries`);
  log('segmenting (plain text + jieba), once for both engines');
  const centerId = randomUUID();
  const prepared = { centerId, ...prepareAll(centerId, corpus) };
  log(`  ${Math.round(prepared.ms)} ms`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongmei-bench-search-'));
  const handle = openDb({ engine: 'sqlite', databaseUrl: null, dataDir: dir });
  let sqlite;
  try {
    await migrateToLatest(handle.db);
    sqlite = await benchEngine(handle, corpus, prepared, queries);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  const postgres = url && /^postgres/.test(url) ? await withPostgres(url, (h) => benchEngine(h, corpus, prepared, queries)) : null;

  const kinds = [...new Set(queries.map((q) => q.kind))];
  const { hits: sqliteHits, ...sqliteOut } = sqlite;
  const out = {
    corpus: { docs: corpus.docs.length, totalChars: corpus.totalChars, avgTitleChars: corpus.avgTitleChars, avgBodyChars: corpus.avgBodyChars, vocabulary: corpus.vocabulary, zipfExponent: corpus.zipfExponent, seed: corpus.seed },
    queries: { count: queries.length, byKind: Object.fromEntries(kinds.map((k) => [k, queries.filter((q) => q.kind === k).length])), likeBaselineEvery: LIKE_EVERY, pageSize: 20 },
    sqlite: sqliteOut,
    postgres: postgres ? (({ hits: _hits, ...rest }) => rest)(postgres) : 'skipped: set DATABASE_URL=postgres://… to include PostgreSQL',
    enginesAgree: postgres ? { sameHitCount: sqliteHits.filter((h, i) => h === postgres.hits[i]).length, of: queries.length } : null,
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown' },
    totalSeconds: Math.round((performance.now() - t0) / 1000),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
