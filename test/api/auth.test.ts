/** Login (bearer and cookie), logout, password change, lock-out, rate limit, CSRF guard. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, TEST_PASSWORD, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';

function cookieOf(headers: Record<string, unknown>): string {
  const raw = headers['set-cookie'];
  const line = (Array.isArray(raw) ? raw[0] : String(raw)) as string;
  return line.split(';')[0]!;
}

for (const engine of testEngines()) {
  describe(`authentication (${engine})`, () => {
    let t: TestApp;
    let center: string;
    before(async () => {
      t = await testApp(engine, { LOGIN_MAX_FAILURES: '3' });
      center = await t.center('auth_c');
      await t.user(center, ['admin'], 'boss');
    });
    after(() => t.close());

    test('bearer login, me, logout ends the token', async () => {
      await t.user(center, ['editor'], 'ed');
      const token = await t.token('ed');
      const me = await t.call('GET', '/api/auth/me', { token });
      assert.equal(me.status, 200);
      assert.equal(me.body.user.username, 'ed');
      assert.deepEqual(me.body.user.roles, ['editor']);
      assert.ok(!('password_hash' in me.body.user) && !('passwordHash' in me.body.user));
      assert.equal((await t.call('DELETE', '/api/auth/session', { token })).status, 204);
      assert.equal((await t.call('GET', '/api/auth/me', { token })).status, 401);
    });

    test('console login sets an httpOnly SameSite cookie; cookie changes must be JSON', async () => {
      const r = await t.call('POST', '/api/auth/session', { body: { username: 'boss', password: TEST_PASSWORD } });
      assert.equal(r.status, 200);
      const setCookie = String(r.headers['set-cookie']);
      assert.match(setCookie, /HttpOnly/i);
      assert.match(setCookie, /SameSite=Strict/i);
      assert.ok(!('token' in r.body), 'the console login must not hand the token to scripts');
      const cookie = cookieOf(r.headers);
      assert.equal((await t.call('GET', '/api/auth/me', { headers: { cookie } })).status, 200);
      const form = await t.call('POST', '/api/departments', { headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=x&name=y' });
      assert.equal(form.status, 403);
      assert.equal(form.body.error.code, 'CSRF_CHECK_FAILED');
      const foreign = await t.call('POST', '/api/departments', { headers: { cookie, origin: 'https://evil.example' }, body: { code: 'x', name: 'y' } });
      assert.equal(foreign.body.error.code, 'CSRF_CHECK_FAILED');
      const ok = await t.call('POST', '/api/departments', { headers: { cookie }, body: { code: 'x', name: 'y' } });
      assert.equal(ok.status, 201);
      assert.equal((await t.call('DELETE', '/api/auth/session', { headers: { cookie, 'content-type': 'application/json' } })).status, 204);
      assert.equal((await t.call('GET', '/api/auth/me', { headers: { cookie } })).status, 401);
    });

    test('wrong passwords lock the account; an administrator unlocks it', async () => {
      const u = await t.user(center, [], 'lockme');
      for (let i = 0; i < 2; i++) {
        const r = await t.call('POST', '/api/auth/login', { body: { username: 'lockme', password: 'wrong-1234' } });
        assert.equal(r.status, 401);
        assert.equal(r.body.error.code, 'AUTH_INVALID_CREDENTIALS');
      }
      const third = await t.call('POST', '/api/auth/login', { body: { username: 'lockme', password: 'wrong-1234' } });
      assert.equal(third.status, 423);
      assert.equal(third.body.error.code, 'AUTH_ACCOUNT_LOCKED');
      assert.ok(third.body.error.details.lockedUntil);
      const right = await t.call('POST', '/api/auth/login', { body: { username: 'lockme', password: TEST_PASSWORD } });
      assert.equal(right.status, 423, 'even the right password waits out the lock');
      const boss = await t.token('boss');
      assert.ok((await t.call('GET', `/api/users/${u.id}`, { token: boss })).body.lockedUntil);
      assert.equal((await t.call('POST', `/api/users/${u.id}/unlock`, { token: boss })).status, 204);
      assert.equal((await t.call('POST', '/api/auth/login', { body: { username: 'lockme', password: TEST_PASSWORD } })).status, 200);
      const audit = await t.call('GET', `/api/audit?subjectId=${u.id}&pageSize=50`, { token: boss });
      const actions = audit.body.items.map((e: { action: string }) => e.action);
      for (const a of ['identity.login.failed', 'identity.user.locked', 'identity.user.unlock', 'identity.login']) assert.ok(actions.includes(a), `${a} not audited: ${actions}`);
    });

    test('an unknown user gets the same answer as a wrong password', async () => {
      const r = await t.call('POST', '/api/auth/login', { body: { username: 'nobody', password: 'whatever-123' } });
      assert.equal(r.status, 401);
      assert.equal(r.body.error.code, 'AUTH_INVALID_CREDENTIALS');
    });

    test('changing my password ends my other sessions and checks the old one', async () => {
      await t.user(center, [], 'changer');
      const s1 = await t.token('changer');
      const s2 = await t.token('changer');
      const bad = await t.call('POST', '/api/auth/password', { token: s1, body: { currentPassword: 'nope-1234', newPassword: 'Brand-new-2026' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'PASSWORD_INCORRECT');
      const weak = await t.call('POST', '/api/auth/password', { token: s1, body: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
      assert.equal(weak.body.error.code, 'PASSWORD_TOO_WEAK');
      assert.equal(weak.body.error.field, 'newPassword');
      assert.equal((await t.call('POST', '/api/auth/password', { token: s1, body: { currentPassword: TEST_PASSWORD, newPassword: 'Brand-new-2026' } })).status, 204);
      assert.equal((await t.call('GET', '/api/auth/me', { token: s1 })).status, 200);
      assert.equal((await t.call('GET', '/api/auth/me', { token: s2 })).status, 401);
      const relog = await t.call('POST', '/api/auth/login', { body: { username: 'changer', password: 'Brand-new-2026' } });
      assert.equal(relog.status, 200);
    });

    test('disabling a user ends their sessions and refuses their login', async () => {
      const u = await t.user(center, [], 'leaver');
      const tok = await t.token('leaver');
      const boss = await t.token('boss');
      assert.equal((await t.call('PATCH', `/api/users/${u.id}`, { token: boss, body: { status: 'disabled' } })).status, 200);
      assert.equal((await t.call('GET', '/api/auth/me', { token: tok })).status, 401);
      const r = await t.call('POST', '/api/auth/login', { body: { username: 'leaver', password: TEST_PASSWORD } });
      assert.equal(r.body.error.code, 'AUTH_ACCOUNT_DISABLED');
    });

    test('bad input: errors with codes and fields, never a stack trace', async () => {
      const boss = await t.token('boss');
      const cases: [string, string, unknown, number, string, string?][] = [
        ['POST', '/api/auth/login', { username: 'a b', password: 'x' }, 400, 'VALIDATION_FAILED', 'username'],
        ['POST', '/api/auth/login', '{"username": "x",', 400, 'INVALID_JSON'],
        ['POST', '/api/users', { username: 'ok_name', displayName: 'x', password: 'Pass-2026', roles: [], isAdmin: true }, 400, 'VALIDATION_FAILED', 'isAdmin'],
        ['POST', '/api/users', { username: 'ok_name', displayName: 'x', password: 'Pass-2026', roles: ['nope'] }, 404, 'ROLE_NOT_FOUND', 'roles'],
        ['GET', '/api/users?pageSize=0', undefined, 400, 'VALIDATION_FAILED', 'query.pageSize'],
        ['GET', '/api/users?sort=password_hash', undefined, 400, 'VALIDATION_FAILED', 'query.sort'],
        ['GET', '/api/users/not a uuid', undefined, 400, 'VALIDATION_FAILED', 'params.id'],
        ['GET', '/api/areas?parent=12', undefined, 400, 'VALIDATION_FAILED', 'query.parent'],
        ['PATCH', '/api/departments/00000000-0000-4000-8000-000000000000', {}, 400, 'VALIDATION_FAILED'],
        ['GET', '/api/no-such-thing', undefined, 404, 'ROUTE_NOT_FOUND'],
        ['DELETE', '/healthz', undefined, 404, 'ROUTE_NOT_FOUND'],
      ];
      for (const [method, url, body, status, code, field] of cases) {
        const r = await t.call(method, url, { token: boss, ...(body !== undefined && { body }) });
        assert.equal(r.status, status, `${method} ${url}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, code, `${method} ${url}`);
        if (field) assert.equal(r.body.error.field, field, `${method} ${url}`);
        assert.doesNotMatch(JSON.stringify(r.body), /at .*\.ts:\d+|node_modules/);
      }
      const dup = await t.call('POST', '/api/users', { token: boss, body: { username: 'boss', displayName: 'x', password: 'Pass-2026', roles: [] } });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.error.code, 'USERNAME_TAKEN');
    });
  });
}

describe('login rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp('sqlite', { LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  after(() => t.close());
  test('the fourth login attempt in a minute gets 429 RATE_LIMITED', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await t.call('POST', '/api/auth/login', { body: { username: 'xx', password: 'y-1234567' } })).status);
    assert.deepEqual(codes, [401, 401, 401, 429]);
    const r = await t.call('POST', '/api/auth/login', { body: { username: 'xx', password: 'y-1234567' } });
    assert.equal(r.body.error.code, 'RATE_LIMITED');
  });
});
