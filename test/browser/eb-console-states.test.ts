/**
 * The emergency-broadcast console catching up with the server, in a real browser with
 * the demo center:
 * - jiufeng_operator (bound to 九峰镇, granted drills and real sends up to III) sees a
 *   note on what the county granted, can pick only 九峰镇 and what lies inside it, and
 *   cannot choose severity I or II; the audio section says speech is made at submit;
 * - a coverage panel shows `queued` deliveries (排队/被抢占) and why terminals were not
 *   reached (preempted, no audio), the states written straight into the database;
 * - once the leader revokes 九峰镇's grant, the town operator's save is refused and the
 *   form names the area and the reason in Chinese (EB_AREA_NOT_GRANTED details).
 * Screenshots: .tmp/eb-console-*.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Locator } from 'playwright-core';
import { until } from '../helpers/wait.ts';
import { checkArea, clickUntil, closeAreas, openAreas, pickAreas, startHarness, submitted, type Harness } from './harness.ts';

const JIUFENG = '440281103000';

let h: Harness;

/** Calls the API as `username` and insists it succeeds. */
async function call<T>(username: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await h.api<T>(username, method, url, body);
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${url}: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data;
}

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

describe('emergency console: town rights, queued deliveries, refusal details', () => {
  test('a town operator picks only granted areas; severities above the grant are disabled', async () => {
    const town = await h.as('jiufeng_operator');
    await town.goto('/emergency/broadcasts/new');
    await town.getByTestId('eb-scope-notice').filter({ hasText: '您的辖区：九峰镇' }).filter({ hasText: '九峰镇（演练、实播' }).waitFor();
    await h.screenshot(town, 'eb-console-town-notice');

    // Severity: III and IV only (I, II and unknown count as above the grant).
    for (const s of [3, 4]) assert.equal(await town.getByTestId(`eb-severity-${s}`).isDisabled(), false, `severity ${s} enabled`);
    for (const s of [1, 2, 0]) assert.equal(await town.getByTestId(`eb-severity-${s}`).isDisabled(), true, `severity ${s} disabled`);
    // Real sends are granted: the real type stays available.
    assert.equal(await town.getByTestId('eb-type-1').isDisabled(), false);
    await town.getByTestId('eb-audio-auto-tts').filter({ hasText: '未选择音频时，提交时将自动合成语音' }).waitFor();

    // The area tree starts at 九峰镇 (its villages shown); other towns are not offered.
    await openAreas(town);
    const nodes = town.locator('.ant-select-tree-node-content-wrapper');
    await town.locator('.ant-select-tree-node-content-wrapper[title="九峰镇"]').waitFor();
    await until('九峰镇 villages listed', async () => (await nodes.count()) > 1, 20_000);
    assert.equal(await town.locator('.ant-select-tree-node-content-wrapper[title="北乡镇"]').count(), 0, 'no other town offered');
    const villages = await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    assert.ok(villages.every((v) => v === '九峰镇' || !v.endsWith('镇')), `only 九峰镇 and its villages: ${villages.join(',')}`);
    await checkArea(town, '九峰镇');
    await closeAreas(town);
    await town.getByTestId('eb-areas-count').filter({ hasText: '已选择 1 个区域' }).waitFor();
    await h.screenshot(town, 'eb-console-town-form');

    // A template above the grant (flood: II) is flagged before it reaches the server.
    await town.getByTestId('eb-template-flood').click();
    await town.getByText('超出授权：本辖区最高只能播发').waitFor();

    // A county-level operator sees no note and every severity.
    const county = await h.as('eb_operator');
    await county.goto('/emergency/broadcasts/new');
    await county.getByTestId('eb-severity-1').waitFor({ state: 'attached' });
    assert.equal(await county.getByTestId('eb-severity-1').isDisabled(), false);
    assert.equal(await county.getByTestId('eb-scope-notice').count(), 0);
  });

  test('the coverage panel shows queued deliveries and why terminals were not reached', async () => {
    const now = Date.now();
    const draft = await call<{ id: string }>('eb_operator', 'POST', '/api/eb/broadcasts', {
      msgType: 3, eventType: '10101', severity: 3, title: '九峰镇防汛演练（排队测试）', text: '这是一次防汛演练。',
      areaCodes: [JIUFENG], startAt: new Date(now).toISOString(), endAt: new Date(now + 2 * 3600_000).toISOString(),
      audio: { kind: 'stream', url: 'rtp://239.0.0.1:5004' },
    });
    await call('eb_operator', 'POST', `/api/eb/broadcasts/${draft.id}/submit`, {});
    await call('eb_approver', 'POST', `/api/eb/broadcasts/${draft.id}/decision`, { approve: true });
    type Coverage = { total: number; byState: Record<string, number>; notReached: { ebrid: string; state: string; reason: string | null }[] };
    const coverage = () => call<Coverage>('eb_operator', 'GET', `/api/eb/broadcasts/${draft.id}/coverage`);
    await until('deliveries made', async () => (await coverage()).total >= 3, 20_000);

    // No terminal is simulated here: put three deliveries in the states terminals report.
    const db = new Database(path.join(h.dataDir, 'rongmei.db'));
    try {
      db.pragma('busy_timeout = 5000');
      const first = db.prepare('select ebrid from eb_deliveries where broadcast_id = ? order by area_code, ebrid limit 3').all(draft.id) as { ebrid: string }[];
      const set = db.prepare('update eb_deliveries set state = ?, last_error = ? where broadcast_id = ? and ebrid = ?');
      set.run('queued', 'PREEMPTED', draft.id, first[0]!.ebrid);
      set.run('queued', 'BUSY_HIGHER_PRIORITY', draft.id, first[1]!.ebrid);
      set.run('failed', 'NO_AUDIO', draft.id, first[2]!.ebrid);
    } finally {
      db.close();
    }
    const cov = await coverage();
    assert.equal(cov.byState.queued, 2);
    assert.deepEqual(cov.notReached.slice(0, 3).map((n) => [n.state, n.reason]), [['queued', 'PREEMPTED'], ['queued', 'BUSY_HIGHER_PRIORITY'], ['failed', 'NO_AUDIO']]);

    const op = await h.as('eb_operator');
    await op.goto(`/emergency/broadcasts/${draft.id}`);
    const panel = op.getByTestId('eb-coverage');
    await panel.locator('[data-testid="eb-coverage-by-state"] [data-state="queued"]').filter({ hasText: '排队/被抢占 2' }).waitFor();
    const rows = panel.getByTestId('eb-coverage-not-reached-terminals').locator('tbody tr.ant-table-row');
    await rows.nth(0).getByTestId('eb-coverage-state').filter({ hasText: '排队/被抢占' }).waitFor();
    await rows.nth(0).getByTestId('eb-coverage-reason').filter({ hasText: '被更高级别的广播抢占' }).waitFor();
    await rows.nth(1).getByTestId('eb-coverage-reason').filter({ hasText: '排队等候' }).waitFor();
    await rows.nth(2).getByTestId('eb-coverage-state').filter({ hasText: '失败' }).waitFor();
    await rows.nth(2).getByTestId('eb-coverage-reason').filter({ hasText: 'IP 终端只能播放音频' }).waitFor();
    // The queued colour is its own (not the failed red or the offline orange).
    const queuedClass = await rows.nth(0).getByTestId('eb-coverage-state').getAttribute('class');
    assert.match(queuedClass ?? '', /purple/);
    await h.screenshot(op, 'eb-console-coverage-queued');
  });

  test('a refused save names the area and the reason (EB_AREA_NOT_GRANTED details)', async () => {
    const town = await h.as('jiufeng_operator');
    await town.goto('/emergency/broadcasts/new');
    await town.getByTestId('eb-scope-notice').filter({ hasText: '九峰镇（演练、实播' }).waitFor();
    // The county revokes the grant while the form is open.
    const grants = await call<{ items: { id: string; areaCode: string; status: string }[] }>('leader', 'GET', '/api/eb/grants?status=active');
    const grant = grants.items.find((g) => g.areaCode === JIUFENG);
    assert.ok(grant, '九峰镇 has an active grant');
    await call('leader', 'POST', `/api/eb/grants/${grant.id}/revoke`, { reason: '测试撤销' });

    const choose = (radio: Locator) => clickUntil('radio chosen', () => town.locator('label', { has: radio }).click(), () => radio.isChecked());
    await choose(town.getByTestId('eb-type-3'));
    await town.locator('#eventType').fill('10101');
    await choose(town.getByTestId('eb-severity-4'));
    await town.getByTestId('eb-title').fill('九峰镇演练');
    await town.getByTestId('eb-text').fill('这是一次演练。');
    await pickAreas(town, ['九峰镇']);
    await submitted(town, () => town.getByTestId('eb-save').click(), /^\/api\/eb\/broadcasts$/, 403);
    await town.getByText('九峰镇（440281103000）的播发授权已被撤销。').waitFor();
    await h.screenshot(town, 'eb-console-refused');
  });
});
