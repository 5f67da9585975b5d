/**
 * The platform's background work in the server process: the durable job runner, the
 * outbox relay that turns domain events into delivery jobs, and cron schedules
 * (weekly backup per GD/J 088, hourly purge of expired sessions).
 */
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './platform/config.ts';
import type { DbHandle } from './platform/db/index.ts';
import { JobRunner, Scheduler } from './platform/jobs/index.ts';
import type { EventBus } from './platform/events/index.ts';
import { createBackup, pruneBackups } from './platform/backup/index.ts';
import { purgeExpiredSessions } from './platform/auth/sessions.ts';
import type { Metrics } from './platform/http/metrics.ts';
import { MODULES } from './modules/index.ts';
import type { MqttBus } from './platform/mqtt.ts';

export interface Background {
  /** Resolves when every module's background work is ready (drivers listening, subscriptions in place). */
  ready: Promise<void>;
  /** Ports modules listen on (e.g. `ebTcp`, the GD/J 089 terminal listener). */
  ports(): Record<string, number>;
  runner: JobRunner;
  events: EventBus;
  scheduler: Scheduler;
  start(): void;
  stop(): Promise<void>;
}

export const BACKUP_JOB = 'platform.backup';
export const SESSION_PURGE_JOB = 'platform.sessions.purge';

export function backupDir(config: Config): string {
  return path.join(config.dataDir, 'backups');
}

export function createBackground(config: Config, handle: DbHandle, logger: Logger, metrics: Metrics | null, events: EventBus, mqtt: MqttBus | null = null): Background {
  const runner = new JobRunner({
    db: handle.db,
    pollMs: config.jobPollMs,
    leaseSeconds: config.jobLeaseSeconds,
    logger,
    onJobFinished: (e) => metrics?.jobsFinished.inc({ name: e.name, outcome: e.outcome }),
  });
  events.attach(runner);
  const scheduler = new Scheduler({ db: handle.db, logger, timezone: 'Asia/Shanghai' });

  runner.register(BACKUP_JOB, async () => {
    const dir = backupDir(config);
    const made = await createBackup({ handle, databaseUrl: config.databaseUrl, destDir: dir });
    const pruned = await pruneBackups(dir, config.backupKeepDays);
    logger.info({ file: made.file, bytes: made.bytes, pruned: pruned.length }, 'scheduled backup done');
  }, { maxAttempts: 3 });
  runner.register(SESSION_PURGE_JOB, async () => {
    await purgeExpiredSessions(handle.db);
  });
  const handles = MODULES.map((m) => m.background?.({ db: handle.db, config, events, runner, scheduler, mqtt, logger })).filter((h) => !!h);

  return {
    ready: Promise.all(handles.map((h) => h.ready)).then(() => undefined),
    ports: () => Object.assign({}, ...handles.map((h) => h.ports?.() ?? {})) as Record<string, number>,
    runner,
    events,
    scheduler,
    start() {
      if (config.backupCron) scheduler.schedule('backup', config.backupCron, BACKUP_JOB, {});
      scheduler.schedule('sessions-purge', '17 * * * *', SESSION_PURGE_JOB, {});
      runner.start();
      events.start(handle.db, config.jobPollMs);
    },
    async stop() {
      scheduler.stopAll();
      await events.stop();
      await runner.stop(10_000);
      await Promise.all(handles.map((h) => h.stop?.()));
    },
  };
}
