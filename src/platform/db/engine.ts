import { PostgresAdapter, type Kysely } from 'kysely';
import type { Engine } from '../config.ts';

/** Which engine a Kysely instance talks to: the few places SQL differs ask this. */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
