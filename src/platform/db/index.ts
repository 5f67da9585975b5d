/**
 * Opens the database: an embedded SQLite file by default, PostgreSQL when
 * DATABASE_URL says so. The rest of the code sees one Kysely<DB> either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type { Engine } from '../config.ts';
import type { DB } from './schema.ts';

export type { DB } from './schema.ts';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the database or a transaction: repositories accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** SQLite only: the file path. */
  sqliteFile: string | null;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  engine: Engine;
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL only: put every table in this schema (tests use one per run). */
  pgSchema?: string;
  /** SQLite only: overrides `<dataDir>/rongmei.db`. */
  sqliteFile?: string;
}

export function openDb(opts: OpenDbOptions): DbHandle {
  if (opts.engine === 'postgres') {
    if (!opts.databaseUrl) throw new Error('DATABASE_URL is required for PostgreSQL');
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    // A dropped connection must not crash the process: the next query reconnects.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', sqliteFile: null, close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? path.join(opts.dataDir, 'rongmei.db');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', sqliteFile: file, close: () => db.destroy() };
}
