/**
 * Test helpers of the registry (not used by the application): the table while its
 * migration is not yet registered, a center with Lechang's real area tree, and a
 * request context for calling services directly.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../../platform/db/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import * as migration from '../../../platform/db/migrations/0007_emergency_registry.ts';
import { P } from './policies.ts';

/** Creates `eb_resources` unless the platform's migrations did. */
export async function ensureRegistrySchema(db: Db): Promise<void> {
  try {
    await sql`SELECT 1 FROM eb_resources LIMIT 1`.execute(db);
  } catch {
    await migration.up(db as unknown as Kysely<unknown>);
  }
}

/** Lechang's areas (NBS codes, src/demo/lechang-areas.tsv): 1 county, 19 towns, 225 villages. */
export function lechangAreas(): { code: string; name: string; level: string; parent: string | null }[] {
  const file = fileURLToPath(new URL('../../../demo/lechang-areas.tsv', import.meta.url));
  return fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => {
    const [code, name, level, parent] = line.split('\t') as [string, string, string, string];
    return { code, name, level, parent: level === 'county' ? null : parent };
  });
}

/** A bare center row; with `areas`, Lechang's area tree too. */
export async function addCenter(db: Db, opts: { code?: string; areas?: boolean } = {}): Promise<string> {
  const id = randomUUID();
  const code = opts.code ?? `c${id.slice(0, 8)}`;
  await db.insertInto('centers').values({ id, code, name: `测试中心 ${code}`, area_code: null, created_at: new Date().toISOString() }).execute();
  if (opts.areas) {
    const rows = lechangAreas().map((a) => ({ center_id: id, code: a.code, name: a.name, level: a.level, parent_code: a.parent }));
    for (let i = 0; i < rows.length; i += 200) await db.insertInto('areas').values(rows.slice(i, i + 200)).execute();
  }
  return id;
}

/** A request context of an engineer of `centerId` (services check no rights: routes do). */
export function engineerCtx(centerId: string): RequestContext {
  return {
    ip: '127.0.0.1',
    actor: {
      userId: randomUUID(), username: 'engineer', displayName: '黄工程师', centerId, centerCode: 'test', centerName: '测试中心',
      departmentId: null, residentAccountId: null, roles: ['engineer'], permissions: new Set([P.read, P.manage]),
      sessionId: 'test', sessionKind: 'bearer',
    },
  };
}
