/**
 * Emergency broadcast messages (应急广播消息): the platform's signing keys, the
 * certificates it trusts, id counters, templates, and broadcasts with their signed
 * EBD and the cancel prepared at approval (the Hawaii 2018 lesson).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('eb_platform_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('cert_serial', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('key_ref', 'text', (c) => c.notNull()) // where the private key lives (file name under DATA_DIR/keys, or a device slot)
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addUniqueConstraint('eb_platform_keys_uq', ['center_id', 'cert_serial'])
    .execute();

  await db.schema
    .createTable('eb_trusted_certs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('cert_serial', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('eb_trusted_certs_uq', ['center_id', 'cert_serial'])
    .execute();

  await db.schema
    .createTable('eb_counters')
    .addColumn('center_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('eb_counters_pk', ['center_id', 'name'])
    .execute();

  await db.schema
    .createTable('eb_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('eb_broadcasts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('ebmid', 'text', (c) => c.unique())
    .addColumn('msg_type', 'integer', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('area_codes', 'text', (c) => c.notNull()) // JSON array of 12-digit codes
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('audio', 'text') // JSON { kind, url, mediaId?, size?, sm3? }
    .addColumn('status', 'text', (c) => c.notNull()) // draft | pending | approved | rejected | cancelled | completed
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('approver_id', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('related_ebmid', 'text')
    .addColumn('ebdid', 'text')
    .addColumn('ebd_xml', 'text')
    .addColumn('signature_xml', 'text')
    .addColumn('cancel_ebmid', 'text')
    .addColumn('cancel_ebd_xml', 'text')
    .addColumn('cancel_signature_xml', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('eb_broadcasts_list_idx').on('eb_broadcasts').columns(['center_id', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['eb_broadcasts', 'eb_templates', 'eb_counters', 'eb_trusted_certs', 'eb_platform_keys']) await db.schema.dropTable(t).ifExists().execute();
}
