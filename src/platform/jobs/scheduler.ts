/**
 * Scheduled jobs. A cron tick does not run work itself: it enqueues a job whose
 * idempotency key names the schedule and the tick's minute (`cron:<name>:<minute>`),
 * so when several server processes run the same schedules, each tick becomes exactly
 * one job, run by whichever runner claims it. A consequence: patterns finer than a
 * minute (6-field, with seconds) yield at most one job per minute.
 */
import { Cron } from 'croner';
import { pino, type Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { enqueue } from './repository.ts';

export interface SchedulerOptions {
  db: Db;
  logger?: Logger;
  /** IANA zone the cron patterns are read in (e.g. Asia/Shanghai); default: the process's zone. */
  timezone?: string;
}

export interface ScheduleOptions {
  timezone?: string;
  maxAttempts?: number;
}

interface Entry {
  cron: Cron;
  jobName: string;
  payload: unknown;
  maxAttempts?: number;
}

/** The tick's minute in UTC, e.g. `2025-03-01T19:00Z`: the same in every process. */
export function tickMinute(at: Date): string {
  return `${new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString().slice(0, 16)}Z`;
}

/** Turns cron patterns into jobs. */
export class Scheduler {
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly timezone?: string;
  private readonly entries = new Map<string, Entry>();

  constructor(opts: SchedulerOptions) {
    this.db = opts.db;
    this.logger = opts.logger ?? pino({ level: 'silent' });
    this.timezone = opts.timezone;
  }

  /**
   * Enqueues job `jobName` with `payload` at every tick of `cronExpr`. `name` identifies
   * the schedule (it is part of the tick's idempotency key): keep it stable across
   * releases. Throws on a taken name or an invalid pattern.
   */
  schedule(name: string, cronExpr: string, jobName: string, payload: unknown, opts: ScheduleOptions = {}): void {
    if (this.entries.has(name)) throw new Error(`Scheduler: a schedule named "${name}" exists already`);
    const timezone = opts.timezone ?? this.timezone;
    const cron = new Cron(cronExpr, { ...(timezone ? { timezone } : {}) }, async () => {
      // croner calls back no earlier than the tick, so the minute of "now" is the tick's.
      await this.fire(name, new Date()).catch((err: unknown) =>
        this.logger.error({ err, schedule: name }, 'enqueueing a scheduled job failed'),
      );
    });
    this.entries.set(name, { cron, jobName, payload, maxAttempts: opts.maxAttempts });
  }

  /** Enqueues the job for schedule `name`'s tick at `at` (what each tick does; callable in tests). */
  async fire(name: string, at: Date): Promise<{ id: string; created: boolean }> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`Scheduler: no schedule named "${name}"`);
    const result = await enqueue(this.db, entry.jobName, entry.payload, {
      idempotencyKey: `cron:${name}:${tickMinute(at)}`,
      ...(entry.maxAttempts === undefined ? {} : { maxAttempts: entry.maxAttempts }),
    });
    if (result.created) this.logger.info({ schedule: name, jobId: result.id }, 'scheduled job enqueued');
    return result;
  }

  /** The next tick of schedule `name`, or null. */
  nextRun(name: string): Date | null {
    return this.entries.get(name)?.cron.nextRun() ?? null;
  }

  /** Stops every schedule. */
  stopAll(): void {
    for (const e of this.entries.values()) e.cron.stop();
    this.entries.clear();
  }
}
