/** Who cancelled a broadcast, and why, kept on the broadcast itself. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('eb_broadcasts').addColumn('cancelled_by', 'text').execute();
  await db.schema.alterTable('eb_broadcasts').addColumn('cancel_reason', 'text').execute();
}

export async function down(): Promise<void> {}
