/**
 * Emergency-broadcast audio: `eb_audio`, one row per MP3 made by text-to-speech, an
 * upload or a browser recording. The bytes live content-addressed at
 * DATA_DIR/eb-audio/<center>/<sm3>.mp3 (row type: EbAudioTable in db/schema.ts).
 */
import type { Kysely } from 'kysely';

/** Creates `eb_audio` and its index. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('eb_audio')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('source', 'text', (c) => c.notNull()) // tts | upload | record
    .addColumn('sm3', 'text', (c) => c.notNull()) // of the MP3, 64 lower-case hex digits
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('tts_text', 'text') // the words spoken, slate included (tts only)
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The public file route and broadcast links find an asset by its digest.
  await db.schema.createIndex('eb_audio_center_sm3_idx').on('eb_audio').columns(['center_id', 'sm3']).execute();
}

/** Drops `eb_audio`. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('eb_audio').ifExists().execute();
}
