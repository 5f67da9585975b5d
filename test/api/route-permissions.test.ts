/**
 * Every registered route is either declared public, or refuses an anonymous caller
 * (401) and — when it needs a permission — a logged-in caller without it (403).
 * The list comes from the running app, so a new route is covered the day it lands.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { testApp, type TestApp } from '../helpers/app.ts';
import { enforceDeclaredAccess, type RouteAccessInfo } from '../../src/platform/http/access.ts';
import { PermissionRegistry } from '../../src/platform/permissions.ts';

/** Routes that are public on purpose. Adding one here is a security decision. */
const PUBLIC_ROUTES = new Set([
  'GET /healthz', 'GET /metrics', 'GET /openapi.json', 'POST /api/auth/login', 'POST /api/auth/session',
  // GD/J 083 receive: peer platforms have no session; each package is authenticated by its
  // SM2 signature against the receiving center's trusted certificates (emergency/inbound).
  'POST /api/eb/ebd', 'POST /api/eb/ebd/:centerCode',
  // Broadcast MP3s for terminals (no session): content-addressed, and the SM3 digest is in the signed EBM, so a terminal can check integrity.
  'GET /eb-audio/:center/:sm3.mp3', 'GET /eb-audio/:center/:sm3/stream',
]);

/**
 * Routes any logged-in user may call, whatever their roles (their own session and
 * password, and reference lists every form needs). Also a security decision.
 */
const ANY_USER_ROUTES = new Set([
  'DELETE /api/auth/session', 'GET /api/auth/me', 'POST /api/auth/password',
  'GET /api/overview', 'GET /api/departments', 'GET /api/resident-accounts',
  'GET /api/notifications', 'POST /api/notifications/:id/read', 'POST /api/notifications/read-all',
]);

function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000').replace(/\*$/, 'x');
}

describe('route permissions', () => {
  let t: TestApp;
  let noRights: string;
  before(async () => {
    t = await testApp('sqlite');
    const c = await t.center();
    const u = await t.user(c, []);
    noRights = await t.token(u.username);
  });
  after(() => t.close());

  test('the app registers routes, and every public one is on the allow-list', () => {
    assert.ok(t.routes.length > 20, `only ${t.routes.length} routes`);
    const publicOnes = t.routes.filter((r) => r.access === 'public' && !r.url.startsWith('/docs')).map((r) => `${r.method} ${r.url}`);
    for (const r of publicOnes) assert.ok(PUBLIC_ROUTES.has(r), `${r} is public but not on the allow-list`);
  });

  test('every route open to any logged-in user is on the allow-list', () => {
    const open = t.routes.filter((r) => r.access === 'authenticated').map((r) => `${r.method} ${r.url}`);
    for (const r of open) assert.ok(ANY_USER_ROUTES.has(r), `${r} is open to every logged-in user but not on the allow-list`);
  });

  test('every non-public route refuses an anonymous caller with 401', async () => {
    for (const r of t.routes.filter((x) => x.access !== 'public')) {
      const res = await t.call(r.method, concreteUrl(r.url), r.method === 'GET' ? {} : { body: {} });
      assert.equal(res.status, 401, `${r.method} ${r.url} answered ${res.status} to an anonymous caller`);
      assert.equal(res.body.error.code, 'AUTH_REQUIRED');
    }
  });

  test('every permission route refuses a caller without the permission with 403', async () => {
    const guarded = t.routes.filter((x): x is RouteAccessInfo & { access: { permission: string } } => typeof x.access === 'object');
    assert.ok(guarded.length > 10);
    for (const r of guarded) {
      const res = await t.call(r.method, concreteUrl(r.url), r.method === 'GET' ? { token: noRights } : { token: noRights, body: {} });
      assert.equal(res.status, 403, `${r.method} ${r.url} answered ${res.status} to a caller without ${r.access.permission}`);
      assert.equal(res.body.error.code, 'PERMISSION_DENIED');
    }
  });

  test('a route that declares no access stops start-up', () => {
    const app = Fastify();
    enforceDeclaredAccess(app, new PermissionRegistry(), []);
    assert.throws(() => app.get('/api/forgotten', async () => 'open'), /declares no config.access/);
  });

  test('a route needing an undeclared permission stops start-up', () => {
    const app = Fastify();
    enforceDeclaredAccess(app, new PermissionRegistry(), []);
    assert.throws(() => app.get('/api/typo', { config: { access: { permission: 'identity.userz.read' } } }, async () => 'x'), /undeclared permission/);
  });
});
