/**
 * `rongmei backup` / `rongmei restore` as a library. A backup is one file named
 * `rongmei-YYYYMMDD-HHMMSS.sqlite|pgdump` (UTC) plus a `.json` manifest carrying its
 * SM3 checksum. Files appear under their final name only when complete, and a restore
 * checks engine, checksum and content before it replaces anything.
 * GD/J 088 asks for a backup at least every 7 days, kept at least 6 months.
 */
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db, DbHandle } from '../db/index.ts';
import {
  BackupError,
  ENGINE_LABEL,
  detectBackupEngine,
  checkDigest,
  freeBackupName,
  fsyncDir,
  fsyncFile,
  hashFile,
  manifestPath,
  partialName,
  readManifest,
  writeManifest,
  type BackupManifest,
} from './common.ts';
import { backupSqlite, restoreSqlite } from './sqlite.ts';
import { dumpPostgres, restorePostgres } from './postgres.ts';

export { BackupError, type BackupErrorCode, type BackupManifest } from './common.ts';
export { listBackups, pruneBackups, type BackupEntry } from './catalog.ts';

/** What createBackup needs. */
export interface CreateBackupOptions {
  /** The open database; SQLite is copied while it stays in use. */
  handle: DbHandle;
  /** Required for PostgreSQL: pg_dump connects with it. */
  databaseUrl: string | null;
  /** PostgreSQL: dump only this schema (the one the handle's search_path selects). */
  pgSchema?: string;
  destDir: string;
  /** The backup's time, for its name and manifest; defaults to now. */
  now?: Date;
}

/** A finished backup, already under its final name. */
export interface BackupResult {
  /** Absolute path of the backup file; its manifest is `${file}.json`. */
  file: string;
  bytes: number;
  engine: Engine;
  manifest: BackupManifest;
}

/** Backs up the database into `destDir`; see the module comment for the file layout. */
export async function createBackup(opts: CreateBackupOptions): Promise<BackupResult> {
  const { handle } = opts;
  const now = opts.now ?? new Date();
  const destDir = path.resolve(opts.destDir);
  await fsp.mkdir(destDir, { recursive: true });
  const name = freeBackupName(destDir, now, handle.engine);
  const file = path.join(destDir, name);
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = path.join(destDir, partialName(name, tag));
  let manifestWritten = false;
  try {
    let migrations: string[];
    if (handle.engine === 'sqlite') {
      if (!handle.sqliteFile) throw new BackupError('BACKUP_BAD_OPTIONS', 'The SQLite handle has no file to back up.');
      migrations = await backupSqlite(handle.sqliteFile, tmp);
    } else {
      if (!opts.databaseUrl) throw new BackupError('BACKUP_BAD_OPTIONS', 'A PostgreSQL backup needs DATABASE_URL.');
      migrations = await appliedMigrations(handle.db);
      await dumpPostgres(opts.databaseUrl, tmp, opts.pgSchema);
    }
    await fsyncFile(tmp);
    const { sm3, bytes } = await hashFile(tmp);
    const manifest: BackupManifest = {
      format: 'rongmei-backup',
      version: 1,
      engine: handle.engine,
      file: name,
      created_at: now.toISOString(),
      bytes,
      sm3,
      migrations,
      pg_schema: handle.engine === 'postgres' ? (opts.pgSchema ?? null) : null,
    };
    // Manifest first, backup last: a file under a backup's name always has its checksum beside it.
    await writeManifest(file, manifest, tag);
    manifestWritten = true;
    await fsp.rename(tmp, file);
    await fsyncDir(destDir);
    return { file, bytes, engine: handle.engine, manifest };
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    await fsp.rm(`${tmp}-journal`, { force: true });
    if (manifestWritten) await fsp.rm(manifestPath(file), { force: true });
    throw e;
  }
}

async function appliedMigrations(db: Db): Promise<string[]> {
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    return rows.map((r) => r.name);
  } catch {
    return [];
  }
}

