import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freshDb, tempDir, testEngines, type TestDb } from '../../../test/helpers/engines.ts';
import type { Engine } from '../config.ts';
import { openDb, type DbHandle } from '../db/index.ts';
import { hashFile } from './common.ts';
import { BackupError, createBackup, restoreBackup } from './index.ts';

const ORIGINAL = [
  { id: 'c1', code: 'lechang', name: '乐昌市融媒体中心', area_code: '440281', created_at: '2024-01-01T00:00:00.000Z' },
  { id: 'c2', code: 'renhua', name: '仁化县融媒体中心', area_code: null, created_at: '2024-02-01T00:00:00.000Z' },
];

interface Setup {
  tdb: TestDb;
  backups: string;
  url: string | null;
  pgSchema: string | undefined;
  /** Opens the restored database again, the way the server would. */
  reopen(): DbHandle;
  restore(file: string, extra?: { allowNoManifest?: boolean; pgSchema?: string }): Promise<void>;
  dispose(): Promise<void>;
}

async function setup(engine: Engine): Promise<Setup> {
  const tdb = await freshDb(engine);
  await tdb.db.insertInto('centers').values(ORIGINAL).execute();
  const backups = tempDir('rongmei-backups-');
  const url = engine === 'postgres' ? process.env.DATABASE_URL! : null;
  const pgSchema = engine === 'postgres' ? tdb.location : undefined;
  return {
    tdb,
    backups,
    url,
    pgSchema,
    reopen: () =>
      openDb({ engine, databaseUrl: url, dataDir: tdb.dataDir, ...(pgSchema ? { pgSchema } : { sqliteFile: tdb.sqliteFile! }) }),
    restore: (file, extra = {}) =>
      restoreBackup({
        file,
        engine,
        ...(engine === 'sqlite' ? { sqliteFile: tdb.sqliteFile! } : { databaseUrl: url!, pgSchema }),
        ...extra,
      }),
    async dispose() {
      await tdb.dispose();
      fs.rmSync(backups, { recursive: true, force: true });
    },
  };
}

async function centers(handle: DbHandle): Promise<unknown[]> {
  return handle.db.selectFrom('centers').selectAll().orderBy('code').execute();
}

async function changeRows(handle: DbHandle): Promise<void> {
  await handle.db.updateTable('centers').set({ name: '改过的名字' }).where('id', '=', 'c1').execute();
  await handle.db.deleteFrom('centers').where('id', '=', 'c2').execute();
  await handle.db
    .insertInto('centers')
    .values({ id: 'c3', code: 'nanxiong', name: '南雄市融媒体中心', area_code: null, created_at: '2024-03-01T00:00:00.000Z' })
    .execute();
}

function flipByte(file: string): void {
  const buf = fs.readFileSync(file);
  const at = Math.floor(buf.length / 2);
  buf[at] = buf[at]! ^ 0xff;
  fs.writeFileSync(file, buf);
}

