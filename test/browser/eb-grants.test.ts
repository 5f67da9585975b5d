/**
 * 授权管理 in a real browser with the demo center: the leader sees 九峰镇's grant active
 * and jiufeng_operator bound to 九峰镇 in the operators tab; the town operator sees their
 * area and what they may send; the leader revokes the grant (confirm with a reason) and
 * the town operator's page then says they may send nowhere. Screenshots: .tmp/eb-grants-*.png.
 */
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { clickToShow, logIn, selectTab, startHarness, submitted, type Harness } from './harness.ts';

let h: Harness;
let leader: Page;
let town: Page;
before(async () => {
  h = await startHarness();
  leader = await h.newPage();
  town = await h.newPage();
  await logIn(leader, 'leader');
  await logIn(town, 'jiufeng_operator');
});
after(async () => {
  await leader?.context().close().catch(() => {});
  await town?.context().close().catch(() => {});
  await h?.close();
});

describe('broadcast rights page', () => {
  test('grants, operator areas, my area, revoking with a reason', async () => {
    await leader.goto('/emergency/grants');
    const row = leader.getByTestId('eb-grants-table').locator('tr', { hasText: '九峰镇' });
    await row.getByTestId('eb-grant-status').filter({ hasText: '生效中' }).waitFor();
    await leader.getByTestId('eb-my-scope').filter({ hasText: '县级用户' }).waitFor();
    await h.screenshot(leader, 'eb-grants-list');

    await selectTab(leader, '操作员辖区');
    await leader.getByTestId('eb-operators-table').locator('tr', { hasText: 'jiufeng_operator' }).filter({ hasText: '九峰镇' }).waitFor();
    await h.screenshot(leader, 'eb-grants-operators');

    await town.goto('/emergency/grants');
    await town.getByTestId('eb-my-scope').filter({ hasText: '您的辖区：九峰镇' }).filter({ hasText: '当前可播发区域：九峰镇' }).waitFor();
    await town.getByRole('tab', { name: '操作员辖区' }).waitFor({ state: 'detached' });
    await town.getByTestId('eb-grant-new').waitFor({ state: 'detached' });

    await selectTab(leader, '播发授权');
    await clickToShow(row.getByTestId('eb-grant-revoke'), leader.getByTestId('eb-grant-revoke-reason'), 'revoke dialog');
    await leader.getByTestId('eb-grant-revoke-ok').click();
    await leader.getByText('请填写撤销原因').waitFor();
    await leader.getByTestId('eb-grant-revoke-reason').fill('汛期结束');
    await submitted(leader, () => leader.getByTestId('eb-grant-revoke-ok').click(), /^\/api\/eb\/grants\/[^/]+\/revoke$/, 200);
    await row.getByTestId('eb-grant-status').filter({ hasText: '已撤销' }).waitFor();
    await row.filter({ hasText: '汛期结束' }).waitFor();
    await h.screenshot(leader, 'eb-grants-revoked');

    await town.reload();
    await town.getByTestId('eb-my-scope').filter({ hasText: '没有有效授权' }).waitFor();
  });
});
