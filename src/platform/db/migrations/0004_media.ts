/**
 * The newsroom media library: uploaded files (images, audio, video, documents) with
 * what was measured of them, and their tags. The bytes live in a MediaStore under a
 * content-addressed key (SM3), not in the database.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // image | audio | video | document
    .addColumn('format', 'text', (c) => c.notNull()) // jpeg, png, mp3, mp4, pdf, docx, text, …
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sm3', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('thumb_key', 'text')
    .addColumn('display_key', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('duration_ms', 'integer')
    .addColumn('details', 'text', (c) => c.notNull()) // JSON
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('resident_account_id', 'text', (c) => c.references('resident_accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_files_recent_idx').on('media_files').columns(['center_id', 'created_at']).execute();
  await db.schema.createIndex('media_files_kind_idx').on('media_files').columns(['center_id', 'kind', 'created_at']).execute();
  await db.schema.createIndex('media_files_blob_idx').on('media_files').columns(['center_id', 'sm3']).execute();
  await db.schema.createIndex('media_files_uploader_idx').on('media_files').columns(['center_id', 'uploaded_by']).execute();

  await db.schema
    .createTable('media_tags')
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('media_id', 'text', (c) => c.notNull().references('media_files.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_tags_pk', ['media_id', 'tag'])
    .execute();
  await db.schema.createIndex('media_tags_tag_idx').on('media_tags').columns(['center_id', 'tag']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('media_tags').ifExists().execute();
  await db.schema.dropTable('media_files').ifExists().execute();
}
