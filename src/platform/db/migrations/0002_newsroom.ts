/**
 * Newsroom (策采编审): columns (栏目) with their review depth, story plans (选题) and
 * assignments, manuscripts (稿件) with every saved version, and the review record.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('columns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('review_levels', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('columns_center_code_uq', ['center_id', 'code'])
    .execute();

  await db.schema
    .createTable('story_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('angle', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('channels', 'text', (c) => c.notNull()) // JSON array
    .addColumn('deadline', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // proposed | approved | rejected | done | cancelled
    .addColumn('proposer_id', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_plans_board_idx').on('story_plans').columns(['center_id', 'status', 'deadline']).execute();

  await db.schema
    .createTable('plan_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('story_plans.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('task', 'text', (c) => c.notNull()) // reporter | photographer | video_editor | editor
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_assignments_uq', ['plan_id', 'user_id', 'task'])
    .execute();

  await db.schema
    .createTable('manuscripts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('plan_id', 'text', (c) => c.references('story_plans.id'))
    .addColumn('column_id', 'text', (c) => c.references('columns.id'))
    .addColumn('resident_account_id', 'text', (c) => c.references('resident_accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('review_level', 'integer')
    .addColumn('review_levels', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('signed_off_by', 'text')
    .addColumn('signed_off_at', 'text')
    .addColumn('signed_off_version', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('manuscripts_queue_idx').on('manuscripts').columns(['center_id', 'status', 'review_level']).execute();
  await db.schema.createIndex('manuscripts_author_idx').on('manuscripts').columns(['center_id', 'author_id']).execute();

  await db.schema
    .createTable('manuscript_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('manuscript_id', 'text', (c) => c.notNull().references('manuscripts.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull()) // JSON: title, subtitle, summary, body_html, bylines, tags, …
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('manuscript_versions_uq', ['manuscript_id', 'version'])
    .execute();

  await db.schema
    .createTable('review_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('manuscript_id', 'text', (c) => c.notNull().references('manuscripts.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer')
    .addColumn('action', 'text', (c) => c.notNull()) // submit | approve | sign_off | return | reject | override
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_actions_ms_idx').on('review_actions').columns(['manuscript_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['review_actions', 'manuscript_versions', 'manuscripts', 'plan_assignments', 'story_plans', 'columns']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