/** What restoreBackup needs: sqliteFile for SQLite, databaseUrl for PostgreSQL. */
export interface RestoreBackupOptions {
  /** The backup file (not its manifest). */
  file: string;
  /** The engine of the database to restore into. */
  engine: Engine;
  /** SQLite: the database file to replace. */
  sqliteFile?: string;
  /** PostgreSQL: the database to restore into. */
  databaseUrl?: string;
  /**
   * PostgreSQL: the schema to restore into; it is emptied first. Defaults to the schema
   * the backup was made from (none for a whole-database dump).
   */
  pgSchema?: string;
  /** Restore a backup whose manifest was lost: no checksum can be checked then. */
  allowNoManifest?: boolean;
}

/**
 * Restores a backup made by createBackup. SQLite: the server must be stopped; the
 * database file is replaced in one rename. PostgreSQL: pg_restore in one transaction.
 * Refuses, before changing anything, a file of the other engine, a damaged file, and
 * one without a manifest unless `allowNoManifest`.
 */
export async function restoreBackup(opts: RestoreBackupOptions): Promise<void> {
  const file = path.resolve(opts.file);
  const found = await detectBackupEngine(file);
  if (found && found !== opts.engine) {
    throw new BackupError(
      'BACKUP_ENGINE_MISMATCH',
      `${file} is a ${ENGINE_LABEL[found]} backup, but the database to restore into is ${ENGINE_LABEL[opts.engine]}: ` +
        `restore it into a ${ENGINE_LABEL[found]} database, or choose a ${ENGINE_LABEL[opts.engine]} backup.`,
    );
  }
  if (!found) {
    throw opts.engine === 'sqlite'
      ? new BackupError('BACKUP_NOT_SQLITE', `${file} is not an SQLite database (it does not start with the 16-byte header "SQLite format 3"): choose a .sqlite backup.`)
      : new BackupError('BACKUP_NOT_PGDUMP', `${file} is not a pg_dump custom-format archive (it does not start with "PGDMP"): choose a .pgdump backup.`);
  }
  const manifest = await readManifest(file);
  if (!manifest && !opts.allowNoManifest) {
    throw new BackupError(
      'BACKUP_MANIFEST_MISSING',
      `The manifest ${manifestPath(file)} is missing, so the backup's SM3 checksum cannot be checked: copy it next to the backup, or pass allowNoManifest to restore unchecked.`,
    );
  }
  if (manifest && manifest.engine !== found) {
    throw new BackupError('BACKUP_ENGINE_MISMATCH', `The manifest of ${file} says ${ENGINE_LABEL[manifest.engine]}, but the file is a ${ENGINE_LABEL[found]} backup: the two do not belong together.`);
  }

  if (opts.engine === 'sqlite') {
    if (!opts.sqliteFile) throw new BackupError('BACKUP_BAD_OPTIONS', 'Restoring SQLite needs sqliteFile, the database file to replace.');
    await restoreSqlite(file, path.resolve(opts.sqliteFile), manifest);
    return;
  }
  if (!opts.databaseUrl) throw new BackupError('BACKUP_BAD_OPTIONS', 'Restoring PostgreSQL needs DATABASE_URL.');
  const schema = targetSchema(file, manifest, opts.pgSchema);
  if (manifest) checkDigest(file, await hashFile(file), manifest);
  await restorePostgres(file, opts.databaseUrl, schema);
}

/** pg_dump names every object with its schema, so a dump can only go back where it came from. */
function targetSchema(file: string, manifest: BackupManifest | null, wanted: string | undefined): string | undefined {
  if (!manifest) return wanted;
  if (wanted === undefined || manifest.pg_schema === wanted) return manifest.pg_schema ?? undefined;
  const holds = manifest.pg_schema ? `schema ${manifest.pg_schema}` : 'the whole database';
  const cure = manifest.pg_schema ? `restore it into schema ${manifest.pg_schema}` : 'restore it without a schema';
  throw new BackupError('BACKUP_SCHEMA_MISMATCH', `${file} holds ${holds}, not schema ${wanted}, and pg_restore cannot move tables between schemas: ${cure}.`);
}
