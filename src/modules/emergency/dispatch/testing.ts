/** Test helper of dispatch (not used by the application): the table while its migration is not yet registered. */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../../platform/db/index.ts';
import * as migration from '../../../platform/db/migrations/0010_eb_dispatch.ts';

/** Creates `eb_deliveries` unless the platform's migrations did. */
export async function ensureDispatchSchema(db: Db): Promise<void> {
  try {
    await sql`SELECT 1 FROM eb_deliveries LIMIT 1`.execute(db);
  } catch {
    await migration.up(db as unknown as Kysely<unknown>);
  }
}
