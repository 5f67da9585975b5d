/**
 * Logging in and out, and changing one's own password. A failed login counts against
 * the account and locks it after LOGIN_MAX_FAILURES; every outcome is audited.
 */
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/index.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { assertPasswordStrong, hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { createSession, revokeSession, revokeUserSessions, type NewSession } from '../../platform/auth/sessions.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import * as users from './users.repository.ts';
import type { LoginBody } from './schema.ts';

export interface LoginResult extends NewSession {
  userId: string;
  centerId: string;
}

export async function login(
  db: Db,
  config: Config,
  body: LoginBody,
  client: { ip: string | null; userAgent: string | null; kind: 'cookie' | 'bearer' },
): Promise<LoginResult> {
  const candidates = await users.findLoginCandidates(db, body.username, body.center);
  if (candidates.length > 1) throw appError('AUTH_CENTER_REQUIRED', { field: 'center' });
  const user = candidates[0];
  const ok = await verifyPassword(user?.password_hash ?? null, body.password);
  if (!user) throw appError('AUTH_INVALID_CREDENTIALS');

  const now = new Date().toISOString();
  if (user.locked_until && user.locked_until > now) {
    throw appError('AUTH_ACCOUNT_LOCKED', { details: { lockedUntil: user.locked_until } });
  }
  const audit = { centerId: user.center_id, actor: { id: user.id, name: user.username }, subjectType: 'user', subjectId: user.id, ip: client.ip };
  if (!ok) {
    const lockedUntil = await db.transaction().execute(async (tx) => {
      const until = await users.recordLoginFailure(tx, user.id, config.loginMaxFailures, config.loginLockMinutes);
      await recordAudit(tx, { ...audit, action: until ? 'identity.user.locked' : 'identity.login.failed', detail: { userAgent: client.userAgent, lockedUntil: until } });
      return until;
    });
    if (lockedUntil) throw appError('AUTH_ACCOUNT_LOCKED', { details: { lockedUntil } });
    throw appError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.status !== 'active') throw appError('AUTH_ACCOUNT_DISABLED');

  return db.transaction().execute(async (tx) => {
    await users.updateUser(tx, user.center_id, user.id, { failed_logins: 0, locked_until: null, last_login_at: now });
    const session = await createSession(tx, {
      centerId: user.center_id, userId: user.id, kind: client.kind, ttlHours: config.sessionTtlHours, ip: client.ip, userAgent: client.userAgent,
    });
    await recordAudit(tx, { ...audit, action: 'identity.login', detail: { kind: client.kind, userAgent: client.userAgent } });
    return { ...session, userId: user.id, centerId: user.center_id };
  });
}

export async function logout(db: Db, ctx: RequestContext): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await revokeSession(tx, ctx.actor.sessionId);
    await recordAudit(tx, {
      centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, action: 'identity.logout',
      subjectType: 'user', subjectId: ctx.actor.userId, ip: ctx.ip,
    });
  });
}

/** Changes the caller's password and ends their other sessions. */
export async function changeOwnPassword(db: Db, ctx: RequestContext, currentPassword: string, newPassword: string): Promise<void> {
  const user = await users.findUser(db, ctx.actor.centerId, ctx.actor.userId);
  if (!user) throw appError('USER_NOT_FOUND');
  if (!(await verifyPassword(user.password_hash, currentPassword))) throw appError('PASSWORD_INCORRECT', { field: 'currentPassword' });
  assertPasswordStrong(newPassword, user.username, 'newPassword');
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (tx) => {
    await users.updateUser(tx, user.center_id, user.id, { password_hash: hash, password_changed_at: new Date().toISOString() });
    await revokeUserSessions(tx, user.id, ctx.actor.sessionId);
    await recordAudit(tx, {
      centerId: user.center_id, actor: { id: user.id, name: user.username }, action: 'identity.password.change',
      subjectType: 'user', subjectId: user.id, ip: ctx.ip,
    });
  });
}
