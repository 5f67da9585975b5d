/**
 * The job runner: polls the `jobs` table, claims due jobs it has handlers for, runs
 * them with a lease it renews (heartbeat at lease/3) and records the outcome.
 *
 * Delivery is at least once: a worker killed mid-job leaves a lease that expires, and
 * another worker runs the job again. Handlers make their effects exactly-once with
 * `ctx.once(key, fn)`. Many runners (threads of one process or many servers) can share
 * one database: claiming never hands one job to two runners at a time.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { createJobContext, type JobHandler } from './context.ts';
import { claimDue, extendLease, markDead, markDone, markRetry, type Fence, type JobRow } from './repository.ts';
import { later, type Later } from '../later.ts';

export type JobOutcome = 'completed' | 'failed' | 'dead';

/** Reported once per finished attempt, for metrics. */
export interface JobFinished {
  jobId: string;
  name: string;
  outcome: JobOutcome;
  attempt: number;
  durationMs: number;
  /** The error message, for failed and dead outcomes. */
  error?: string;
}

export interface JobCounters {
  completed: number;
  failed: number;
  dead: number;
}

export interface JobRunnerOptions {
  db: Db;
  /** How often an idle runner looks for due jobs. */
  pollMs: number;
  /** How long a claim holds a job without a heartbeat before another worker may take it. */
  leaseSeconds: number;
  /** Jobs run at once by this runner (default 4). */
  concurrency?: number;
  /** Recorded in `locked_by` (default: host:pid:random). */
  workerId?: string;
  logger?: Logger;
  /** Delay before retry number `attempt + 1`, in ms (default: exponential, jittered, 1 s to 10 min). */
  backoff?: (attempt: number) => number;
  onJobFinished?: (event: JobFinished) => void;
}

export interface RegisterOptions {
  /** Overrides the maxAttempts stored when the job was enqueued. */
  maxAttempts?: number;
  /** Caps this job's retry delay (ms): work that must go out as soon as it can again. */
  backoffCapMs?: number;
}

interface Registration {
  handler: JobHandler<unknown>;
  maxAttempts?: number;
  backoffCapMs?: number;
}

interface Running {
  done: Promise<void>;
  abort: AbortController;
}

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 10 * 60 * 1000;
const DEFAULT_STOP_TIMEOUT_MS = 30_000;

/** Exponential backoff with "equal jitter": half the delay fixed, half random, capped. */
export function defaultBackoff(attempt: number): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (Math.random() * exp) / 2);
}

/** Runs registered job handlers over the `jobs` table. */
export class JobRunner {
  readonly workerId: string;
  private readonly db: Db;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly logger: Logger;
  private readonly backoff: (attempt: number) => number;
  private readonly onJobFinished?: (event: JobFinished) => void;
  private readonly handlers = new Map<string, Registration>();
  private readonly running = new Map<string, Running>();
  private readonly counters = new Map<string, JobCounters>();
  private started = false;
  private timer: Later | null = null;
  private polling: Promise<void> | null = null;
  /** Nudged while polling: poll again at once. */
  private nudged = false;

  constructor(opts: JobRunnerOptions) {
    if (!(opts.leaseSeconds > 0)) throw new Error('JobRunner: leaseSeconds must be > 0');
    if (!(opts.pollMs > 0)) throw new Error('JobRunner: pollMs must be > 0');
    this.db = opts.db;
    this.pollMs = opts.pollMs;
    this.leaseMs = opts.leaseSeconds * 1000;
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.logger = opts.logger ?? pino({ level: 'silent' });
    this.backoff = opts.backoff ?? defaultBackoff;
    this.onJobFinished = opts.onJobFinished;
  }

  /** Handles jobs called `name`. Jobs of names without a handler stay queued. */
  register<P>(name: string, handler: JobHandler<P>, opts: RegisterOptions = {}): void {
    if (this.handlers.has(name)) throw new Error(`JobRunner: a handler for "${name}" is registered already`);
    if (opts.maxAttempts !== undefined && !(Number.isInteger(opts.maxAttempts) && opts.maxAttempts >= 1)) {
      throw new Error(`JobRunner: maxAttempts for "${name}" must be a whole number ≥ 1`);
    }
    // The payload is JSON from the table: its type is the enqueuer's promise.
    this.handlers.set(name, { handler: (payload, ctx) => handler(payload as P, ctx), maxAttempts: opts.maxAttempts, backoffCapMs: opts.backoffCapMs });
  }

