/**
 * What every backup shares, whatever the engine: file names, the sidecar manifest,
 * the SM3 checksum, and the fsync/rename steps that make a file appear only when whole.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../config.ts';

/** Stable codes, so the CLI and tests can tell failures apart without parsing text. */
export type BackupErrorCode =
  | 'BACKUP_NOT_FOUND'
  | 'BACKUP_MANIFEST_MISSING'
  | 'BACKUP_MANIFEST_INVALID'
  | 'BACKUP_CHECKSUM_MISMATCH'
  | 'BACKUP_ENGINE_MISMATCH'
  | 'BACKUP_NOT_SQLITE'
  | 'BACKUP_NOT_PGDUMP'
  | 'BACKUP_CORRUPT'
  | 'BACKUP_SCHEMA_MISMATCH'
  | 'BACKUP_BAD_OPTIONS'
  | 'BACKUP_TOOL_MISSING'
  | 'BACKUP_TOOL_FAILED'
  | 'DATABASE_IN_USE';

/** A backup or restore that cannot go on; the message says what to do. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** The sidecar `<backup>.json`: what the file is and how to check it is intact. */
export interface BackupManifest {
  format: 'rongmei-backup';
  version: 1;
  engine: Engine;
  /** Base name of the backup file this manifest describes. */
  file: string;
  /** ISO-8601 UTC. */
  created_at: string;
  bytes: number;
  /** SM3 (GB/T 32905) of the whole file, lower-case hex. */
  sm3: string;
  /** Names of the schema migrations applied in the backed-up database. */
  migrations: string[];
  /** PostgreSQL: the one schema dumped, or null for the whole database. */
  pg_schema: string | null;
}

/** How messages name each engine. */
export const ENGINE_LABEL: Record<Engine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
/** The backup file extension of each engine. */
export const EXTENSION: Record<Engine, string> = { sqlite: 'sqlite', postgres: 'pgdump' };

/** `rongmei-YYYYMMDD-HHMMSS[-N].sqlite|pgdump`, the time in UTC. */
const BACKUP_NAME = /^rongmei-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?\.(sqlite|pgdump)$/;

/** `rongmei-YYYYMMDD-HHMMSS` for `now`, in UTC so names sort the same on every server. */
export function backupStamp(now: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `rongmei-${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`
  );
}

/** A backup file name; null for any other file. `seq` tells apart backups of the same second. */
export function parseBackupName(name: string): { engine: Engine; time: Date; seq: number } | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return {
    engine: m[8] === 'sqlite' ? 'sqlite' : 'postgres',
    time: new Date(Date.UTC(y, mo - 1, d, h, mi, s)),
    seq: m[7] ? Number(m[7]) : 1,
  };
}

/** A name in destDir that neither a backup nor a manifest uses yet. */
export function freeBackupName(destDir: string, now: Date, engine: Engine): string {
  const stamp = backupStamp(now);
  for (let n = 1; ; n++) {
    const name = `${stamp}${n === 1 ? '' : `-${n}`}.${EXTENSION[engine]}`;
    const taken = fs.existsSync(path.join(destDir, name)) || fs.existsSync(manifestPath(path.join(destDir, name)));
    if (!taken) return name;
  }
}

/** Temp files of an unfinished backup start with a dot and never match BACKUP_NAME. */
export function partialName(finalName: string, tag: string): string {
  return `.${finalName}.partial-${tag}`;
}
/** Matches the temp files of unfinished backups and manifests (pruneBackups clears stale ones). */
export const PARTIAL_NAME = /^\.rongmei-\d{8}-\d{6}(?:-\d+)?\.(?:sqlite|pgdump)(?:\.json)?\.partial-/;

/** The sidecar manifest's path: `<backup>.json`. */
export function manifestPath(backupFile: string): string {
  return `${backupFile}.json`;
}

/** The manifest beside `backupFile`; null when there is none. */
export async function readManifest(backupFile: string): Promise<BackupManifest | null> {
  const file = manifestPath(backupFile);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const invalid = (why: string): BackupError =>
    new BackupError('BACKUP_MANIFEST_INVALID', `The manifest ${file} is not valid (${why}): restore from another backup, or delete the manifest and pass allowNoManifest to skip the checksum.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  if (typeof raw !== 'object' || raw === null) throw invalid('not an object');
  const m = raw as Record<string, unknown>;
  if (m.format !== 'rongmei-backup' || m.version !== 1) throw invalid('unknown format or version');
  if (m.engine !== 'sqlite' && m.engine !== 'postgres') throw invalid('unknown engine');
  if (typeof m.sm3 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sm3)) throw invalid('no SM3 checksum');
  if (typeof m.bytes !== 'number' || typeof m.created_at !== 'string' || Number.isNaN(Date.parse(m.created_at))) {
    throw invalid('no size or time');
  }
  return {
    format: 'rongmei-backup',
    version: 1,
    engine: m.engine,
    file: typeof m.file === 'string' ? m.file : path.basename(backupFile),
    created_at: m.created_at,
    bytes: m.bytes,
    sm3: m.sm3,
    migrations: Array.isArray(m.migrations) ? m.migrations.filter((x): x is string => typeof x === 'string') : [],
    pg_schema: typeof m.pg_schema === 'string' ? m.pg_schema : null,
  };
}

/** Writes the manifest through a temp file, so a manifest is either whole or absent. */
export async function writeManifest(backupFile: string, manifest: BackupManifest, tag: string): Promise<void> {
  const file = manifestPath(backupFile);
  const tmp = path.join(path.dirname(file), partialName(path.basename(file), tag));
  try {
    await fsp.writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
    await fsyncFile(tmp);
    await fsp.rename(tmp, file);
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

/** SM3 and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sm3: string; bytes: number }> {
  const hash = createHash('sm3');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const buf = chunk as Buffer;
    hash.update(buf);
    bytes += buf.length;
  }
  return { sm3: hash.digest('hex'), bytes };
}

/** Throws BACKUP_CHECKSUM_MISMATCH unless the content is what the manifest recorded. */
export function checkDigest(file: string, got: { sm3: string; bytes: number }, manifest: BackupManifest): void {
  if (got.sm3 !== manifest.sm3 || got.bytes !== manifest.bytes) {
    throw new BackupError(
      'BACKUP_CHECKSUM_MISMATCH',
      `The backup ${file} is damaged: its SM3 checksum (${got.bytes} bytes, ${got.sm3}) differs from its manifest ` +
        `(${manifest.bytes} bytes, ${manifest.sm3}). Nothing was restored; use another backup.`,
    );
  }
}

/** Forces a file's content to disk before it is renamed into place. */
export async function fsyncFile(file: string): Promise<void> {
  const fh = await fsp.open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes a rename durable: the directory entry must reach the disk too. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const PGDUMP_MAGIC = Buffer.from('PGDMP', 'latin1');

/** What a file holds, by its first bytes: an SQLite database, a pg_dump custom archive, or neither. */
export async function detectBackupEngine(file: string): Promise<Engine | null> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupError('BACKUP_NOT_FOUND', `There is no backup file at ${file}.`);
    throw e;
  }
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await fh.read(head, 0, 16, 0);
    if (bytesRead === 16 && head.equals(SQLITE_HEADER)) return 'sqlite';
    if (bytesRead >= 5 && head.subarray(0, 5).equals(PGDUMP_MAGIC)) return 'postgres';
    return null;
  } finally {
    await fh.close();
  }
}
