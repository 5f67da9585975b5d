/** `rongmei backup` and `rongmei restore`; the work is in platform/backup. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../platform/config.ts';
import { openDb } from '../platform/db/index.ts';
import { BackupError, createBackup, listBackups, pruneBackups, restoreBackup } from '../platform/backup/index.ts';

function defaultDir(config: Config): string {
  return path.join(config.dataDir, 'backups');
}

function reportBackupError(err: unknown): number {
  if (err instanceof BackupError) {
    console.error(`Error ${err.code}: ${err.message}`);
    return 1;
  }
  throw err;
}

/** `rongmei backup [--dir DIR] [--list]`: an online backup, then old ones pruned. */
export async function backupCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' }, list: { type: 'boolean' } } });
  const dir = path.resolve(values.dir ?? defaultDir(config));
  if (values.list) {
    for (const b of await listBackups(dir)) console.log(`${b.createdAt.toISOString()}  ${b.engine.padEnd(8)}  ${String(b.bytes).padStart(12)}  ${b.file}${b.manifest ? '' : '  (no manifest)'}`);
    return 0;
  }
  const handle = openDb({ engine: config.engine, databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const made = await createBackup({ handle, databaseUrl: config.databaseUrl, destDir: dir });
    const pruned = await pruneBackups(dir, config.backupKeepDays);
    console.log(`Backup written: ${made.file} (${made.bytes} bytes, SM3 ${made.manifest.sm3.slice(0, 16)}…)`);
    if (pruned.length) console.log(`Removed ${pruned.length} backup file(s) older than ${config.backupKeepDays} days.`);
    return 0;
  } catch (err) {
    return reportBackupError(err);
  } finally {
    await handle.close();
  }
}

/** `rongmei restore FILE [--no-manifest]`: the server must be stopped first. */
export async function restoreCommand(args: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'no-manifest': { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) {
    console.error('Usage: rongmei restore FILE [--no-manifest]   (stop the server first)');
    return 2;
  }
  try {
    await restoreBackup({
      file,
      engine: config.engine,
      sqliteFile: path.join(config.dataDir, 'rongmei.db'),
      databaseUrl: config.databaseUrl ?? undefined,
      allowNoManifest: values['no-manifest'] ?? false,
    });
    console.log(`Restored ${path.resolve(file)} into the ${config.engine === 'sqlite' ? 'SQLite file' : 'PostgreSQL database'}. Start the server again.`);
    return 0;
  } catch (err) {
    return reportBackupError(err);
  }
}