  /** Starts polling. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedulePoll(0);
  }

  /**
   * Stops claiming and waits for running handlers, up to `timeoutMs`. Handlers still
   * running then are signalled to abort and lose their heartbeat: their jobs return to
   * the queue when the lease expires.
   */
  async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
    this.started = false;
    this.timer?.cancel();
    this.timer = null;
    await this.polling;
    const all = Promise.allSettled([...this.running.values()].map((r) => r.done));
    const timeout = new AbortController();
    const timedOut = await Promise.race([
      all.then(() => false),
      sleep(timeoutMs, true, { signal: timeout.signal }).catch(() => false),
    ]);
    timeout.abort();
    if (timedOut) {
      this.logger.warn({ jobs: [...this.running.keys()] }, 'job runner stopped with handlers still running');
      for (const r of this.running.values()) r.abort.abort(new Error('job runner stopped'));
    }
  }

  /** Polls now instead of at the next poll (new jobs are known to be due). */
  nudge(): void {
    if (!this.started) return;
    // Polling right now: its claim may have looked before the job was there, so poll again
    // as soon as it ends (a dropped nudge would leave the job waiting a whole pollMs).
    if (!this.timer) {
      this.nudged = true;
      return;
    }
    this.timer.cancel();
    this.timer = null;
    this.schedulePoll(0);
  }

  /** Claims due jobs once (up to the free concurrency) and runs them to the end; returns how many ran. */
  async runDue(): Promise<number> {
    const rows = await this.claim();
    await Promise.all(rows.map((row) => this.launch(row)));
    return rows.length;
  }

  /** Counters by job name since this runner was made. */
  stats(): Record<string, JobCounters> {
    return Object.fromEntries([...this.counters].map(([name, c]) => [name, { ...c }]));
  }

  private schedulePoll(delayMs: number): void {
    if (!this.started) return;
    this.timer = later(() => {
      this.timer = null;
      this.polling = this.poll().finally(() => {
        this.polling = null;
      });
    }, delayMs);
  }

  private async poll(): Promise<void> {
    let claimedAll = false;
    this.nudged = false;
    try {
      const free = this.concurrency - this.running.size;
      const rows = await this.claim();
      for (const row of rows) void this.launch(row);
      // A full batch suggests more are due: look again at once.
      claimedAll = free > 0 && rows.length === free;
    } catch (err) {
      this.logger.error({ err }, 'claiming jobs failed; retrying at the next poll');
    }
    this.schedulePoll(claimedAll || this.nudged ? 0 : this.pollMs);
  }

  private claim(): Promise<JobRow[]> {
    const limit = this.concurrency - this.running.size;
    return claimDue(this.db, { names: [...this.handlers.keys()], workerId: this.workerId, limit, leaseMs: this.leaseMs, now: new Date() });
  }

  /** Runs one claimed job, tracked in `running` until it is finished. */
  private launch(row: JobRow): Promise<void> {
    const abort = new AbortController();
    const done = this.execute(row, abort)
      .catch((err: unknown) => this.logger.error({ err, jobId: row.id }, 'recording a job outcome failed'))
      .finally(() => this.running.delete(row.id));
    this.running.set(row.id, { done, abort });
    return done;
  }

  private async execute(row: JobRow, abort: AbortController): Promise<void> {
    const reg = this.handlers.get(row.name);
    if (!reg) return; // unreachable: only names with handlers are claimed
    const attempt = Number(row.attempts);
    const maxAttempts = reg.maxAttempts ?? Number(row.max_attempts);
    const fence: Fence = { id: row.id, workerId: this.workerId, attempt };
    if (attempt > maxAttempts) {
      // Its last attempt's worker died: the lease expired with no attempts left.
      const error = row.last_error ?? 'the worker running its last attempt stopped (lease expired)';
      if (await markDead(this.db, fence, error, maxAttempts, new Date())) this.report(row, 'dead', attempt, 0, error);
      return;
    }
    const startedAt = Date.now();
    const stopHeartbeat = this.heartbeat(fence, abort);
    let error: string | null = null;
    try {
      const ctx = createJobContext({ jobId: row.id, name: row.name, attempt, centerId: row.center_id, db: this.db, signal: abort.signal });
      await reg.handler(JSON.parse(row.payload) as unknown, ctx);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    } finally {
      stopHeartbeat();
    }
    await this.finish(row, fence, maxAttempts, error, Date.now() - startedAt);
  }

  private async finish(row: JobRow, fence: Fence, maxAttempts: number, error: string | null, durationMs: number): Promise<void> {
    const now = new Date();
    let outcome: JobOutcome;
    let recorded: boolean;
    if (error === null) {
      outcome = 'completed';
      recorded = await markDone(this.db, fence, now);
    } else if (fence.attempt >= maxAttempts) {
      outcome = 'dead';
      recorded = await markDead(this.db, fence, error, maxAttempts, now);
    } else {
      outcome = 'failed';
      const delay = Math.min(this.handlers.get(row.name)?.backoffCapMs ?? Infinity, this.backoff(fence.attempt));
      const runAt = new Date(now.getTime() + Math.max(0, delay));
      recorded = await markRetry(this.db, fence, runAt, error, now);
    }
    if (!recorded) {
      this.logger.warn({ jobId: row.id, name: row.name, attempt: fence.attempt }, 'job outcome not recorded: the lease was lost to another worker');
      return;
    }
    if (error !== null) this.logger.warn({ jobId: row.id, name: row.name, attempt: fence.attempt, outcome, error }, 'job failed');
    this.report(row, outcome, fence.attempt, durationMs, error ?? undefined);
  }

  /** Renews the lease every lease/3 until stopped; aborts the handler when the lease is lost. */
  private heartbeat(fence: Fence, abort: AbortController): () => void {
    const beat = async (): Promise<void> => {
      try {
        const held = await extendLease(this.db, fence, new Date(Date.now() + this.leaseMs));
        if (!held) {
          clearInterval(timer);
          abort.abort(new Error('job lease lost'));
        }
      } catch (err) {
        this.logger.warn({ err, jobId: fence.id }, 'renewing a job lease failed');
      }
    };
    const timer = setInterval(() => void beat(), Math.max(10, Math.floor(this.leaseMs / 3)));
    const onAbort = (): void => clearInterval(timer);
    abort.signal.addEventListener('abort', onAbort, { once: true });
    return () => {
      clearInterval(timer);
      abort.signal.removeEventListener('abort', onAbort);
    };
  }

  private report(row: JobRow, outcome: JobOutcome, attempt: number, durationMs: number, error?: string): void {
    const c = this.counters.get(row.name) ?? { completed: 0, failed: 0, dead: 0 };
    c[outcome] += 1;
    this.counters.set(row.name, c);
    try {
      this.onJobFinished?.({ jobId: row.id, name: row.name, outcome, attempt, durationMs, ...(error === undefined ? {} : { error }) });
    } catch (err) {
      this.logger.warn({ err }, 'onJobFinished threw');
    }
  }
}
