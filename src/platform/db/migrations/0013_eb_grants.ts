/**
 * Broadcast rights by level (GD/J 088: towns and villages broadcast only to their own
 * areas, and only with a right the county grants). `eb_operator_scopes` binds a user to
 * the town or village they work for (no row = county level); `eb_broadcast_grants` holds
 * the rights the county grants an area, never deleted: a revocation is recorded on the row.
 * Row types: EbOperatorScopesTable, EbBroadcastGrantsTable in platform/db/schema.ts.
 */
import type { Kysely } from 'kysely';

/** Creates both tables and the indexes the checks use. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A table of its own rather than a column on `users`: the scope is an emergency-module
  // fact, and identity stays free of it.
  await db.schema
    .createTable('eb_operator_scopes')
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('eb_operator_scopes_pk', ['center_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('eb_broadcast_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('may_real', 'integer', (c) => c.notNull())
    .addColumn('may_drill', 'integer', (c) => c.notNull())
    .addColumn('max_severity', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('granted_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .addColumn('revoke_reason', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('eb_broadcast_grants_center_area_idx').on('eb_broadcast_grants').columns(['center_id', 'area_code']).execute();
}

/** Drops both tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('eb_broadcast_grants').ifExists().execute();
  await db.schema.dropTable('eb_operator_scopes').ifExists().execute();
}
