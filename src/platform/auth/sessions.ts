/**
 * Sessions: an opaque random token, given once to the client (cookie or bearer), and
 * stored only as its SM3 hash, so a database leak yields no usable token. Logout and
 * password changes revoke sessions by deleting rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Executor } from '../db/index.ts';
import type { Actor } from './actor.ts';

export const SESSION_COOKIE = 'rm_session';

export function sessionIdOf(token: string): string {
  return createHash('sm3').update(token).digest('hex');
}

export interface NewSession {
  token: string;
  sessionId: string;
  expiresAt: string;
}

export async function createSession(
  exec: Executor,
  s: { centerId: string; userId: string; kind: 'cookie' | 'bearer'; ttlHours: number; ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = `rm_${randomBytes(32).toString('base64url')}`;
  const sessionId = sessionIdOf(token);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + s.ttlHours * 3600_000).toISOString();
  await exec
    .insertInto('sessions')
    .values({
      id: sessionId,
      center_id: s.centerId,
      user_id: s.userId,
      kind: s.kind,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, sessionId, expiresAt };
}

/** The actor behind a token, or null when the token is unknown, expired or its user disabled. */
export async function resolveSession(db: Db, token: string): Promise<Actor | null> {
  if (!/^rm_[A-Za-z0-9_-]{20,80}$/.test(token)) return null;
  const sessionId = sessionIdOf(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('centers as c', 'c.id', 's.center_id')
    .select([
      's.id as session_id', 's.kind', 's.expires_at', 'u.id as user_id', 'u.username', 'u.display_name',
      'u.status', 'u.department_id', 'u.resident_account_id', 'c.id as center_id', 'c.code as center_code', 'c.name as center_name',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!row || row.status !== 'active' || row.expires_at <= new Date().toISOString()) return null;
  const { roles, permissions } = await rightsOf(db, row.center_id, row.user_id);
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    centerId: row.center_id,
    centerCode: row.center_code,
    centerName: row.center_name,
    departmentId: row.department_id,
    residentAccountId: row.resident_account_id,
    roles,
    permissions,
    sessionId: row.session_id,
    sessionKind: row.kind === 'cookie' ? 'cookie' : 'bearer',
  };
}

/** A user's role codes and the union of their roles' permissions. */
export async function rightsOf(db: Db, centerId: string, userId: string): Promise<{ roles: string[]; permissions: Set<string> }> {
  const rows = await db
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', 'r.id', 'ur.role_id')
    .select(['r.code', 'r.permissions'])
    .where('ur.user_id', '=', userId)
    .where('r.center_id', '=', centerId)
    .execute();
  const permissions = new Set<string>();
  for (const r of rows) for (const p of JSON.parse(r.permissions) as string[]) permissions.add(p);
  return { roles: rows.map((r) => r.code).sort(), permissions };
}

export async function revokeSession(exec: Executor, sessionId: string): Promise<void> {
  await exec.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user but `keepSessionId` (after a password change or disable). */
export async function revokeUserSessions(exec: Executor, userId: string, keepSessionId?: string): Promise<void> {
  let q = exec.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  await q.execute();
}

export async function purgeExpiredSessions(exec: Executor): Promise<number> {
  const r = await exec.deleteFrom('sessions').where('expires_at', '<', new Date().toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}
