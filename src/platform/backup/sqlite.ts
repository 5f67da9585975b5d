/**
 * SQLite backups: an online copy through SQLite's backup API (safe while the server
 * writes), and a restore that swaps the database file in one rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { BackupError, checkDigest, fsyncDir, fsyncFile, type BackupManifest } from './common.ts';

/**
 * Copies the live database at `sqliteFile` into `dest` page by page. A second
 * connection is used so the server's own connection keeps working; SQLite restarts
 * the copy if another connection writes meanwhile, so the result is one consistent state.
 * Returns the names of the migrations the copy holds.
 */
export async function backupSqlite(sqliteFile: string, dest: string): Promise<string[]> {
  const source = new Database(sqliteFile, { fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(dest);
  } finally {
    source.close();
  }
  return readMigrations(dest);
}

function readMigrations(file: string): string[] {
  const db = new Database(file, { fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
    if (!table) return [];
    return db.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all().map(String);
  } finally {
    db.close();
  }
}

/**
 * Puts the backup `file` in place of the database at `target`. The server must be
 * stopped: a target that another connection holds open is refused. The copy is
 * checked (SM3 against the manifest, then SQLite's quick_check) before it replaces
 * anything, so a failed restore leaves the old database as it was.
 */
export async function restoreSqlite(file: string, target: string, manifest: BackupManifest | null): Promise<void> {
  const dir = path.dirname(target);
  await fsp.mkdir(dir, { recursive: true });
  assertNotInUse(target);
  const tmp = path.join(dir, `.${path.basename(target)}.restore-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const digest = await copyHashing(file, tmp);
    if (manifest) checkDigest(file, digest, manifest);
    await fsyncFile(tmp);
    quickCheck(tmp, file);
    // Checked again just before the swap: the server may have started during the copy.
    assertNotInUse(target);
    // A WAL or journal left from the old database would be replayed into the new one and corrupt it.
    for (const suffix of ['-wal', '-shm', '-journal']) await fsp.rm(target + suffix, { force: true });
    await fsp.rename(tmp, target);
    await fsyncDir(dir);
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) await fsp.rm(tmp + suffix, { force: true });
  }
}

async function copyHashing(from: string, to: string): Promise<{ sm3: string; bytes: number }> {
  const hash = createHash('sm3');
  let bytes = 0;
  await pipeline(
    fs.createReadStream(from),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    },
    fs.createWriteStream(to, { flags: 'wx' }),
  );
  return { sm3: hash.digest('hex'), bytes };
}

function quickCheck(copy: string, original: string): void {
  const db = new Database(copy, { fileMustExist: true });
  try {
    const result: unknown = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new Error(String(result));
  } catch (e) {
    throw new BackupError('BACKUP_CORRUPT', `The backup ${original} is not a readable SQLite database (${(e as Error).message}); nothing was restored, use another backup.`);
  } finally {
    db.close();
  }
}

/**
 * Refuses a database another process has open. Taking SQLite's exclusive lock fails
 * while any other connection is open in WAL mode; when it succeeds, closing this last
 * connection also folds the WAL back into the file.
 */
function assertNotInUse(target: string): void {
  if (!fs.existsSync(target)) return;
  let db: Database.Database;
  try {
    db = new Database(target, { fileMustExist: true, timeout: 0 });
  } catch {
    return;
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
      throw new BackupError('DATABASE_IN_USE', `The database ${target} is open in another connection (is the Rongmei server running?): stop the server, then restore.`);
    }
    // A damaged target is what a restore is for: it is replaced without a lock.
  } finally {
    db.close();
  }
}
