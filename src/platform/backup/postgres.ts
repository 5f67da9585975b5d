/**
 * PostgreSQL backups through the PostgreSQL client tools: pg_dump's custom format
 * out, pg_restore in one transaction back. The tools run without a shell, and the
 * password travels in PGPASSWORD, never on a command line (`ps` shows those).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { BackupError } from './common.ts';

interface ToolTarget {
  /** The URL without its password: safe for argv and messages. */
  dbname: string;
  env: NodeJS.ProcessEnv;
  password: string;
}

function toolTarget(databaseUrl: string): ToolTarget {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new BackupError('BACKUP_BAD_OPTIONS', 'DATABASE_URL is not a valid URL: expected postgres://user:password@host:port/database.');
  }
  const password = url.password ? decodeURIComponent(url.password) : '';
  url.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: url.toString(), env, password };
}

/** A quoted schema name for pg_dump's --schema, which takes a pattern: quotes make it literal. */
function schemaPattern(schema: string): string {
  return `"${schema.replace(/"/g, '""')}"`;
}

/** Runs a client tool; rejects with its stderr (password removed) when it fails. */
function runTool(cmd: string, args: string[], target: ToolTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: target.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      if (stderr.length < 16_000) stderr += s;
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'ENOENT'
          ? new BackupError('BACKUP_TOOL_MISSING', `${cmd} was not found: install the PostgreSQL client tools (the same major version as the server, or newer) and put them on PATH.`)
          : e,
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const text = (target.password ? stderr.split(target.password).join('***') : stderr).trim();
      const how = signal ? `was stopped by ${signal}` : `failed with exit code ${code}`;
      reject(new BackupError('BACKUP_TOOL_FAILED', `${cmd} ${how} on ${target.dbname}: ${text || '(no message)'}`));
    });
  });
}

/** Dumps the database (or only `schema`) into `dest` in pg_dump's custom format. */
export async function dumpPostgres(databaseUrl: string, dest: string, schema?: string): Promise<void> {
  const target = toolTarget(databaseUrl);
  const args = ['--format=custom', '--no-owner', '--no-privileges', `--file=${dest}`, `--dbname=${target.dbname}`];
  if (schema) args.push(`--schema=${schemaPattern(schema)}`);
  await runTool('pg_dump', args, target);
}

/**
 * Restores `file` with pg_restore in a single transaction. With `schema`, the schema
 * is emptied first: the old one is renamed aside and dropped only once the restore
 * has committed, so a failed restore puts it back untouched.
 */
export async function restorePostgres(file: string, databaseUrl: string, schema?: string): Promise<void> {
  const target = toolTarget(databaseUrl);
  const args = ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${target.dbname}`, file];
  if (!schema) {
    await runTool('pg_restore', args, target);
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const live = pg.escapeIdentifier(schema);
    const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    const aside = found.rowCount ? `${schema.slice(0, 40)}_prerestore_${randomBytes(4).toString('hex')}` : null;
    await client.query('BEGIN');
    if (aside) await client.query(`ALTER SCHEMA ${live} RENAME TO ${pg.escapeIdentifier(aside)}`);
    await client.query(`CREATE SCHEMA ${live}`);
    await client.query('COMMIT');
    try {
      await runTool('pg_restore', args, target);
    } catch (e) {
      try {
        await client.query('BEGIN');
        await client.query(`DROP SCHEMA IF EXISTS ${live} CASCADE`);
        if (aside) await client.query(`ALTER SCHEMA ${pg.escapeIdentifier(aside)} RENAME TO ${live}`);
        await client.query('COMMIT');
      } catch (undo) {
        const kept = aside ? ` The old data is kept in schema ${aside}: rename it back to ${schema} by hand.` : '';
        throw new BackupError('BACKUP_TOOL_FAILED', `${(e as Error).message}\nUndoing the restore failed too (${(undo as Error).message}).${kept}`);
      }
      throw e;
    }
    if (aside) await client.query(`DROP SCHEMA ${pg.escapeIdentifier(aside)} CASCADE`);
  } finally {
    await client.end();
  }
}
