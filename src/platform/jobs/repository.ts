/**
 * All SQL of the job queue: one `jobs` table on SQLite and PostgreSQL alike.
 *
 * A job is due when it is `queued` with `run_at <= now`, or `running` with an expired
 * lease (`locked_until < now`: its worker died). Claiming is one statement,
 * `WITH due AS MATERIALIZED (SELECT … LIMIT n) UPDATE … RETURNING`, whose WHERE
 * re-checks that condition, so it is atomic on both engines; on PostgreSQL the CTE
 * takes `FOR UPDATE SKIP LOCKED`, so concurrent workers pick disjoint rows instead of
 * queueing behind each other's locks. Every write a worker makes after
 * claiming is fenced by (id, locked_by, attempts): a worker that lost its lease cannot
 * overwrite the row that a newer claim now owns.
 *
 * Times are ISO-8601 UTC text from the application clock (the project's convention);
 * servers sharing a database need synchronised clocks (NTP), as any lease does.
 */
import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder } from 'kysely';
import type { Db, Executor, Tx } from '../db/index.ts';
import type { DB, JobsTable } from '../db/schema.ts';
import { engineOf } from '../db/engine.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'dead';
export type JobRow = JobsTable;

/** A job as the rest of the code sees it: payload parsed, names in camelCase. */
export interface Job {
  id: string;
  centerId: string | null;
  name: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  idempotencyKey: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Runs before the job is declared dead (default 5). */
  maxAttempts?: number;
  /** A second enqueue with the same key returns the first job instead of adding one. */
  idempotencyKey?: string;
  centerId?: string | null;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_ERROR_LENGTH = 2000;

/**
 * Adds a job. Pass the caller's transaction to make the job part of its change.
 * With an idempotencyKey already taken, nothing is added and the existing job's id
 * is returned with `created: false`.
 */
export async function enqueue(
  exec: Executor,
  name: string,
  payload: unknown,
  opts: EnqueueOptions = {},
): Promise<{ id: string; created: boolean }> {
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!name) throw new Error('enqueue: a job name is required');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`enqueue: maxAttempts must be a whole number ≥ 1, got ${maxAttempts}`);
  const now = new Date().toISOString();
  const id = randomUUID();
  // ON CONFLICT DO NOTHING instead of catching the unique violation: on PostgreSQL a
  // caught error would still abort the caller's transaction.
  const inserted = await exec
    .insertInto('jobs')
    .values({
      id,
      center_id: opts.centerId ?? null,
      name,
      payload: JSON.stringify(payload ?? null),
      status: 'queued',
      attempts: 0,
      max_attempts: maxAttempts,
      run_at: (opts.runAt ?? new Date()).toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: null,
      idempotency_key: opts.idempotencyKey ?? null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .execute();
  if (inserted.length > 0) return { id, created: true };
  if (opts.idempotencyKey === undefined) throw new Error(`enqueue: job ${name} was not inserted`);
  const existing = await exec
    .selectFrom('jobs')
    .select('id')
    .where('idempotency_key', '=', opts.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** The due condition, shared by the claim's inner SELECT and its guarded UPDATE. */
function isDue(nowIso: string) {
  return (eb: ExpressionBuilder<DB, 'jobs'>) =>
    eb.or([
      eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', nowIso)]),
      eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowIso)]),
    ]);
}

export interface ClaimArgs {
  names: string[];
  workerId: string;
  limit: number;
  leaseMs: number;
  now: Date;
}

/** Claims up to `limit` due jobs among `names` for `workerId`; returns the claimed rows. */
export async function claimDue(db: Db, args: ClaimArgs): Promise<JobRow[]> {
  if (args.names.length === 0 || args.limit <= 0) return [];
  const nowIso = args.now.toISOString();
  const isPg = engineOf(db) === 'postgres';
  // The candidates are a MATERIALIZED CTE: as a plain `IN (SELECT … LIMIT n)`,
  // PostgreSQL may re-run the subquery and claim more than n rows.
  return db
    .with(
      (wb) => wb('due').materialized(),
      (qc) =>
        qc
          .selectFrom('jobs')
          .select('id')
          .where('name', 'in', args.names)
          .where(isDue(nowIso))
          .orderBy('run_at')
          .limit(args.limit)
          .$if(isPg, (qb) => qb.forUpdate().skipLocked()),
    )
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: args.workerId,
      locked_until: new Date(args.now.getTime() + args.leaseMs).toISOString(),
      attempts: eb('attempts', '+', 1),
      updated_at: nowIso,
    }))
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .where(isDue(nowIso))
    .returningAll()
    .execute();
}

