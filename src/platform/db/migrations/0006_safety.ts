/**
 * Content safety: each center's rule set (sensitive words with levels, typo pairs,
 * leaders' names and titles in order, banned hosts) kept as numbered versions, and
 * the record of every check run on a manuscript version.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('safety_rule_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull()) // JSON: { words, typos, leaders, bannedHosts }
    .addColumn('word_count', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('safety_rule_versions_uq', ['center_id', 'version'])
    .execute();

  await db.schema
    .createTable('safety_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('manuscript_id', 'text', (c) => c.notNull().references('manuscripts.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rules_version', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull()) // submit | sign_off | manual
    .addColumn('findings', 'text', (c) => c.notNull()) // JSON
    .addColumn('blocking', 'integer', (c) => c.notNull())
    .addColumn('reviewing', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('safety_checks_ms_idx').on('safety_checks').columns(['manuscript_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('safety_checks').ifExists().execute();
  await db.schema.dropTable('safety_rule_versions').ifExists().execute();
}
