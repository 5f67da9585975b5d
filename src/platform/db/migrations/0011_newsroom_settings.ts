/** A center's newsroom settings: the review depth of manuscripts outside any column. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('newsroom_settings')
    .addColumn('center_id', 'text', (c) => c.primaryKey().references('centers.id'))
    .addColumn('default_review_levels', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('newsroom_settings').ifExists().execute();
}
