/**
 * Storage tests run on every engine at hand: SQLite always, PostgreSQL too when
 * DATABASE_URL points to one. Each call gives a fresh, migrated, empty database:
 * a temp SQLite file, or a new PostgreSQL schema dropped afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDb, type DbHandle } from '../../src/platform/db/index.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import type { Engine } from '../../src/platform/config.ts';

export interface TestDb extends DbHandle {
  /** Where this database lives: a SQLite file or a PostgreSQL schema name. */
  location: string;
  dataDir: string;
  /** Closes and removes the database. */
  dispose(): Promise<void>;
}

/** The engines this run tests on. */
export function testEngines(): Engine[] {
  const url = process.env.DATABASE_URL;
  const available: Engine[] = url && /^postgres/.test(url) ? ['sqlite', 'postgres'] : ['sqlite'];
  // TEST_ENGINES=postgres lets CI's second run skip what its first run did on SQLite.
  const only = process.env.TEST_ENGINES?.split(',').map((s) => s.trim());
  return only ? available.filter((e) => only.includes(e)) : available;
}

export function tempDir(prefix = 'rongmei-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh migrated database on `engine`. Call dispose() when done. */
export async function freshDb(engine: Engine): Promise<TestDb> {
  const dataDir = tempDir();
  if (engine === 'sqlite') {
    const handle = openDb({ engine, databaseUrl: null, dataDir });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      location: handle.sqliteFile!,
      dataDir,
      async dispose() {
        await handle.close().catch(() => {});
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.DATABASE_URL!;
  // Kysely's migrator introspects every schema of the database; another test process
  // dropping its schema at that moment fails the scan (3F000). Such a failure says
  // nothing about our code, so try again with a new schema.
  for (let attempt = 1; ; attempt++) {
    try {
      return await freshPgSchema(url, dataDir);
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}

async function freshPgSchema(url: string, dataDir: string): Promise<TestDb> {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const dropSchema = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handle = openDb({ engine: 'postgres', databaseUrl: url, dataDir, pgSchema: schema });
  try {
    await migrateToLatest(handle.db, { schema });
  } catch (err) {
    await handle.close().catch(() => {});
    await dropSchema().catch(() => {});
    throw err;
  }
  return {
    ...handle,
    location: schema,
    dataDir,
    async dispose() {
      await handle.close().catch(() => {});
      await dropSchema();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
