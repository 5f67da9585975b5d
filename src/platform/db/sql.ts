/** Small SQL helpers whose text differs nowhere between SQLite and PostgreSQL. */
import { sql, type RawBuilder } from 'kysely';

/** `column` contains `q`, case-insensitively, with LIKE wildcards in q taken literally. */
export function containsText(column: string, q: string): RawBuilder<boolean> {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** Is this a unique-constraint violation (either engine)? */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
