/**
 * Row types of emergency-broadcast dispatch (migration 0010_eb_dispatch). The
 * platform's DB interface gains `eb_deliveries: EbDeliveriesTable`; until then dispatch
 * reads it through `dispatchDb`, which adds it to DB locally (as the registry did).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../../../platform/db/index.ts';
import type { EbDeliveriesTable } from '../../../platform/db/schema.ts';

export type { EbDeliveriesTable };

/**
 * Where one terminal stands with one broadcast:
 *   pending  made, not sent yet (the terminal was offline at send time: sent at its hello)
 *   sent     published while the terminal was online; no ack yet
 *   playing  the terminal acked `playing`
 *   stopped  the terminal acked `stopped` (after a cancel)
 *   failed   the terminal acked `rejected` to a command we sent (last_error says why)
 *   offline  reserved for the no-ack watchdog (not set in this slice)
 */
export const DELIVERY_STATES = ['pending', 'sent', 'playing', 'stopped', 'failed', 'offline'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];


/** The dispatch tables, to be merged into the platform's DB interface. */
export interface DispatchTables {
  eb_deliveries: EbDeliveriesTable;
}

export type DispatchDB = DB & DispatchTables;
export type DispatchExecutor = Kysely<DispatchDB> | Transaction<DispatchDB>;

/** The same connection or transaction, typed to see the dispatch tables. */
export function dispatchDb(exec: Executor): DispatchExecutor {
  return exec as unknown as DispatchExecutor;
}
