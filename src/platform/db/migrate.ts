/**
 * Runs the one set of migrations (src/platform/db/migrations, in name order) on
 * whichever engine is open. Run at start-up and by `rongmei migrate`.
 */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_newsroom.ts';
import * as m0003 from './migrations/0003_notifications_corrections.ts';
import * as m0004 from './migrations/0004_media.ts';
import * as m0005 from './migrations/0005_search.ts';
import * as m0006 from './migrations/0006_safety.ts';
import * as m0007 from './migrations/0007_emergency_registry.ts';
import * as m0008 from './migrations/0008_emergency_broadcasts.ts';
import * as m0009 from './migrations/0009_eb_cancel.ts';
import * as m0010 from './migrations/0010_eb_dispatch.ts';
import * as m0011 from './migrations/0011_newsroom_settings.ts';
import * as m0012 from './migrations/0012_eb_inbound.ts';
import * as m0013 from './migrations/0013_eb_grants.ts';
import * as m0014 from './migrations/0014_eb_audio.ts';
import * as m0015 from './migrations/0015_eb_inbound_epochs.ts';

/** Every migration, in order. Modules add theirs here as they land. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_newsroom': m0002,
  '0003_notifications_corrections': m0003,
  '0004_media': m0004,
  '0005_search': m0005,
  '0006_safety': m0006,
  '0007_emergency_registry': m0007,
  '0008_emergency_broadcasts': m0008,
  '0009_eb_cancel': m0009,
  '0010_eb_dispatch': m0010,
  '0011_newsroom_settings': m0011,
  '0012_eb_inbound': m0012,
  '0013_eb_grants': m0013,
  '0014_eb_audio': m0014,
  '0015_eb_inbound_epochs': m0015,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export interface MigrateResult {
  applied: string[];
}

/** `schema`: PostgreSQL schema holding the tables, when not the default one (tests use one each). */
export async function migrateToLatest(db: Db, opts: { schema?: string } = {}): Promise<MigrateResult> {
  const migrator = new Migrator({ db, provider: new StaticProvider(), allowUnorderedMigrations: true, ...(opts.schema && { migrationTableSchema: opts.schema }) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