/** Queued jobs of one name: all of them, and those due (run_at passed) but not started. */
export interface QueuedCount {
  name: string;
  queued: number;
  due: number;
}

/** Queued jobs by name (the `jobs_due_idx` index on (status, run_at) serves it). */
export async function countQueued(exec: Executor, now: Date): Promise<QueuedCount[]> {
  const rows = await exec
    .selectFrom('jobs')
    .select((eb) => [
      'name',
      eb.fn.countAll<number | string | bigint>().as('queued'),
      eb.fn.sum<number | string | bigint | null>(eb.case().when('run_at', '<=', now.toISOString()).then(1).else(0).end()).as('due'),
    ])
    .where('status', '=', 'queued')
    .groupBy('name')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ name: r.name, queued: Number(r.queued), due: Number(r.due ?? 0) }));
}

/** Identifies one claim of a job: writes by a worker that lost the job match nothing. */
export interface Fence {
  id: string;
  workerId: string;
  attempt: number;
}

function fenced(fence: Fence) {
  return (eb: ExpressionBuilder<DB, 'jobs'>) =>
    eb.and([
      eb('id', '=', fence.id),
      eb('status', '=', 'running'),
      eb('locked_by', '=', fence.workerId),
      eb('attempts', '=', fence.attempt),
    ]);
}

/** Pushes the lease forward; false when this worker no longer holds the job. */
export async function extendLease(db: Db, fence: Fence, lockedUntil: Date): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ locked_until: lockedUntil.toISOString(), updated_at: new Date().toISOString() })
    .where(fenced(fence))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Marks the job done; false when this worker no longer holds it. */
export async function markDone(db: Db, fence: Fence, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const r = await db
    .updateTable('jobs')
    .set({ status: 'done', locked_by: null, locked_until: null, finished_at: at, updated_at: at })
    .where(fenced(fence))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Puts a failed job back in the queue for `runAt`; false when this worker no longer holds it. */
export async function markRetry(db: Db, fence: Fence, runAt: Date, error: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({
      status: 'queued',
      run_at: runAt.toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: truncateError(error),
      updated_at: now.toISOString(),
    })
    .where(fenced(fence))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Gives up on a job; `maxAttempts` records the limit that applied. */
export async function markDead(db: Db, fence: Fence, error: string, maxAttempts: number, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const r = await db
    .updateTable('jobs')
    .set({
      status: 'dead',
      max_attempts: maxAttempts,
      locked_by: null,
      locked_until: null,
      last_error: truncateError(error),
      finished_at: at,
      updated_at: at,
    })
    .where(fenced(fence))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

function truncateError(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

/** Records an effect key inside `tx`; false when the key was recorded before. */
export async function insertEffect(tx: Tx, key: string, jobId: string | null): Promise<boolean> {
  const rows = await tx
    .insertInto('job_effects')
    .values({ key, job_id: jobId, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .execute();
  return rows.length > 0;
}

export interface JobFilter {
  status?: JobStatus;
  name?: string;
  /** Only this center's jobs and the platform's own (no center). */
  centerId?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** One page of jobs, newest first, for the admin view. */
export async function listJobs(exec: Executor, filter: JobFilter): Promise<{ items: Job[]; total: number }> {
  const page = Math.max(1, Math.floor(filter.page));
  const pageSize = Math.min(200, Math.max(1, Math.floor(filter.pageSize)));
  const base = exec
    .selectFrom('jobs')
    .$if(filter.status !== undefined, (qb) => qb.where('status', '=', filter.status ?? ''))
    .$if(filter.name !== undefined, (qb) => qb.where('name', '=', filter.name ?? ''))
    // A center sees its own jobs and the platform's (center_id null), never another center's.
    .$if(filter.centerId !== undefined, (qb) => qb.where((eb) => eb.or([eb('center_id', '=', filter.centerId ?? ''), eb('center_id', 'is', null)])));
  const rows = await base
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(toJob), total: Number(count.n) };
}

/** Sends a dead job back to the queue with a fresh set of attempts; false when no dead job has this id. */
export async function retryJob(exec: Executor, id: string): Promise<boolean> {
  const now = new Date().toISOString();
  const r = await exec
    .updateTable('jobs')
    .set({ status: 'queued', attempts: 0, run_at: now, locked_by: null, locked_until: null, finished_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Reads one job by id, or null. */
export async function getJob(exec: Executor, id: string): Promise<Job | null> {
  const row = await exec.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : null;
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    centerId: row.center_id,
    name: row.name,
    payload: parsePayload(row.payload),
    status: row.status as JobStatus,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAt: row.run_at,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    lastError: row.last_error,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
