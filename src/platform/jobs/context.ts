/**
 * What a job handler receives besides its payload, and `once`, the tool that makes a
 * handler idempotent: jobs run at least once (a worker can die after an effect but
 * before marking the job done), so every effect that must happen exactly once goes
 * through `once` with a key naming that effect.
 */
import type { Db, Tx } from '../db/index.ts';
import { insertEffect } from './repository.ts';

export interface OnceResult<T> {
  /** False when the key was recorded before: `fn` was skipped and `value` is absent. */
  ran: boolean;
  value?: T;
}

export interface JobContext {
  jobId: string;
  name: string;
  /** 1 on the first run. */
  attempt: number;
  centerId: string | null;
  db: Db;
  /** Aborted when the runner lost the job's lease or gave up waiting for it on stop. */
  signal: AbortSignal;
  /**
   * Runs `fn` in a transaction that also records `key` in job_effects; when the key
   * is recorded already, skips `fn`. Inside `fn` use only `tx`: on SQLite the single
   * connection is held by the transaction, so a query on `db` would wait forever.
   * Keep `fn` to database writes: the transaction holds locks while it runs.
   */
  once<T>(key: string, fn: (tx: Tx) => Promise<T>): Promise<OnceResult<T>>;
}

/** A job handler: throw to fail the attempt (it is retried with backoff). */
export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<void>;

/**
 * Runs `fn` at most once per `key`, whatever the number of job runs. Usable outside
 * a job too (jobId null), e.g. by a service that must not repeat an effect.
 */
export async function runOnce<T>(db: Db, key: string, jobId: string | null, fn: (tx: Tx) => Promise<T>): Promise<OnceResult<T>> {
  if (!key) throw new Error('once: an effect key is required');
  return db.transaction().execute(async (tx) => {
    // The insert comes first: it takes the write lock before anything is read, and on
    // PostgreSQL a concurrent run with the same key waits here until the first commits.
    if (!(await insertEffect(tx, key, jobId))) return { ran: false };
    return { ran: true, value: await fn(tx) };
  });
}

export interface ContextArgs {
  jobId: string;
  name: string;
  attempt: number;
  centerId: string | null;
  db: Db;
  signal: AbortSignal;
}

export function createJobContext(args: ContextArgs): JobContext {
  return {
    ...args,
    once: (key, fn) => runOnce(args.db, key, args.jobId, fn),
  };
}
