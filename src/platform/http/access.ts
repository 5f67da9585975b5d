/**
 * The first two steps of every request: authenticate, then check the route's
 * declared access before the body is even validated. Every route must declare
 * `config.access`; a route without one stops start-up, so nothing is open by accident.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type {} from '@fastify/cookie';
import { appError } from '../errors.ts';
import type { Access, PermissionRegistry } from '../permissions.ts';
import type { Db } from '../db/index.ts';
import { resolveSession, SESSION_COOKIE } from '../auth/sessions.ts';

/** URL prefixes of routes registered by third-party plugins (API docs, static files). */
const PLUGIN_PUBLIC_PREFIXES = ['/docs', '/assets/', '/favicon'];

export interface RouteAccessInfo {
  method: string;
  url: string;
  access: Access;
}

/** Collects every route with its access rule (the route-permission test reads this). */
export function enforceDeclaredAccess(app: FastifyInstance, registry: PermissionRegistry, sink: RouteAccessInfo[]): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { access?: Access };
    if (!config.access) {
      if (PLUGIN_PUBLIC_PREFIXES.some((p) => route.url.startsWith(p)) || route.url === '/' || route.url === '/*') {
        route.config = { ...(route.config ?? {}), access: 'public' };
        config.access = 'public';
      } else {
        throw new Error(`route ${String(route.method)} ${route.url} declares no config.access: state who may call it`);
      }
    }
    const access = config.access;
    if (typeof access === 'object' && !registry.has(access.permission)) {
      throw new Error(`route ${String(route.method)} ${route.url} needs undeclared permission ${access.permission}`);
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      sink.push({ method, url: route.url, access });
    }
  });
}

function tokenOf(request: FastifyRequest): { token: string; kind: 'cookie' | 'bearer' } | null {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), kind: 'bearer' };
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) return { token: cookie, kind: 'cookie' };
  return null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the session cookie on cross-site requests too. Changes made with
 * the cookie must come as JSON (a cross-site form cannot send it without a CORS
 * pre-flight, which this server never grants) and, when the browser names an
 * Origin, from this host.
 */
function assertSameSiteChange(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const type = request.headers['content-type'] ?? '';
  // Uploads are multipart; a cross-site form can send multipart but not a custom
  // header without a CORS pre-flight, so the console marks its uploads with one.
  const upload = type.startsWith('multipart/form-data') && request.headers['x-rongmei-upload'] === '1';
  if (!type.startsWith('application/json') && !upload) throw appError('CSRF_CHECK_FAILED');
  const origin = request.headers.origin;
  if (origin && origin !== 'null') {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== request.headers.host) throw appError('CSRF_CHECK_FAILED');
  }
}

export function registerAccessHook(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const access = (request.routeOptions.config as { access?: Access } | undefined)?.access;
    if (!access) return; // not-found handler: nothing to protect
    const found = tokenOf(request);
    if (found) {
      request.actor = await resolveSession(db, found.token);
      if (request.actor && found.kind === 'cookie') request.actor = { ...request.actor, sessionKind: 'cookie' };
    }
    if (access === 'public') return;
    if (!request.actor) throw appError('AUTH_REQUIRED');
    if (found?.kind === 'cookie') assertSameSiteChange(request);
    if (typeof access === 'object' && !request.actor.permissions.has(access.permission)) {
      throw appError('PERMISSION_DENIED', { details: { permission: access.permission } });
    }
  });
}
