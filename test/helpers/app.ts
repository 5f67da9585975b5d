/**
 * A real application on a fresh database, driven through Fastify's inject (the full
 * request pipeline, no socket), with factories for centers, users and tokens.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { buildApp, type BuiltApp } from '../../src/app.ts';
import { buildPermissionRegistry } from '../../src/modules/index.ts';
import { createCenter } from '../../src/modules/identity/index.ts';
import { hashPassword } from '../../src/platform/auth/password.ts';
import type { PermissionRegistry } from '../../src/platform/permissions.ts';
import type { Engine } from '../../src/platform/config.ts';
import { freshDb, type TestDb } from './engines.ts';

export const TEST_PASSWORD = 'Test-pass-2026';
let cachedHash: Promise<string> | null = null;

export interface TestApp extends BuiltApp {
  db: TestDb;
  config: Config;
  permissions: PermissionRegistry;
  close(): Promise<void>;
  /** Creates a center; returns its id. */
  center(code?: string): Promise<string>;
  /** Creates a user with these role codes (none: a user with no rights). */
  user(centerId: string, roles: string[], username?: string): Promise<{ id: string; username: string }>;
  /** Logs in through the API and returns a bearer token. */
  token(username: string, center?: string): Promise<string>;
  call(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

export async function testApp(engine: Engine, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await freshDb(engine);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: db.dataDir, EB_TCP_PORT: '0', LOG_LEVEL: 'silent', WEB_DIR: '/nonexistent', RATE_LIMIT_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', ...env });
  const permissions = buildPermissionRegistry();
  const built = await buildApp({ config, handle: db, permissions });
  await built.app.ready();
  const centers = new Map<string, string>();

  const t: TestApp = {
    ...built, db, config, permissions,
    async close() {
      await built.app.close();
      await db.dispose();
    },
    async center(code = `c${randomUUID().slice(0, 8)}`) {
      const c = await createCenter(db.db, permissions, { code, name: `测试中心 ${code}` });
      centers.set(c.id, code);
      return c.id;
    },
    async user(centerId, roles, username = `u${randomUUID().slice(0, 8)}`) {
      cachedHash ??= hashPassword(TEST_PASSWORD);
      const id = randomUUID();
      const now = new Date().toISOString();
      await db.db.insertInto('users').values({
        id, center_id: centerId, username, display_name: username, password_hash: await cachedHash, department_id: null, resident_account_id: null,
        status: 'active', failed_logins: 0, locked_until: null, password_changed_at: now, last_login_at: null, created_at: now, updated_at: now,
      }).execute();
      for (const code of roles) {
        const role = await db.db.selectFrom('roles').select('id').where('center_id', '=', centerId).where('code', '=', code).executeTakeFirstOrThrow();
        await db.db.insertInto('user_roles').values({ center_id: centerId, user_id: id, role_id: role.id }).execute();
      }
      return { id, username };
    },
    async token(username, center) {
      const r = await t.call('POST', '/api/auth/login', { body: { username, password: TEST_PASSWORD, ...(center && { center }) } });
      if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async call(method, url, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const res = await built.app.inject({ method: method as 'GET', url, headers, payload });
      let body: unknown = res.body;
      try {
        body = res.body ? JSON.parse(res.body) : null;
      } catch {
        /* not JSON: keep text */
      }
      return { status: res.statusCode, body, headers: res.headers };
    },
  };
  return t;
}

/**
 * Creates one user per name with those role codes and logs each in through the API, in
 * order. Returns bearer tokens and user ids by name.
 */
export async function signedIn<N extends string>(t: TestApp, centerId: string, roles: Record<N, string[]>): Promise<{ tok: Record<N, string>; ids: Record<N, string> }> {
  const tok = {} as Record<N, string>;
  const ids = {} as Record<N, string>;
  for (const [name, codes] of Object.entries(roles) as [N, string[]][]) {
    ids[name] = (await t.user(centerId, codes, name)).id;
    tok[name] = await t.token(name);
  }
  return { tok, ids };
}
