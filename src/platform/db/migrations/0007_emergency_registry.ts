/**
 * Emergency broadcast resource registry: `eb_resources`, one row per platform,
 * front-end, adapter, terminal or loudspeaker of a center (row type:
 * src/modules/emergency/registry/types.ts). The logical code (EBRID) and the physical
 * id are each unique per center; coordinates are doubles on both engines.
 */
import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.ts';

/** Creates `eb_resources` and its indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('eb_resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('ebrid', 'text', (c) => c.notNull())
    .addColumn('physical_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // platform | frontend | adapter | terminal | loudspeaker
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    // No cascade: a resource with children cannot be deleted (the service says why first).
    .addColumn('parent_id', 'text', (c) => c.references('eb_resources.id'))
    .addColumn('protocol', 'text') // ip | mqtt
    .addColumn('address', 'text')
    .addColumn('longitude', 'double precision')
    .addColumn('latitude', 'double precision')
    .addColumn('status', 'text', (c) => c.notNull()) // online | playing | fault | offline
    .addColumn('status_since', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text')
    .addColumn('cert_serial', 'text')
    .addColumn('cert_public_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('eb_resources_center_ebrid_uq', ['center_id', 'ebrid'])
    .addUniqueConstraint('eb_resources_center_physical_uq', ['center_id', 'physical_id'])
    .execute();
  // Area filters and the tree's counts are prefix scans on area_code.
  await db.schema.createIndex('eb_resources_area_idx').on('eb_resources').columns(['center_id', 'area_code']).execute();
  // PostgreSQL uses a btree for LIKE 'prefix%' only with pattern ops (unless the collation is C).
  if (engineOf(db) === 'postgres') {
    await sql`CREATE INDEX eb_resources_area_prefix_idx ON eb_resources (center_id, area_code text_pattern_ops)`.execute(db);
  }
  await db.schema.createIndex('eb_resources_parent_idx').on('eb_resources').columns(['parent_id']).execute();
  await db.schema.createIndex('eb_resources_kind_status_idx').on('eb_resources').columns(['center_id', 'kind', 'status']).execute();
}

/** Drops `eb_resources`. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('eb_resources').ifExists().execute();
}
