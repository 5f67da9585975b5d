/** Login (cookie for the console, bearer token for API clients), logout, me, password. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { SESSION_COOKIE, resolveSession } from '../../platform/auth/sessions.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { appError } from '../../platform/errors.ts';
import { ChangePasswordBody, LoginBody, MeOut, TokenOut } from './schema.ts';
import * as auth from './auth.service.ts';
import { getUser } from './users.service.ts';
import { findRolesByCodes } from './roles.repository.ts';
import { roleNameEn } from './presenters.ts';

export async function authRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = deps;
  const loginLimit = { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' };

  async function me(actor: Actor) {
    const user = await getUser(db, actor.centerId, actor.userId);
    const roles = await findRolesByCodes(db, actor.centerId, user.roles);
    const roleLabels = roles.map((r) => ({ code: r.code, name: r.name, nameEn: roleNameEn(r) }));
    return { user, center: { id: actor.centerId, code: actor.centerCode, name: actor.centerName }, permissions: [...actor.permissions].sort(), roleLabels };
  }
  async function actorAfterLogin(token: string): Promise<Actor> {
    const actor = await resolveSession(db, token);
    if (!actor) throw appError('AUTH_INVALID_CREDENTIALS');
    return actor;
  }
  function clientOf(req: { ip: string; headers: Record<string, string | string[] | undefined> }) {
    const ua = req.headers['user-agent'];
    return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
  }

  r.post('/api/auth/login', {
    config: { access: 'public', rateLimit: loginLimit },
    schema: { tags: ['auth'], summary: 'Log in as an API client; returns a bearer token', body: LoginBody, response: { 200: TokenOut } },
  }, async (req) => {
    const s = await auth.login(db, config, req.body, { ...clientOf(req), kind: 'bearer' });
    return { token: s.token, tokenType: 'Bearer' as const, expiresAt: s.expiresAt, ...(await me(await actorAfterLogin(s.token))) };
  });

  r.post('/api/auth/session', {
    config: { access: 'public', rateLimit: loginLimit },
    schema: { tags: ['auth'], summary: 'Log in to the console; sets an httpOnly session cookie', body: LoginBody, response: { 200: MeOut } },
  }, async (req, reply) => {
    const s = await auth.login(db, config, req.body, { ...clientOf(req), kind: 'cookie' });
    setSessionCookie(reply, s.token, config.sessionTtlHours, config.cookieSecure);
    return me(await actorAfterLogin(s.token));
  });

  r.delete('/api/auth/session', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Log out: ends this session (cookie or bearer token)' },
  }, async (req, reply) => {
    await auth.logout(db, ctxOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/api/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Who am I: user, center and permissions', response: { 200: MeOut } },
  }, async (req) => me(ctxOf(req).actor));

  r.post('/api/auth/password', {
    config: { access: 'authenticated', rateLimit: loginLimit },
    schema: { tags: ['auth'], summary: 'Change my password; ends my other sessions', body: ChangePasswordBody },
  }, async (req, reply) => {
    await auth.changeOwnPassword(db, ctxOf(req), req.body.currentPassword, req.body.newPassword);
    return reply.status(204).send();
  });
}

function setSessionCookie(reply: FastifyReply, token: string, ttlHours: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: ttlHours * 3600 });
}
