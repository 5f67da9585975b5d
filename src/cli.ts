/**
 * The `rongmei` command line: start the server and run operations scripts
 * (migrate, users, centers, audit verification, backup/restore, demo data).
 * Each command returns an exit code; errors print a line, never a stack trace.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './platform/config.ts';
import { openDb, type DbHandle } from './platform/db/index.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { AppError } from './platform/errors.ts';
import { verifyAuditChain } from './platform/audit/index.ts';
import { buildPermissionRegistry } from './modules/index.ts';
import { createCenter } from './modules/identity/index.ts';
import { closeOnSignals, startServer, StartupError } from './server.ts';
import { loadDemoCenter, DEMO_PASSWORD } from './demo/lechang.ts';
import { addUser } from './cli/users.ts';
import { reindexAll } from './modules/newsroom/search/index.ts';
import { backupCommand, restoreCommand } from './cli/backup.ts';
import { ebCommand } from './cli/eb.ts';
import { terminalSimCommand } from './cli/terminal-sim.ts';

const HELP = `rongmei — the platform of a county-level converged media center (融媒体中心)

Usage: rongmei <command> [options]

Commands:
  start                       run the platform (HTTP console + API + jobs)  [default]
  migrate                     bring the database schema up to date
  center add --code C --name N [--area AREACODE]
                              create a center (tenant) with its built-in roles
  user add --username U --password P --role R [--role R2] [--center C] [--name NAME]
                              create a user (the center may be omitted when there is one)
  audit verify [--center C]   re-compute the audit hash chain; exit 1 on any break
  backup [--dir DIR]          back up the database (default DIR: DATA_DIR/backups)
  restore FILE                restore a backup (stop the server first)
  demo                        load or reset the Lechang demo center (not in production)
  reindex                     rebuild the staff search index of every manuscript
  eb cert add|list|revoke     trusted sender certificates (GD/J 081); see rongmei eb
  eb key show|rotate          the platform's signing key
  eb terminal-password EBRID  a terminal's login on the embedded MQTT broker
  terminal-sim [options]      run simulated loudspeaker terminals (MQTT or GD/J 089 TCP); see --help
  help                        this text

Configuration comes from environment variables: see README.md (PORT, DATA_DIR,
DATABASE_URL, MQTT_URL, LOG_LEVEL, ...).`;

type Handler = (args: string[], config: Config) => Promise<number>;

async function withDb<T>(config: Config, fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const handle = openDb({ engine: config.engine, databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

const COMMANDS: Record<string, Handler> = {
  async start(_args, config) {
    const server = await startServer(config);
    closeOnSignals(server);
    await new Promise(() => {});
    return 0;
  },
  async migrate(_args, config) {
    const handle = openDb({ engine: config.engine, databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const { applied } = await migrateToLatest(handle.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await handle.close();
    }
    return 0;
  },
  async center(args, config) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { code: { type: 'string' }, name: { type: 'string' }, area: { type: 'string' } } });
    if (positionals[0] !== 'add' || !values.code || !values.name) return usage('center add --code C --name N [--area AREACODE]');
    return withDb(config, async (h) => {
      const c = await createCenter(h.db, buildPermissionRegistry(), { code: values.code!, name: values.name!, areaCode: values.area ?? null }, 'cli');
      console.log(`Created center ${c.code} (${c.name}), id ${c.id}`);
      return 0;
    });
  },
  async user(args, config) {
    return withDb(config, (h) => addUser(h, args));
  },
  async audit(args, config) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { center: { type: 'string' } } });
    if (positionals[0] !== 'verify') return usage('audit verify [--center C]');
    return withDb(config, async (h) => {
      let centerId: string | undefined;
      if (values.center) {
        const c = await h.db.selectFrom('centers').select('id').where('code', '=', values.center).executeTakeFirst();
        if (!c) return fail(`No center with code "${values.center}".`);
        centerId = c.id;
      }
      const r = await verifyAuditChain(h.db, centerId);
      for (const p of r.problems) console.log(`BROKEN center=${p.centerId} seq=${p.seq}: ${p.problem}`);
      console.log(r.ok ? `Audit log intact: ${r.checked} entries verified.` : `Audit log TAMPERED: ${r.problems.length} problem(s) in ${r.checked} entries.`);
      return r.ok ? 0 : 1;
    });
  },
  async reindex(_args, config) {
    return withDb(config, async (h) => {
      const { indexed } = await reindexAll(h.db);
      console.log(`Search index rebuilt: ${indexed} manuscripts.`);
      return 0;
    });
  },
  backup: (args, config) => backupCommand(args, config),
  eb: (args, config) => withDb(config, (h) => ebCommand(h, config, args)),
  'terminal-sim': (args, config) => terminalSimCommand(args, config),
  restore: (args, config) => restoreCommand(args, config),
  async demo(_args, config) {
    if (config.nodeEnv === 'production') return fail('The demo center is never loaded in production (NODE_ENV=production).');
    return withDb(config, async (h) => {
      const r = await loadDemoCenter(h.db, buildPermissionRegistry());
      console.log(`${r.created ? 'Loaded' : 'Reset'} the Lechang demo center. Users: ${r.users.join(', ')}; password ${DEMO_PASSWORD}`);
      return 0;
    });
  },
};

function usage(line: string): number {
  console.error(`Usage: rongmei ${line}`);
  return 2;
}

function fail(message: string): number {
  console.error(`Error: ${message}`);
  return 1;
}

/** Runs one command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  if (['help', '--help', '-h'].includes(command)) {
    console.log(HELP);
    return 0;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    console.error(`Unknown command "${command}".\n`);
    console.log(HELP);
    return 2;
  }
  try {
    return await handler(rest, loadConfig());
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError) return fail(err.message);
    if (err instanceof AppError) return fail(`${err.code}: ${err.message}${err.field ? ` (${err.field})` : ''}`);
    if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return fail((err as Error).message);
    if ((err as { code?: string }).code === 'ECONNREFUSED') return fail(`Cannot reach the database: ${(err as Error).message}. Check DATABASE_URL.`);
    console.error(err);
    return 1;
  }
}
