/**
 * The backup directory as a catalogue: what is there, and which files have aged out.
 * Only files named like backups (and their sidecars and temp files) are ever touched.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../config.ts';
import { BackupError, PARTIAL_NAME, manifestPath, parseBackupName, readManifest, type BackupManifest } from './common.ts';

/** One backup file in a backup directory. */
export interface BackupEntry {
  /** Absolute path of the backup file. */
  file: string;
  name: string;
  engine: Engine;
  bytes: number;
  /** From the manifest; from the file name (UTC) when there is no readable manifest. */
  createdAt: Date;
  /** null when the sidecar is missing or unreadable: such a file cannot be checked. */
  manifest: BackupManifest | null;
}

const DAY_MS = 24 * 3600 * 1000;

/** The backups in `destDir`, newest first; an absent directory has none. */
export async function listBackups(destDir: string): Promise<BackupEntry[]> {
  const dir = path.resolve(destDir);
  const entries: (BackupEntry & { seq: number })[] = [];
  for (const name of await readDir(dir)) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const file = path.join(dir, name);
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat?.isFile()) continue;
    const manifest = await readManifest(file).catch(() => null);
    entries.push({
      file,
      name,
      engine: parsed.engine,
      bytes: stat.size,
      createdAt: manifest ? new Date(manifest.created_at) : parsed.time,
      manifest,
      seq: parsed.seq,
    });
  }
  entries.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.seq - a.seq);
  return entries.map(({ seq: _seq, ...entry }) => entry);
}

/**
 * Deletes backups (with their sidecars) made more than `keepDays` days before `now`,
 * and temp files that unfinished backups left more than a day ago. The newest backup
 * is always kept, however old: if backups stopped, pruning must not leave none.
 * Returns the paths deleted.
 */
export async function pruneBackups(destDir: string, keepDays: number, now: Date = new Date()): Promise<string[]> {
  if (!Number.isFinite(keepDays) || keepDays < 1) {
    throw new BackupError('BACKUP_BAD_OPTIONS', `keepDays must be at least 1, got ${keepDays}: GD/J 088 asks to keep backups for at least 6 months (the default is 190).`);
  }
  const dir = path.resolve(destDir);
  const cutoff = now.getTime() - keepDays * DAY_MS;
  const deleted: string[] = [];
  const remove = async (file: string): Promise<void> => {
    try {
      await fsp.unlink(file);
      deleted.push(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  };

  const backups = await listBackups(dir);
  for (const entry of backups.slice(1)) {
    if (entry.createdAt.getTime() >= cutoff) continue;
    // The backup goes before its manifest: a manifest alone is harmless, a backup alone is unverifiable.
    await remove(entry.file);
    await remove(manifestPath(entry.file));
  }

  for (const name of await readDir(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith('.json') && parseBackupName(name.slice(0, -'.json'.length))) {
      const backup = file.slice(0, -'.json'.length);
      if (backups.some((b) => b.file === backup)) continue;
      const manifest = await readManifest(backup).catch(() => null);
      const time = manifest ? Date.parse(manifest.created_at) : parseBackupName(path.basename(backup))!.time.getTime();
      if (time < cutoff) await remove(file);
    } else if (PARTIAL_NAME.test(name)) {
      const stat = await fsp.stat(file).catch(() => null);
      if (stat?.isFile() && stat.mtimeMs < now.getTime() - DAY_MS) await remove(file);
    }
  }
  return deleted;
}

async function readDir(dir: string): Promise<string[]> {
  try {
    return await fsp.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
