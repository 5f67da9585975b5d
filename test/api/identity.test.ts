/** Users, roles, departments, resident accounts and areas through the API, and the demo center. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { loadDemoCenter, DEMO_PASSWORD } from '../../src/demo/lechang.ts';

for (const engine of testEngines()) {
  describe(`identity (${engine})`, () => {
    let t: TestApp;
    let center: string;
    let admin: string;
    before(async () => {
      t = await testApp(engine);
      center = await t.center('idc');
      await t.user(center, ['admin'], 'root_admin');
      admin = await t.token('root_admin');
    });
    after(() => t.close());

    test('users: create, search, sort, page, filter by role', async () => {
      for (const [u, name] of [['zhang', '张三'], ['li', '李四'], ['wang', '王五']]) {
        const r = await t.call('POST', '/api/users', { token: admin, body: { username: u, displayName: name, password: 'Pass-2026', roles: u === 'li' ? ['editor'] : [] } });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const page1 = await t.call('GET', '/api/users?pageSize=2&sort=-username', { token: admin });
      assert.equal(page1.body.total, 4);
      assert.deepEqual(page1.body.items.map((u: { username: string }) => u.username), ['zhang', 'wang']);
      const page2 = await t.call('GET', '/api/users?pageSize=2&page=2&sort=-username', { token: admin });
      assert.deepEqual(page2.body.items.map((u: { username: string }) => u.username), ['root_admin', 'li']);
      assert.equal((await t.call('GET', '/api/users?q=李', { token: admin })).body.items[0].username, 'li');
      assert.equal((await t.call('GET', '/api/users?q=%25', { token: admin })).body.total, 0, 'LIKE wildcards are literal');
      const editors = await t.call('GET', '/api/users?role=editor', { token: admin });
      assert.deepEqual(editors.body.items.map((u: { username: string }) => u.username), ['li']);
    });

    test('a user manager cannot grant rights they do not hold, nor demote themself', async () => {
      await t.call('POST', '/api/roles', { token: admin, body: { code: 'user_mgr', name: '用户管理员', permissions: ['identity.users.read', 'identity.users.manage'] } });
      const mgr = await t.user(center, ['user_mgr'], 'mgr');
      const tok = await t.token('mgr');
      const escalate = await t.call('POST', '/api/users', { token: tok, body: { username: 'puppet', displayName: 'p', password: 'Pass-2026', roles: ['admin'] } });
      assert.equal(escalate.status, 403);
      assert.equal(escalate.body.error.field, 'roles');
      const self = await t.call('PATCH', `/api/users/${mgr.id}`, { token: tok, body: { roles: ['admin'] } });
      assert.equal(self.status, 409);
      assert.equal(self.body.error.code, 'USER_CANNOT_DISABLE_SELF');
      const ok = await t.call('POST', '/api/users', { token: tok, body: { username: 'plain', displayName: 'p', password: 'Pass-2026', roles: ['user_mgr'] } });
      assert.equal(ok.status, 201);
    });

    test('roles: built-in ones are read-only; custom ones need known permissions; in-use ones stay', async () => {
      const roles = (await t.call('GET', '/api/roles', { token: admin })).body.items as { id: string; code: string; builtin: boolean; permissions: string[] }[];
      const adminRole = roles.find((r) => r.code === 'admin')!;
      assert.equal(adminRole.builtin, true);
      assert.ok(adminRole.permissions.includes('audit.verify'));
      assert.equal((await t.call('PATCH', `/api/roles/${adminRole.id}`, { token: admin, body: { name: 'x' } })).body.error.code, 'ROLE_BUILTIN_READONLY');
      assert.equal((await t.call('DELETE', `/api/roles/${adminRole.id}`, { token: admin })).body.error.code, 'ROLE_BUILTIN_READONLY');
      const unknown = await t.call('POST', '/api/roles', { token: admin, body: { code: 'bad', name: 'x', permissions: ['nuclear.launch'] } });
      assert.equal(unknown.body.error.code, 'PERMISSION_UNKNOWN');
      const mgr = roles.find((r) => r.code === 'user_mgr')!;
      assert.equal((await t.call('DELETE', `/api/roles/${mgr.id}`, { token: admin })).body.error.code, 'ROLE_IN_USE');
      const temp = await t.call('POST', '/api/roles', { token: admin, body: { code: 'temp', name: '临时', permissions: [] } });
      assert.equal((await t.call('POST', '/api/roles', { token: admin, body: { code: 'temp', name: '临时', permissions: [] } })).body.error.code, 'ROLE_CODE_TAKEN');
      const changed = await t.call('PATCH', `/api/roles/${temp.body.id}`, { token: admin, body: { permissions: ['identity.areas.read'] } });
      assert.deepEqual(changed.body.permissions, ['identity.areas.read']);
      assert.equal((await t.call('DELETE', `/api/roles/${temp.body.id}`, { token: admin })).status, 204);
      const perms = await t.call('GET', '/api/permissions', { token: admin });
      assert.ok(perms.body.items.some((p: { key: string; zh: string }) => p.key === 'audit.read' && p.zh));
    });

    test('departments and resident accounts', async () => {
      const d = await t.call('POST', '/api/departments', { token: admin, body: { code: 'news', name: '新闻采编部', sort: 3 } });
      assert.equal(d.status, 201);
      assert.equal((await t.call('POST', '/api/departments', { token: admin, body: { code: 'news', name: 'x' } })).body.error.code, 'DEPARTMENT_CODE_TAKEN');
      const u = await t.call('POST', '/api/users', { token: admin, body: { username: 'reporter', displayName: '记者', password: 'Pass-2026', roles: [], departmentId: d.body.id } });
      assert.equal(u.body.department.name, '新闻采编部');
      assert.equal((await t.call('DELETE', `/api/departments/${d.body.id}`, { token: admin })).body.error.code, 'DEPARTMENT_IN_USE');
      const list = await t.call('GET', '/api/departments', { token: admin });
      assert.equal(list.body.items[0].userCount, 1);
      const ra = await t.call('POST', '/api/resident-accounts', { token: admin, body: { kind: 'department', name: '乐昌市应急管理局' } });
      assert.equal(ra.status, 201);
      assert.equal((await t.call('POST', '/api/resident-accounts', { token: admin, body: { kind: 'town', name: 'x', areaCode: '440281999000' } })).body.error.code, 'AREA_NOT_FOUND');
      const suspended = await t.call('PATCH', `/api/resident-accounts/${ra.body.id}`, { token: admin, body: { status: 'suspended' } });
      assert.equal(suspended.body.status, 'suspended');
      const audit = await t.call('GET', `/api/audit?subjectId=${ra.body.id}`, { token: admin });
      assert.deepEqual(audit.body.items.map((e: { action: string }) => e.action), ['identity.resident_account.update', 'identity.resident_account.create']);
    });

    test('the Lechang demo center: departments, real areas, resident accounts, one user per role; reload is idempotent', async () => {
      const first = await loadDemoCenter(t.db.db, t.permissions);
      assert.equal(first.created, true);
      const again = await loadDemoCenter(t.db.db, t.permissions);
      assert.equal(again.created, false);
      const tok = (await t.call('POST', '/api/auth/login', { body: { username: 'admin', password: DEMO_PASSWORD, center: 'lechang' } })).body.token;
      assert.deepEqual((await t.call('GET', '/api/overview', { token: tok })).body, { users: 11, departments: 7, residentAccounts: 27, areas: 245 });
      const roots = await t.call('GET', '/api/areas', { token: tok });
      assert.deepEqual(roots.body.items.map((a: { code: string; childCount: number }) => [a.code, a.childCount]), [['440281000000', 19]]);
      const towns = await t.call('GET', '/api/areas?parent=440281000000', { token: tok });
      assert.equal(towns.body.items.length, 19);
      assert.ok(towns.body.items.some((a: { name: string }) => a.name === '乐城街道办事处'));
      const villages = await t.call('GET', '/api/areas?parent=440281001000', { token: tok });
      assert.ok(villages.body.items.length > 10);
      const editor = (await t.call('POST', '/api/auth/login', { body: { username: 'editor', password: DEMO_PASSWORD, center: 'lechang' } })).body.token;
      assert.equal((await t.call('GET', '/api/users', { token: editor })).status, 403);
      const auditorTok = (await t.call('POST', '/api/auth/login', { body: { username: 'auditor', password: DEMO_PASSWORD, center: 'lechang' } })).body.token;
      assert.equal((await t.call('POST', '/api/audit/verify', { token: auditorTok })).body.ok, true);
      assert.equal((await t.call('POST', '/api/users', { token: auditorTok, body: { username: 'x1', displayName: 'x', password: 'Pass-2026', roles: [] } })).status, 403);
    });

    test('system: jobs list and retry of a dead job, backups list', async () => {
      const { enqueue } = await import('../../src/platform/jobs/index.ts');
      const { id } = await enqueue(t.db.db, 'test.dead', {}, { centerId: center, maxAttempts: 1 });
      await t.db.db.updateTable('jobs').set({ status: 'dead', attempts: 1, last_error: 'boom' }).where('id', '=', id).execute();
      const other = await enqueue(t.db.db, 'test.other', {}, { centerId: 'another-center' });
      const list = await t.call('GET', '/api/jobs?status=dead', { token: admin });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items.map((j: { id: string }) => j.id), [id]);
      assert.equal((await t.call('POST', `/api/jobs/${other.id}/retry`, { token: admin })).status, 404);
      const retried = await t.call('POST', `/api/jobs/${id}/retry`, { token: admin });
      assert.equal(retried.body.status, 'queued');
      assert.equal((await t.call('POST', `/api/jobs/${id}/retry`, { token: admin })).body.error.code, 'JOB_NOT_DEAD');
      assert.deepEqual((await t.call('GET', '/api/backups', { token: admin })).body, { items: [] });
    });
  });
}
