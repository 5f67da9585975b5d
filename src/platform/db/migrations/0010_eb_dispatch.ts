/**
 * Emergency-broadcast dispatch: `eb_deliveries`, one row per (broadcast, terminal),
 * made when the broadcast is approved and moved by the terminals' acknowledgements
 * (row type: src/modules/emergency/dispatch/types.ts).
 */
import type { Kysely } from 'kysely';

/** Creates `eb_deliveries` and its indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('eb_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('broadcast_id', 'text', (c) => c.notNull().references('eb_broadcasts.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('eb_resources.id'))
    .addColumn('ebrid', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // pending | sent | playing | stopped | failed | offline
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_at', 'text')
    .addColumn('acked_at', 'text')
    .addColumn('playing_at', 'text')
    .addColumn('stopped_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('eb_deliveries_broadcast_terminal_uq', ['broadcast_id', 'terminal_id'])
    .execute();
  // Acks and hellos find a terminal's deliveries by its EBRID.
  await db.schema.createIndex('eb_deliveries_center_ebrid_idx').on('eb_deliveries').columns(['center_id', 'ebrid']).execute();
  await db.schema.createIndex('eb_deliveries_center_broadcast_idx').on('eb_deliveries').columns(['center_id', 'broadcast_id', 'state']).execute();
}

/** Drops `eb_deliveries`. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('eb_deliveries').ifExists().execute();
}
