/**
 * The one validated configuration object. Every key is read from the environment,
 * documented in README.md, and has a default that runs on a laptop. A wrong value
 * stops start-up with the list of every problem (not just the first).
 */
import path from 'node:path';

export type Engine = 'sqlite' | 'postgres';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** Absent: SQLite file `rongmei.db` in dataDir. `postgres://…`: PostgreSQL. */
  databaseUrl: string | null;
  engine: Engine;
  /** Absent: an embedded MQTT broker is started on mqttPort. */
  mqttUrl: string | null;
  mqttPort: number;
  /** Emergency dispatch: a command without an ack is re-sent after this many seconds (3 tries, then "no ack"). */
  ebAckTimeoutSeconds: number;
  /** Emergency dispatch: a terminal silent this long is marked offline (GD/J 088 field practice: 300 s). */
  ebOfflineAfterSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  /** Load the Lechang demo center on first start with an empty database. */
  demo: boolean;
  jobPollMs: number;
  jobLeaseSeconds: number;
  /** More jobs than this due but not started: a warning in the log and `degraded` in /healthz. */
  jobsBacklogWarn: number;
  backupCron: string | null;
  backupKeepDays: number;
  /** A manuscript waiting this long at one review level reminds that level's reviewers. */
  reviewRemindHours: number;
  webDir: string;
  /** Base URL terminals and browsers reach this server at (links to broadcast audio). */
  publicUrl: string;
  /** Text-to-speech engine for emergency-broadcast audio (`espeak-ng`). */
  ebTtsEngine: string;
  /** Address the GD/J 089 IP-terminal TCP listener binds (default: HOST). */
  ebTcpHost: string;
  /** Port of the GD/J 089 IP-terminal TCP listener; 0 = any free port. */
  ebTcpPort: number;
  /** Gateway processes holding IP-terminal connections; 0 = this process (up to ~15,000 terminals). */
  ebTcpWorkers: number;
}

/** A configuration that cannot start. `problems` names every bad key. */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, key: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(`${key} must be a whole number between ${min} and ${max}, got "${raw}"`);
    return def;
  }
  const n = Number(raw);
  if (n < min || n > max) problems.push(`${key} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function readBool(env: Env, key: string, def: boolean, problems: string[]): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  problems.push(`${key} must be true or false, got "${raw}"`);
  return def;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  const nodeEnv = (['development', 'production', 'test'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development') as Config['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV must be development, production or test, got "${nodeEnvRaw}"`);
  }

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  let engine: Engine = 'sqlite';
  if (databaseUrl) {
    if (/^postgres(ql)?:\/\//.test(databaseUrl)) engine = 'postgres';
    else problems.push(`DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite file), got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  }

  const mqttUrl = env.MQTT_URL?.trim() || null;
  if (mqttUrl && !mqttUrl.split(',').every((u) => /^(mqtts?|wss?|tcp):\/\//.test(u.trim()))) {
    problems.push(`MQTT_URL must start with mqtt://, mqtts://, ws:// or wss:// (several brokers: comma-separated; leave it unset for the embedded broker), got "${mqttUrl}"`);
  }

  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  const backupCron = env.BACKUP_CRON === undefined ? '0 3 * * 0' : env.BACKUP_CRON.trim() || null;
  if (backupCron && backupCron.split(/\s+/).length < 5) problems.push(`BACKUP_CRON must be a cron expression with 5 or 6 fields, got "${backupCron}"`);

  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = path.resolve(cwd, env.DATA_DIR?.trim() || 'data');
  const config: Config = {
    nodeEnv,
    port: readInt(env, 'PORT', 3000, 0, 65535, problems),
    host,
    dataDir,
    databaseUrl,
    engine,
    mqttUrl,
    mqttPort: readInt(env, 'MQTT_PORT', 1884, 0, 65535, problems),
    ebAckTimeoutSeconds: readInt(env, 'EB_ACK_TIMEOUT_SECONDS', 30, 1, 3600, problems),
    ebOfflineAfterSeconds: readInt(env, 'EB_OFFLINE_AFTER_SECONDS', 300, 10, 24 * 3600, problems),
    logLevel,
    sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90, problems),
    loginMaxFailures: readInt(env, 'LOGIN_MAX_FAILURES', 5, 1, 100, problems),
    loginLockMinutes: readInt(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60, problems),
    rateLimitPerMinute: readInt(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000, problems),
    loginRateLimitPerMinute: readInt(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 1_000_000, problems),
    cookieSecure: readBool(env, 'COOKIE_SECURE', nodeEnv === 'production', problems),
    trustProxy: readBool(env, 'TRUST_PROXY', false, problems),
    demo: readBool(env, 'DEMO', nodeEnv !== 'production', problems),
    jobPollMs: readInt(env, 'JOB_POLL_MS', 500, 10, 60_000, problems),
    jobLeaseSeconds: readInt(env, 'JOB_LEASE_SECONDS', 60, 1, 24 * 3600, problems),
    jobsBacklogWarn: readInt(env, 'JOBS_BACKLOG_WARN', 1000, 1, 10_000_000, problems),
    backupCron,
    backupKeepDays: readInt(env, 'BACKUP_KEEP_DAYS', 190, 1, 3650, problems),
    reviewRemindHours: readInt(env, 'REVIEW_REMIND_HOURS', 4, 1, 24 * 14, problems),
    webDir: path.resolve(cwd, env.WEB_DIR?.trim() || 'web/console/dist'),
    publicUrl: '',
    ebTtsEngine: env.EB_TTS_ENGINE?.trim() || 'espeak-ng',
    ebTcpHost: env.EB_TCP_HOST?.trim() || host,
    ebTcpPort: readInt(env, 'EB_TCP_PORT', 7089, 0, 65535, problems),
    ebTcpWorkers: readInt(env, 'EB_TCP_WORKERS', 0, 0, 64, problems),
  };
  config.publicUrl = (env.PUBLIC_URL?.trim() || `http://${host}:${config.port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(config.publicUrl)) problems.push(`PUBLIC_URL must be an http:// or https:// base URL, got "${env.PUBLIC_URL}"`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(config.ebTtsEngine)) problems.push(`EB_TTS_ENGINE must be an engine name such as espeak-ng, got "${env.EB_TTS_ENGINE}"`);
  if (nodeEnv === 'production' && config.demo) problems.push('DEMO cannot be true when NODE_ENV=production: production never loads demo data');
  if (problems.length) throw new ConfigError(problems);
  return config;
}
