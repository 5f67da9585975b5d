/**
 * Two centers on one database: an administrator of one sees nothing of the other,
 * and cannot read or change the other's records by id.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';

for (const engine of testEngines()) {
  describe(`tenant isolation (${engine})`, () => {
    let t: TestApp;
    let a: string;
    let b: string;
    let ids: { user: string; dept: string; ra: string; role: string; audit: string };
    before(async () => {
      t = await testApp(engine);
      const ca = await t.center('center_a');
      const cb = await t.center('center_b');
      await t.user(ca, ['admin'], 'admin_a');
      await t.user(cb, ['admin'], 'admin_b');
      a = await t.token('admin_a');
      b = await t.token('admin_b');
      const dept = await t.call('POST', '/api/departments', { token: b, body: { code: 'news', name: '新闻采编部' } });
      const ra = await t.call('POST', '/api/resident-accounts', { token: b, body: { kind: 'town', name: '北乡镇' } });
      const role = await t.call('POST', '/api/roles', { token: b, body: { code: 'b_custom', name: 'B 自定义', permissions: ['identity.users.read'] } });
      const user = await t.call('POST', '/api/users', { token: b, body: { username: 'b_secret', displayName: 'B 的用户', password: 'Secret-2026', roles: [] } });
      const audit = await t.call('GET', '/api/audit?pageSize=1', { token: b });
      ids = { user: user.body.id, dept: dept.body.id, ra: ra.body.id, role: role.body.id, audit: audit.body.items[0].id };
      assert.ok(Object.values(ids).every(Boolean), JSON.stringify(ids));
    });
    after(() => t.close());

    test('lists show only the own center', async () => {
      const users = await t.call('GET', '/api/users?pageSize=200', { token: a });
      assert.deepEqual(users.body.items.map((u: { username: string }) => u.username), ['admin_a']);
      assert.equal((await t.call('GET', '/api/users?q=b_secret', { token: a })).body.total, 0);
      assert.equal((await t.call('GET', '/api/departments', { token: a })).body.items.length, 0);
      assert.equal((await t.call('GET', '/api/resident-accounts', { token: a })).body.total, 0);
      const roles = (await t.call('GET', '/api/roles', { token: a })).body.items.map((r: { code: string }) => r.code);
      assert.ok(!roles.includes('b_custom'));
      const audit = await t.call('GET', '/api/audit?pageSize=200', { token: a });
      assert.ok(audit.body.items.every((e: { subjectId: string | null }) => !Object.values(ids).includes(e.subjectId ?? '')));
      assert.equal((await t.call('GET', `/api/audit?subjectId=${ids.user}`, { token: a })).body.total, 0);
      const overview = await t.call('GET', '/api/overview', { token: a });
      assert.deepEqual(overview.body, { users: 1, departments: 0, residentAccounts: 0, areas: 0 });
    });

    test("another center's records cannot be read or changed by id", async () => {
      assert.equal((await t.call('GET', `/api/users/${ids.user}`, { token: a })).status, 404);
      assert.equal((await t.call('PATCH', `/api/users/${ids.user}`, { token: a, body: { displayName: 'hacked' } })).status, 404);
      assert.equal((await t.call('POST', `/api/users/${ids.user}/password`, { token: a, body: { password: 'Hacked-2026' } })).status, 404);
      assert.equal((await t.call('POST', `/api/users/${ids.user}/unlock`, { token: a, body: {} })).status, 404);
      assert.equal((await t.call('PATCH', `/api/departments/${ids.dept}`, { token: a, body: { name: 'x' } })).status, 404);
      assert.equal((await t.call('DELETE', `/api/departments/${ids.dept}`, { token: a })).status, 404);
      assert.equal((await t.call('PATCH', `/api/resident-accounts/${ids.ra}`, { token: a, body: { name: 'x' } })).status, 404);
      assert.equal((await t.call('PATCH', `/api/roles/${ids.role}`, { token: a, body: { name: 'x' } })).status, 404);
      assert.equal((await t.call('DELETE', `/api/roles/${ids.role}`, { token: a })).status, 404);
      assert.equal((await t.call('GET', `/api/audit/${ids.audit}`, { token: a })).status, 404);
      // Nor can its ids be smuggled in as references.
      const r = await t.call('POST', '/api/users', { token: a, body: { username: 'x1', displayName: 'x', password: 'Secret-2026', roles: [], departmentId: ids.dept } });
      assert.equal(r.status, 404);
      assert.equal(r.body.error.field, 'departmentId');
      const still = await t.call('GET', `/api/users/${ids.user}`, { token: b });
      assert.equal(still.body.displayName, 'B 的用户');
    });

    test('the same username in two centers needs the center to log in', async () => {
      const ca = (await t.db.db.selectFrom('centers').select('id').where('code', '=', 'center_a').executeTakeFirstOrThrow()).id;
      const cb = (await t.db.db.selectFrom('centers').select('id').where('code', '=', 'center_b').executeTakeFirstOrThrow()).id;
      await t.user(ca, [], 'twin');
      await t.user(cb, [], 'twin');
      const r = await t.call('POST', '/api/auth/login', { body: { username: 'twin', password: 'Test-pass-2026' } });
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'AUTH_CENTER_REQUIRED');
      const tok = await t.token('twin', 'center_b');
      const me = await t.call('GET', '/api/auth/me', { token: tok });
      assert.equal(me.body.center.code, 'center_b');
    });
  });
}
