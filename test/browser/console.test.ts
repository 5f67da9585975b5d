/**
 * The staff console in a real browser against a real server with the demo center:
 * login (and its refusals), the shell and menu by permission, users, roles, the audit
 * trail of a change, background jobs and backups, and the language switch.
 * Screenshots: .tmp/console-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clickAndWaitFor, clickToShow, clickUntil, DEMO_PASSWORD, LOGIN, logIn, openSelect, startHarness, submitted, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

describe('staff console', () => {
  test('a wrong password shows the reason, in Chinese', async () => {
    const page = await h.newPage();
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByText('县级融媒体中心工作平台').waitFor();
    await h.screenshot(page, 'console-login-zh');
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('not-the-password1');
    await submitted(page, () => page.locator('button[type=submit]').click(), LOGIN, 401);
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await h.screenshot(page, 'console-login-error');
    await page.context().close();
  });

  test('repeated failures lock the account and the time is shown', async () => {
    const page = await h.newPage();
    await page.goto('/login');
    await page.locator('#username').fill('analyst');
    const alert = page.getByRole('alert');
    for (let i = 0; i < 8; i++) {
      await page.locator('#password').fill(`wrong-password-${i}`);
      // Each attempt must reach the server (a lost click would leave the count short): refused, or locked.
      const res = await clickAndWaitFor(page, () => page.locator('button[type=submit]').click(), LOGIN);
      assert.ok([401, 423].includes(res.status()), `${res.status()} ${await res.text()}`);
      await alert.waitFor();
      if ((await alert.textContent())?.includes('锁定')) break;
    }
    assert.match((await alert.textContent()) ?? '', /已被锁定，请于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 后再试/);
    await page.context().close();
  });

  test('admin: menu, dashboard, a new user found by search, given a role, seen in the audit log', async () => {
    const page = await h.newPage();
    await logIn(page, 'admin');
    const nav = page.getByTestId('main-nav');
    for (const label of ['工作台', '策采编审', '应急广播', '系统管理', '用户', '角色与权限', '审计日志']) {
      await nav.getByText(label, { exact: true }).first().waitFor();
    }
    await page.getByTestId('center-name').filter({ hasText: '乐昌市融媒体中心' }).waitFor();
    await page.getByTestId('welcome-card').getByText('您好，系统管理员').waitFor();
    await page.getByTestId('welcome-card').getByText('系统管理员', { exact: true }).waitFor(); // the role, by name
    await page.getByTestId('count-residentAccounts').getByText('27').waitFor();
    await h.screenshot(page, 'console-dashboard-zh');

    // A module still to come.
    await nav.getByText('融合发布', { exact: true }).click();
    await page.getByText('融合发布 · 建设中').waitFor();

    // Create a user.
    await nav.getByText('用户', { exact: true }).click();
    await page.waitForURL('**/system/users');
    await page.getByTestId('users-table').locator('strong', { hasText: 'eb_operator' }).waitFor();
    await h.screenshot(page, 'console-users-zh');
    const drawer = page.locator('.ant-drawer-open');
    await clickToShow(page.getByRole('button', { name: '新建用户' }), drawer.locator('#username'), 'new user drawer');
    await drawer.locator('#username').fill('editor');
    await drawer.locator('#displayName').fill('坪石记者');
    await drawer.locator('#password').fill('short');
    await drawer.getByTestId('user-form-submit').click();
    await drawer.locator('.ant-form-item-explain-error', { hasText: '至少 8 位，须同时包含字母和数字' }).waitFor(); // client-side rule
    await drawer.locator('#password').fill('Pingshi2026');
    await submitted(page, () => drawer.getByTestId('user-form-submit').click(), /^\/api\/users$/, 409);
    await drawer.locator('.ant-form-item-explain-error', { hasText: '用户名已被占用' }).waitFor(); // the server's, on its field
    await h.screenshot(page, 'console-user-form');
    await drawer.locator('#username').fill('pingshi_reporter');
    await submitted(page, () => drawer.getByTestId('user-form-submit').click(), /^\/api\/users$/, 201);
    await page.getByText('已创建用户 坪石记者').waitFor();
    await drawer.waitFor({ state: 'hidden' });

    // Find it by search, then give it a role.
    // On a loaded machine the list can still be reloading after the creation when the search
    // is typed, and the search is lost: search again until the filtered page is shown.
    const row = page.locator('.ant-table-row', { hasText: 'pingshi_reporter' });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.getByTestId('users-search').locator('input').fill('坪石');
      await page.getByTestId('users-search').locator('input').press('Enter');
      await row.waitFor();
      const filtered = await page.waitForFunction(() => document.querySelectorAll('.ant-table-row').length === 1, undefined, { timeout: 8_000 }).then(() => true, () => false);
      if (filtered) break;
    }
    assert.equal(await page.locator('.ant-table-row').count(), 1);
    await clickToShow(row.getByRole('button', { name: '编辑' }), drawer.getByTestId('user-form-roles'), 'edit user drawer');
    const roles = await openSelect(page, drawer.getByTestId('user-form-roles'), 'role list');
    // A multiple select: a second click on the option would take the role off again.
    const role = roles.locator('.ant-select-item-option', { hasText: '编辑记者' });
    await clickUntil('role 编辑记者 chosen', () => role.click(), async () => /\bant-select-item-option-selected\b/.test((await role.getAttribute('class')) ?? ''));
    await clickUntil('role list closed', () => drawer.locator('#displayName').click(), async () => !(await roles.isVisible()));
    await submitted(page, () => drawer.getByTestId('user-form-submit').click(), /^\/api\/users\/[^/]+$/, 200);
    await page.getByText('已保存').waitFor();
    await row.locator('.ant-tag', { hasText: '编辑记者' }).waitFor();

    // Disabling asks first.
    const disable = page.locator('.ant-dropdown-menu-item', { hasText: '停用' });
    await clickToShow(row.getByTestId('user-more-pingshi_reporter'), disable, 'user menu');
    const confirmTitle = page.locator('.ant-modal-confirm-title', { hasText: '停用用户 坪石记者？' });
    await clickToShow(disable, confirmTitle, 'disable dialog');
    await h.screenshot(page, 'console-user-disable-confirm');
    await submitted(page, () => page.locator('.ant-modal-confirm-btns').getByRole('button', { name: /^停\s?用$/ }).click(), /^\/api\/users\/[^/]+$/, 200);
    await row.locator('.ant-tag', { hasText: '已停用' }).waitFor();

    // The audit log shows both changes, with the hash chain intact.
    await nav.getByText('审计日志', { exact: true }).click();
    await page.waitForURL('**/system/audit');
    const created = page.locator('.ant-table-row', { hasText: '新建用户' }).first();
    await created.waitFor();
    await page.locator('.ant-table-row', { hasText: '修改用户' }).first().waitFor();
    await h.screenshot(page, 'console-audit-zh');
    await clickToShow(created.getByRole('button', { name: '详情' }), page.getByTestId('audit-detail-json'), 'audit detail');
    await page.getByTestId('audit-detail-json').filter({ hasText: 'pingshi_reporter' }).waitFor();
    assert.match((await page.getByTestId('audit-hash').textContent()) ?? '', /^[0-9a-f]{64}$/);
    await h.screenshot(page, 'console-audit-detail');
    await page.locator('.ant-drawer-close').click();
    await submitted(page, () => page.getByRole('button', { name: '校验哈希链' }).click(), /^\/api\/audit\/verify$/, 200);
    await page.locator('.ant-modal-confirm-title', { hasText: '哈希链完整' }).waitFor();
    await page.getByRole('button', { name: '知道了' }).click();

    // The other system pages render their demo data.
    await nav.getByText('部门', { exact: true }).click();
    await page.locator('.ant-table-row', { hasText: '全媒体综合部' }).waitFor();
    await h.screenshot(page, 'console-departments-zh');
    await nav.getByText('入驻单位', { exact: true }).click();
    await page.locator('.ant-table-row', { hasText: '乐城街道办事处' }).waitFor();
    await h.screenshot(page, 'console-residents-zh');
    await nav.getByText('角色与权限', { exact: true }).click();
    await page.locator('.ant-table-row', { hasText: '编辑记者' }).waitFor();
    await h.screenshot(page, 'console-roles-zh');

    // Operations: background jobs and backups. A fresh demo center may already have jobs
    // (deliveries of the demo newsroom's events), but none has failed, and no backup yet.
    await nav.getByText('后台任务', { exact: true }).click();
    await page.waitForURL('**/system/jobs');
    await page.getByTestId('jobs-table').locator('.ant-table-row, .ant-table-placeholder').first().waitFor();
    const statuses = await openSelect(page, page.getByTestId('jobs-status'), 'job status list');
    await statuses.locator('.ant-select-item-option', { hasText: '已失败' }).click();
    await page.getByTestId('jobs-table').getByText('没有符合条件的任务').waitFor();
    await h.screenshot(page, 'console-jobs-zh');
    await nav.getByText('数据备份', { exact: true }).click();
    await page.waitForURL('**/system/backups');
    await page.getByTestId('backups-empty').filter({ hasText: 'rongmei backup' }).waitFor();
    await h.screenshot(page, 'console-backups-zh');

    await nav.getByText('行政区划', { exact: true }).click();
    await page.getByTestId('areas-tree').getByText('乐昌市').waitFor();
    // The switcher folds as well as unfolds: click it only while the towns are not shown.
    await clickUntil('乐昌市 unfolded', () => page.locator('.ant-tree-switcher').first().click(), () => page.getByTestId('areas-tree').getByText('坪石镇').isVisible());
    await h.screenshot(page, 'console-areas-zh');

    // English, kept across a reload.
    await page.getByText('English', { exact: true }).click();
    await nav.getByText('Areas', { exact: true }).waitFor();
    await page.reload();
    for (const label of ['Dashboard', 'Newsroom', 'System', 'Users', 'Audit log']) {
      await nav.getByText(label, { exact: true }).first().waitFor();
    }
    await page.getByRole('heading', { name: 'Areas' }).waitFor();
    await nav.getByText('Dashboard', { exact: true }).click();
    await page.getByText('Welcome, 系统管理员').waitFor();
    await page.getByTestId('welcome-card').locator('.ant-tag', { hasText: 'Administrator' }).waitFor(); // the role, in English
    await h.screenshot(page, 'console-dashboard-en');
    await page.context().close();
  });

  test('editor: no System menu (areas are readable, but that is not administration), admin pages refused', async () => {
    const page = await h.newPage();
    await logIn(page, 'editor', DEMO_PASSWORD);
    const nav = page.getByTestId('main-nav');
    await nav.getByText('策采编审', { exact: true }).waitFor();
    assert.equal(await nav.getByText('系统管理', { exact: true }).count(), 0);
    assert.equal(await nav.getByText('审计日志', { exact: true }).count(), 0);
    await page.getByTestId('welcome-card').getByText('您好，陈编辑').waitFor();
    await h.screenshot(page, 'console-editor-zh');
    await page.goto('/system/users');
    await page.getByText('无权访问').waitFor();
    await page.goto('/system/areas');
    await page.getByTestId('areas-tree').getByText('乐昌市').waitFor();

    // Logging out returns to the login page, and the console is closed again.
    await clickToShow(page.getByTestId('user-menu'), page.getByText('退出登录'), 'user menu');
    await page.getByText('退出登录').click();
    await page.waitForURL('**/login');
    await page.goto('/system/audit');
    await page.waitForURL('**/login?next=%2Fsystem%2Faudit');
    await page.context().close();
  });
});
