/**
 * Notifications for staff (returned manuscripts, lock take-overs, assignments,
 * overdue reviews), corrections of signed-off manuscripts, and retraction requests.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('link', 'text')
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();

  await db.schema
    .createTable('manuscript_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('manuscript_id', 'text', (c) => c.notNull().references('manuscripts.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('manuscripts').addColumn('review_reminded_at', 'text').execute();
  await db.schema.alterTable('manuscripts').addColumn('retraction_requested_by', 'text').execute();
  await db.schema.alterTable('manuscripts').addColumn('retraction_reason', 'text').execute();
  await db.schema.alterTable('manuscripts').addColumn('retraction_requested_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('manuscript_corrections').ifExists().execute();
  await db.schema.dropTable('notifications').ifExists().execute();
}
