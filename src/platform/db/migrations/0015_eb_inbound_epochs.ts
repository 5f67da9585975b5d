/**
 * Sender epochs for incoming packages: an operator's reset of a peer (its counter restarted)
 * starts a new epoch, and the seen-EBDID uniqueness holds within an epoch only, so a
 * restarted peer may send EBDIDs it used before the reset. `sender_epoch` on
 * `eb_inbound_senders` is the current one; on an accepted `eb_inbound_messages` row, the
 * one it was accepted in. Existing rows are epoch 0. Row types: EbInboundMessagesTable,
 * EbInboundSendersTable in platform/db/schema.ts.
 */
import { sql, type Kysely } from 'kysely';

/** Adds the columns and rebuilds the partial unique index with the sender and epoch in it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('eb_inbound_senders').addColumn('sender_epoch', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('eb_inbound_messages').addColumn('sender_epoch', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Neither engine alters an index's columns in place: drop and recreate (the migrator runs this in one transaction on both).
  await db.schema.dropIndex('eb_inbound_accepted_uq').execute();
  await db.schema.createIndex('eb_inbound_accepted_uq').unique().on('eb_inbound_messages').columns(['center_id', 'sender_ebrid', 'sender_epoch', 'ebdid'])
    .where(sql.ref('state'), '<>', sql.lit('refused')).execute();
}

/** Restores the index of 0012; fails (unique violation) once a reset peer has reused an EBDID, as it should. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('eb_inbound_accepted_uq').execute();
  await db.schema.createIndex('eb_inbound_accepted_uq').unique().on('eb_inbound_messages').columns(['center_id', 'ebdid'])
    .where(sql.ref('state'), '<>', sql.lit('refused')).execute();
  await db.schema.alterTable('eb_inbound_messages').dropColumn('sender_epoch').execute();
  await db.schema.alterTable('eb_inbound_senders').dropColumn('sender_epoch').execute();
}
