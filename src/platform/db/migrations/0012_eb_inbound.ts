/**
 * Incoming EBD packages from other platforms (GD/J 083 receive): every package a
 * center received, accepted or refused (the searchable operation log), and per sender
 * the highest accepted EBDID sequence (anti-replay that survives a restart).
 * Row types: src/platform/db/schema.ts (EbInboundMessagesTable, EbInboundSendersTable).
 */
import { sql, type Kysely } from 'kysely';

/** Creates `eb_inbound_messages` and `eb_inbound_senders`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('eb_inbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('state', 'text', (c) => c.notNull()) // new | adopted | dismissed | refused
    .addColumn('result_code', 'integer', (c) => c.notNull()) // the receipt's ResultCode
    .addColumn('reason', 'text') // refusals: a code such as BAD_SIGNATURE, REPLAYED
    .addColumn('reason_text', 'text')
    .addColumn('sender_ebrid', 'text') // claimed when refused, authenticated when accepted
    .addColumn('ebdid', 'text')
    .addColumn('cert_serial', 'text')
    .addColumn('ebmid', 'text')
    .addColumn('msg_type', 'integer')
    .addColumn('severity', 'integer')
    .addColumn('event_type', 'text')
    .addColumn('sender_name', 'text')
    .addColumn('title', 'text')
    .addColumn('text', 'text')
    .addColumn('area_codes', 'text') // JSON array of 12-digit codes
    .addColumn('send_time', 'text')
    .addColumn('start_at', 'text')
    .addColumn('end_at', 'text')
    .addColumn('audio_url', 'text')
    .addColumn('ebd_xml', 'text')
    .addColumn('signature_xml', 'text')
    .addColumn('remote_ip', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('broadcast_id', 'text')
    .execute();
  await db.schema.createIndex('eb_inbound_list_idx').on('eb_inbound_messages').columns(['center_id', 'state', 'received_at']).execute();
  // Seen-EBDID uniqueness: an accepted package is accepted once, even under concurrent replays.
  await db.schema.createIndex('eb_inbound_accepted_uq').unique().on('eb_inbound_messages').columns(['center_id', 'ebdid'])
    .where(sql.ref('state'), '<>', sql.lit('refused')).execute();

  await db.schema
    .createTable('eb_inbound_senders')
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('sender_ebrid', 'text', (c) => c.notNull())
    .addColumn('highest_seq', 'text', (c) => c.notNull()) // 16 digits, zero-padded: text order = number order
    .addColumn('last_ebdid', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('eb_inbound_senders_pk', ['center_id', 'sender_ebrid'])
    .execute();
}

/** Drops both tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('eb_inbound_senders').ifExists().execute();
  await db.schema.dropTable('eb_inbound_messages').ifExists().execute();
}
