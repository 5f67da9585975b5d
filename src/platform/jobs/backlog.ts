/**
 * The job queue has no bound: a stuck handler or a dead worker pool shows only as rows
 * piling up. BacklogWatch counts queued jobs by name (for /metrics and /healthz) and
 * warns once when the jobs due but not started pass JOBS_BACKLOG_WARN, and once when
 * they fall back under it, however often it is asked in between.
 */
import { pino, type Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { countQueued, type QueuedCount } from './repository.ts';

export interface Backlog {
  /** Queued jobs by name: all, and due but not started. */
  byName: QueuedCount[];
  queued: number;
  due: number;
  threshold: number;
  /** Due jobs exceed the threshold. */
  over: boolean;
}

export interface BacklogWatchOptions {
  db: Db;
  /** Due-but-not-started jobs above this are a backlog (JOBS_BACKLOG_WARN). */
  threshold: number;
  logger?: Logger;
}

export class BacklogWatch {
  readonly threshold: number;
  readonly #db: Db;
  readonly #logger: Logger;
  #over = false;
  #counting: Promise<Backlog> | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(opts: BacklogWatchOptions) {
    if (!(Number.isInteger(opts.threshold) && opts.threshold >= 1)) throw new Error('BacklogWatch: threshold must be a whole number ≥ 1');
    this.threshold = opts.threshold;
    this.#db = opts.db;
    this.#logger = opts.logger ?? pino({ level: 'silent' });
  }

  /** Counts now; callers asking at the same moment (a scrape's two gauges) share one count. */
  check(now: Date = new Date()): Promise<Backlog> {
    this.#counting ??= this.#count(now).finally(() => {
      this.#counting = null;
    });
    return this.#counting;
  }

  /** Checks every `everyMs` in the background (the warning needs no one to ask). */
  start(everyMs: number): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.check().catch((err: unknown) => this.#logger.warn({ err }, 'counting queued jobs failed'));
    }, everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #count(now: Date): Promise<Backlog> {
    const byName = await countQueued(this.#db, now);
    const queued = byName.reduce((n, r) => n + r.queued, 0);
    const due = byName.reduce((n, r) => n + r.due, 0);
    const over = due > this.threshold;
    if (over && !this.#over) {
      const worst = [...byName].sort((a, b) => b.due - a.due).slice(0, 5).map((r) => ({ name: r.name, due: r.due }));
      this.#logger.warn({ due, threshold: this.threshold, worst }, 'job backlog: more jobs due than JOBS_BACKLOG_WARN; workers are not keeping up or a handler is stuck');
    } else if (!over && this.#over) {
      this.#logger.info({ due, threshold: this.threshold }, 'job backlog cleared');
    }
    this.#over = over;
    return { byName, queued, due, threshold: this.threshold, over };
  }
}