function isCode(code: string, ...mustName: string[]): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof BackupError, `expected a BackupError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    for (const word of mustName) assert.ok(e.message.includes(word), `"${e.message}" should name ${word}`);
    return true;
  };
}

for (const engine of testEngines()) {
  describe(`backup and restore on ${engine}`, () => {
    it('brings back the rows as they were at backup time', async () => {
      const s = await setup(engine);
      try {
        const made = await createBackup({ handle: s.tdb, databaseUrl: s.url, pgSchema: s.pgSchema, destDir: s.backups, now: new Date('2025-06-01T03:04:05Z') });
        const ext = engine === 'sqlite' ? 'sqlite' : 'pgdump';
        assert.equal(path.basename(made.file), `rongmei-20250601-030405.${ext}`);
        assert.equal(made.engine, engine);
        assert.equal(made.bytes, fs.statSync(made.file).size);
        const manifest = JSON.parse(fs.readFileSync(`${made.file}.json`, 'utf8')) as Record<string, unknown>;
        assert.equal(manifest.engine, engine);
        assert.equal(manifest.created_at, '2025-06-01T03:04:05.000Z');
        assert.equal(manifest.sm3, (await hashFile(made.file)).sm3);
        assert.ok((manifest.migrations as string[]).includes('0001_foundation'));
        assert.deepEqual(fs.readdirSync(s.backups).sort(), [path.basename(made.file), `${path.basename(made.file)}.json`]);

        await changeRows(s.tdb);
        if (engine === 'sqlite') {
          // The server's connection is still open: a restore now would pull the file from under it.
          await assert.rejects(s.restore(made.file), isCode('DATABASE_IN_USE'));
        }
        await s.tdb.close();
        await s.restore(made.file);
        const back = s.reopen();
        try {
          assert.deepEqual(await centers(back), ORIGINAL);
        } finally {
          await back.close();
        }
        if (engine === 'sqlite') {
          const dir = path.dirname(s.tdb.sqliteFile!);
          assert.deepEqual(fs.readdirSync(dir).filter((n) => n.includes('restore') || n.endsWith('-wal')), []);
        } else {
          const c = new pg.Client({ connectionString: s.url! });
          await c.connect();
          const aside = await c.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 || '_prerestore_%'", [s.pgSchema]);
          await c.end();
          assert.equal(aside.rowCount, 0);
        }
      } finally {
        await s.dispose();
      }
    });

    it('refuses a backup with a flipped byte and leaves the database as it was', async () => {
      const s = await setup(engine);
      try {
        const made = await createBackup({ handle: s.tdb, databaseUrl: s.url, pgSchema: s.pgSchema, destDir: s.backups });
        await changeRows(s.tdb);
        const changed = await centers(s.tdb);
        await s.tdb.close();
        flipByte(made.file);
        await assert.rejects(s.restore(made.file), isCode('BACKUP_CHECKSUM_MISMATCH', made.file));
        const still = s.reopen();
        try {
          assert.deepEqual(await centers(still), changed);
        } finally {
          await still.close();
        }
      } finally {
        await s.dispose();
      }
    });

    it('refuses a backup of the other engine, naming both', async () => {
      const s = await setup(engine);
      try {
        const made = await createBackup({ handle: s.tdb, databaseUrl: s.url, pgSchema: s.pgSchema, destDir: s.backups });
        const other: Engine = engine === 'sqlite' ? 'postgres' : 'sqlite';
        await assert.rejects(
          restoreBackup({ file: made.file, engine: other, sqliteFile: path.join(s.backups, 'x.db'), databaseUrl: 'postgres://nobody@127.0.0.1:1/none' }),
          isCode('BACKUP_ENGINE_MISMATCH', 'SQLite', 'PostgreSQL'),
        );
        assert.equal(fs.existsSync(path.join(s.backups, 'x.db')), false);
      } finally {
        await s.dispose();
      }
    });

    it('refuses a backup whose manifest is missing, unless told to go unchecked', async () => {
      const s = await setup(engine);
      try {
        const made = await createBackup({ handle: s.tdb, databaseUrl: s.url, pgSchema: s.pgSchema, destDir: s.backups });
        await changeRows(s.tdb);
        await s.tdb.close();
        fs.rmSync(`${made.file}.json`);
        await assert.rejects(s.restore(made.file), isCode('BACKUP_MANIFEST_MISSING', `${made.file}.json`));
        await s.restore(made.file, { allowNoManifest: true });
        const back = s.reopen();
        try {
          assert.deepEqual(await centers(back), ORIGINAL);
        } finally {
          await back.close();
        }
      } finally {
        await s.dispose();
      }
    });
  });
}

describe('SQLite specifics', () => {
  it('refuses a file that is not an SQLite database', async () => {
    const dir = tempDir();
    try {
      const bogus = path.join(dir, 'rongmei-20250101-000000.sqlite');
      fs.writeFileSync(bogus, 'CREATE TABLE centers (id text); -- an SQL script, not a database\n');
      const target = path.join(dir, 'rongmei.db');
      await assert.rejects(restoreBackup({ file: bogus, engine: 'sqlite', sqliteFile: target }), isCode('BACKUP_NOT_SQLITE', bogus));
      assert.equal(fs.existsSync(target), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('copies only committed data while another connection is mid-transaction', async () => {
    const s = await setup('sqlite');
    const writer = new Database(s.tdb.sqliteFile!);
    try {
      writer.exec("BEGIN IMMEDIATE; INSERT INTO centers (id, code, name, created_at) VALUES ('c9', 'open', 'uncommitted', '2025-01-01')");
      const made = await createBackup({ handle: s.tdb, databaseUrl: null, destDir: s.backups });
      writer.exec('COMMIT');
      const copy = new Database(made.file, { readonly: true });
      try {
        assert.deepEqual(copy.prepare('SELECT id FROM centers ORDER BY id').pluck().all(), ['c1', 'c2']);
      } finally {
        copy.close();
      }
    } finally {
      writer.close();
      await s.dispose();
    }
  });
});

describe('PostgreSQL specifics', { skip: !testEngines().includes('postgres') }, () => {
  it('reports a failing pg_dump with its stderr, without the password, and leaves no file', async () => {
    const s = await setup('postgres');
    try {
      const bad = new URL(process.env.DATABASE_URL!);
      bad.password = 's3cret-pw';
      bad.pathname = '/no_such_database_rongmei';
      await assert.rejects(
        createBackup({ handle: s.tdb, databaseUrl: bad.toString(), destDir: s.backups }),
        (e: unknown) => {
          isCode('BACKUP_TOOL_FAILED', 'pg_dump', 'no_such_database_rongmei')(e);
          assert.ok(!(e as Error).message.includes('s3cret-pw'));
          return true;
        },
      );
      assert.deepEqual(fs.readdirSync(s.backups), []);
    } finally {
      await s.dispose();
    }
  });

  it('keeps the old schema when pg_restore fails halfway', async () => {
    const s = await setup('postgres');
    try {
      const made = await createBackup({ handle: s.tdb, databaseUrl: s.url, pgSchema: s.pgSchema, destDir: s.backups });
      await changeRows(s.tdb);
      const changed = await centers(s.tdb);
      await s.tdb.close();
      fs.rmSync(`${made.file}.json`);
      fs.truncateSync(made.file, Math.floor(fs.statSync(made.file).size / 2));
      await assert.rejects(s.restore(made.file, { allowNoManifest: true }), isCode('BACKUP_TOOL_FAILED', 'pg_restore'));
      const still = s.reopen();
      try {
        assert.deepEqual(await centers(still), changed);
      } finally {
        await still.close();
      }
    } finally {
      await s.dispose();
    }
  });

  it('refuses to restore a schema dump into another schema', async () => {
    const s = await setup('postgres');
    try {
      const made = await createBackup({ handle: s.tdb, databaseUrl: s.url, pgSchema: s.pgSchema, destDir: s.backups });
      await assert.rejects(s.restore(made.file, { pgSchema: 'elsewhere' }), isCode('BACKUP_SCHEMA_MISMATCH', s.pgSchema!, 'elsewhere'));
    } finally {
      await s.dispose();
    }
  });
});
