/**
 * Durable jobs: enqueue inside any transaction, run by JobRunner with leases and
 * retries, made idempotent with `ctx.once`, and scheduled by cron through Scheduler.
 */
export { enqueue, listJobs, retryJob, getJob, DEFAULT_MAX_ATTEMPTS } from './repository.ts';
export type { Job, JobStatus, JobFilter, EnqueueOptions } from './repository.ts';
export { runOnce } from './context.ts';
export type { JobContext, JobHandler, OnceResult } from './context.ts';
export { JobRunner, defaultBackoff } from './runner.ts';
export type { JobRunnerOptions, RegisterOptions, JobCounters, JobFinished, JobOutcome } from './runner.ts';
export { Scheduler, tickMinute } from './scheduler.ts';
export type { SchedulerOptions, ScheduleOptions } from './scheduler.ts';
export { BacklogWatch } from './backlog.ts';
export type { Backlog, BacklogWatchOptions } from './backlog.ts';
export type { QueuedCount } from './repository.ts';
