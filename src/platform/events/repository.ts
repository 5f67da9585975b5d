/**
 * All SQL of the outbox. A change and the events it causes are written in one
 * transaction (`emit(tx, …)`); the relay later turns each event into jobs.
 */
import { randomUUID } from 'node:crypto';
import type { Executor, Tx } from '../db/index.ts';
import type { OutboxTable } from '../db/schema.ts';
import { engineOf } from '../db/engine.ts';

export type OutboxRow = OutboxTable;

export interface NewEvent {
  centerId: string | null;
  /** What happened, in the past tense: `manuscript.published`. */
  type: string;
  payload: unknown;
}

/** Records an event; pass the transaction of the change it describes. Returns the event id. */
export async function emit(exec: Executor, event: NewEvent): Promise<string> {
  if (!event.type) throw new Error('emit: an event type is required');
  const id = randomUUID();
  await exec
    .insertInto('outbox')
    .values({
      id,
      center_id: event.centerId,
      type: event.type,
      payload: JSON.stringify(event.payload ?? null),
      created_at: new Date().toISOString(),
      dispatched_at: null,
    })
    .execute();
  return id;
}

/**
 * Marks up to `limit` undispatched events as dispatched and returns them, oldest
 * first. Called inside the relay's transaction, so the mark is undone if enqueueing
 * their jobs fails. The UPDATE comes first so that on SQLite the transaction takes
 * the write lock before it reads; on PostgreSQL SKIP LOCKED lets concurrent relays
 * take disjoint batches.
 */
export async function takeUndispatched(tx: Tx, limit: number, now: Date): Promise<OutboxRow[]> {
  const isPg = engineOf(tx) === 'postgres';
  // MATERIALIZED: evaluated once, so the batch never exceeds `limit` (see jobs/repository.ts).
  const rows = await tx
    .with(
      (wb) => wb('batch').materialized(),
      (qc) =>
        qc
          .selectFrom('outbox')
          .select('id')
          .where('dispatched_at', 'is', null)
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit)
          .$if(isPg, (qb) => qb.forUpdate().skipLocked()),
    )
    .updateTable('outbox')
    .set({ dispatched_at: now.toISOString() })
    .where('id', 'in', (eb) => eb.selectFrom('batch').select('batch.id'))
    .where('dispatched_at', 'is', null)
    .returningAll()
    .execute();
  return rows.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
}
