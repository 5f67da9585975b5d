/**
 * Emergency broadcast (应急广播) in a real browser against a real server with the demo
 * center: the duty operator authors a level-II (orange) flood warning for three towns
 * from a template and submits it; they cannot approve it; the approver approves (the
 * dialog says it is REAL and needs a second person); the detail shows the EBMID and the
 * prepared, signed cancel; the operator cancels it in one action. A drill is hatched and
 * badged 演练 DRILL in the form, the header, the confirm dialog and the list. An author
 * who may also approve is refused by the server (two people) and told so. A correction
 * (更正) of an approved broadcast is one action, and once approved replaces it. Keys rotate.
 * Screenshots: .tmp/emergency-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { broadcastStatusIs as statusIs, clickToShow, clickUntil, openSelect, pickAreas, startHarness, submitted, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  await Promise.all(['eb_operator', 'eb_approver', 'admin', 'engineer'].map((u) => h.as(u)));
});
after(async () => {
  await h?.close();
});

/** Confirms the open action dialog and asserts the status its request got. */
async function confirmed(page: Page, url: RegExp, status: number): Promise<void> {
  await submitted(page, () => page.getByTestId('eb-confirm-ok').click(), url, status);
}

/** Opens the action dialog (approve, submit, cancel) with its button. */
async function openAction(page: Page, testId: string): Promise<void> {
  await clickToShow(page.getByTestId(testId), page.getByTestId('eb-confirm-ok'), `${testId} dialog`);
}

/** The type radios (the test id sits on the hidden input: click its label). */
async function chooseType(page: Page, msgType: number): Promise<void> {
  const radio = page.getByTestId(`eb-type-${msgType}`);
  await clickUntil(`type ${msgType} chosen`, () => page.locator('label', { has: radio }).click(), () => radio.isChecked());
}

/** The hatching is drawn as a background image on drill rows and headers. */
async function hatched(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundImage.includes('repeating-linear-gradient'));
}

describe('emergency broadcast', () => {
  test('a real flood warning: authored from a template, approved by a second person, cancelled in one action', async () => {
    const op = await h.as('eb_operator');
    const nav = op.getByTestId('main-nav');
    for (const label of ['广播列表', '新建广播', '签名密钥']) await nav.getByText(label, { exact: true }).waitFor();
    await nav.getByText('新建广播', { exact: true }).click();
    await op.waitForURL('**/emergency/broadcasts/new');

    // The template fills event type, severity, title and text; real or drill is chosen by hand.
    await op.getByTestId('eb-template-flood').click();
    assert.equal(await op.locator('#eventType').inputValue(), '10101');
    assert.ok(await op.getByTestId('eb-severity-2').isChecked(), 'template: orange / II');
    assert.match(await op.getByTestId('eb-text').inputValue(), /转移到指定安置点/);
    await chooseType(op, 1);
    await op.getByTestId('eb-real-banner').waitFor();
    const title = '武江洪水橙色预警：北乡、九峰、廊田三镇立即转移';
    await op.getByTestId('eb-title').fill(title);
    await pickAreas(op, ['北乡镇', '九峰镇', '廊田镇']);
    await h.screenshot(op, 'emergency-new-real');

    await openAction(op, 'eb-save-submit');
    const confirm = op.getByTestId('eb-confirm-body');
    await confirm.getByTestId('eb-real-badge').waitFor();
    await confirm.getByText('北乡镇、九峰镇、廊田镇', { exact: false }).waitFor();
    await h.screenshot(op, 'emergency-submit-confirm');
    // Saved first (POST /api/eb/broadcasts), then submitted.
    await confirmed(op, /^\/api\/eb\/broadcasts$/, 201);
    await op.waitForURL(/\/emergency\/broadcasts\/[0-9a-f-]{36}$/);
    const id = op.url().split('/').pop()!;
    await statusIs(op, '待审核');
    await op.getByTestId('eb-areas-view').getByText('九峰镇').waitFor();
    assert.equal(await op.getByTestId('eb-header').getByTestId('eb-severity').getAttribute('data-severity'), '2');
    // The operator may not approve (no approve right): no button, their own or anyone's.
    assert.equal(await op.getByTestId('eb-approve').count(), 0);

    // 刘审核员 approves: the dialog says REAL, loudspeakers, and a second person.
    const ap = await h.as('eb_approver');
    await ap.goto(`/emergency/broadcasts/${id}`);
    await statusIs(ap, '待审核');
    await openAction(ap, 'eb-approve');
    await ap.getByTestId('eb-confirm-body').getByTestId('eb-real-badge').waitFor();
    await ap.getByTestId('eb-confirm-help').filter({ hasText: '大喇叭' }).filter({ hasText: '第二人' }).waitFor();
    await h.screenshot(ap, 'emergency-approve-confirm');
    await confirmed(ap, /\/decision$/, 200);
    await ap.getByText('已审核通过并签名').waitFor();
    await statusIs(ap, '已签发');
    const ebmid = (await ap.getByTestId('eb-ebmid').textContent())!;
    const cancelEbmid = (await ap.getByTestId('eb-cancel-ebmid').textContent())!;
    assert.match(ebmid, /^\d{35}$/);
    assert.match(cancelEbmid, /^\d{35}$/);
    assert.notEqual(ebmid, cancelEbmid);
    assert.ok(ebmid.startsWith('44402810000000101010101'), 'EBMID starts with the county platform EBRID');
    await ap.getByTestId('eb-signed').waitFor();
    await ap.getByTestId('eb-approver').filter({ hasText: '刘审核员' }).waitFor();
    // Cancelling is the duty operator's (eb.broadcast.author): the approver is told so.
    assert.equal(await ap.getByTestId('eb-cancel').count(), 0);
    await ap.getByTestId('eb-cancel-needs-author').waitFor();
    await h.screenshot(ap, 'emergency-approved');

    // The operator opens it: the prepared cancel, the signed package, one-click cancel.
    await op.reload();
    await statusIs(op, '已签发');
    await op.getByTestId('eb-cancel-ebmid').filter({ hasText: cancelEbmid }).waitFor();
    const [download] = await Promise.all([op.waitForEvent('download'), op.getByTestId('eb-download-package').click()]);
    assert.match(download.suggestedFilename(), /^EBDT_\d{41}\.tar$/);
    await openAction(op, 'eb-cancel');
    await op.getByTestId('eb-confirm-body').getByText(cancelEbmid).first().waitFor();
    await op.getByTestId('eb-confirm-note').fill('水位回落，解除转移');
    await h.screenshot(op, 'emergency-cancel-confirm');
    await confirmed(op, /\/cancel$/, 200);
    await op.getByText('取消指令已发出').first().waitFor();
    await statusIs(op, '已取消');
    await op.getByTestId('eb-cancelled').waitFor();
    assert.equal(await op.getByTestId('eb-cancel').count(), 0);
    await h.screenshot(op, 'emergency-cancelled');
  });

  test('a drill is hatched and badged 演练 DRILL: form, header, confirm dialog, list', async () => {
    const op = await h.as('eb_operator');
    await op.goto('/emergency/broadcasts/new');
    await op.getByTestId('eb-template-forestFire').click();
    await chooseType(op, 4);
    await op.getByTestId('eb-drill-banner').waitFor();
    assert.ok(await hatched(op, '[data-testid="eb-form-card"]'), 'the drill form is hatched');
    await op.getByTestId('eb-title').fill('森林防火演练：廊田镇');
    await pickAreas(op, ['廊田镇']);
    await h.screenshot(op, 'emergency-new-drill');
    await submitted(op, () => op.getByTestId('eb-save').click(), /^\/api\/eb\/broadcasts$/, 201);
    await op.waitForURL(/\/emergency\/broadcasts\/[0-9a-f-]{36}$/);
    await statusIs(op, '草稿');
    await op.getByTestId('eb-header').getByTestId('eb-drill-banner').waitFor();
    assert.ok(await hatched(op, '[data-testid="eb-header"]'), 'the drill header is hatched');
    await openAction(op, 'eb-submit');
    await op.getByTestId('eb-confirm-body').getByTestId('eb-drill-badge').waitFor();
    await h.screenshot(op, 'emergency-drill-confirm');
    await confirmed(op, /\/submit$/, 200);
    await statusIs(op, '待审核');
    await h.screenshot(op, 'emergency-drill-detail');
    // In English the badge still reads 演练 DRILL.
    await op.evaluate(() => window.localStorage.setItem('rongmei.lang', 'en'));
    await op.reload();
    await op.getByTestId('eb-header').getByText('Drill (Front-end drill): this is NOT a real alert').waitFor();
    await h.screenshot(op, 'emergency-drill-en');
    await op.evaluate(() => window.localStorage.setItem('rongmei.lang', 'zh-CN'));
    await op.reload();
    await statusIs(op, '待审核');

    // The list: the drill row hatched with the badge; the real one with 真实 REAL.
    await op.getByTestId('main-nav').getByText('广播列表', { exact: true }).click();
    await op.waitForURL('**/emergency/broadcasts');
    const drillRow = op.getByTestId('eb-table').locator('tr[data-drill="true"]', { hasText: '森林防火演练：廊田镇' });
    await drillRow.getByTestId('eb-drill-badge').waitFor();
    assert.ok(await drillRow.locator('td').first().evaluate((el) => getComputedStyle(el).backgroundImage.includes('repeating-linear-gradient')));
    const realRow = op.getByTestId('eb-table').locator('tr[data-drill="false"]', { hasText: '武江洪水橙色预警' });
    await realRow.getByTestId('eb-real-badge').waitFor();
    await realRow.getByText('已取消').waitFor();
    assert.ok(!(await realRow.locator('td').first().evaluate((el) => getComputedStyle(el).backgroundImage.includes('repeating-linear-gradient'))));
    await h.screenshot(op, 'emergency-list');
    const drillFilter = await openSelect(op, op.getByTestId('eb-filter-drill'), 'drill filter');
    await drillFilter.locator('.ant-select-item-option', { hasText: '只看演练' }).click();
    await op.waitForURL('**/emergency/broadcasts?drill=drill');
    await realRow.waitFor({ state: 'detached' });
    assert.equal(await op.getByTestId('eb-table').locator('tr[data-drill="false"]').count(), 0);
  });

  test('an author who may also approve is refused for a real send, and told why', async () => {
    // admin holds every permission: author and approve.
    const admin = await h.as('admin');
    // (No named functions inside evaluate: tsx would wrap them in a helper the page lacks.)
    const id = await admin.evaluate(async () => {
      const headers = { 'content-type': 'application/json' };
      const now = Date.now();
      const created = await fetch('/api/eb/broadcasts', {
        method: 'POST', headers,
        body: JSON.stringify({
          msgType: 1, eventType: '10201', severity: 2, title: '台风橙色预警（管理员自审）', text: '请做好台风防御。', areaCodes: ['440281102000'],
          startAt: new Date(now).toISOString(), endAt: new Date(now + 3600_000).toISOString(),
        }),
      });
      if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
      const b = (await created.json()) as { id: string };
      const submitted = await fetch(`/api/eb/broadcasts/${b.id}/submit`, { method: 'POST', headers, body: '{}' });
      if (!submitted.ok) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
      return b.id;
    });
    await admin.goto(`/emergency/broadcasts/${id}`);
    await statusIs(admin, '待审核');
    await admin.getByTestId('eb-own-real').waitFor();
    await openAction(admin, 'eb-approve');
    await admin.getByTestId('eb-confirm-own').waitFor();
    await confirmed(admin, /\/decision$/, 403);
    const refusal = admin.locator('[data-testid="eb-refusal"][data-code="EB_APPROVER_IS_AUTHOR"]');
    await refusal.filter({ hasText: '需要第二人审核' }).filter({ hasText: '制作人不能审核自己制作的广播' }).waitFor();
    await statusIs(admin, '待审核');
    await h.screenshot(admin, 'emergency-two-person');
  });

  test('a correction (更正): one action from the approved broadcast; approved, it replaces the original', async () => {
    const op = await h.as('eb_operator');
    // The original, authored and submitted through the API (the flow itself is tested above).
    const id = await op.evaluate(async () => {
      const headers = { 'content-type': 'application/json' };
      const now = Date.now();
      const created = await fetch('/api/eb/broadcasts', {
        method: 'POST', headers,
        body: JSON.stringify({
          msgType: 1, eventType: '10101', severity: 3, title: '武江洪水黄色预警', text: '北乡镇沿河群众做好转移准备。', areaCodes: ['440281102000'],
          startAt: new Date(now).toISOString(), endAt: new Date(now + 3600_000).toISOString(), audio: { kind: 'stream', url: 'http://127.0.0.1:8000/live.mp3' },
        }),
      });
      if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
      const b = (await created.json()) as { id: string };
      const submitted = await fetch(`/api/eb/broadcasts/${b.id}/submit`, { method: 'POST', headers, body: '{}' });
      if (!submitted.ok) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
      return b.id;
    });
    const ap = await h.as('eb_approver');
    await ap.goto(`/emergency/broadcasts/${id}`);
    await openAction(ap, 'eb-approve');
    await confirmed(ap, /\/decision$/, 200);
    await statusIs(ap, '已签发');
    const ebmid = (await ap.getByTestId('eb-ebmid').textContent())!;

    await op.goto(`/emergency/broadcasts/${id}`);
    await statusIs(op, '已签发');
    await clickToShow(op.getByTestId('eb-header').getByTestId('eb-correct'), op.getByTestId('eb-correct-title'), 'correction dialog');
    assert.equal(await op.getByTestId('eb-correct-title').inputValue(), '【更正】武江洪水黄色预警');
    await op.getByTestId('eb-correct-text').fill('【更正】北乡镇、九峰镇沿河群众立即转移。');
    await h.screenshot(op, 'emergency-correction-dialog');
    await submitted(op, () => op.getByTestId('eb-correct-ok').click(), /\/correction$/, 201);
    await op.waitForURL((url) => /\/emergency\/broadcasts\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(id));
    await statusIs(op, '草稿');
    await op.getByTestId('eb-correction-of').filter({ hasText: ebmid }).waitFor();
    await op.getByTestId('eb-text-view').filter({ hasText: '九峰镇沿河群众立即转移' }).waitFor();
    await openAction(op, 'eb-submit');
    await confirmed(op, /\/submit$/, 200);
    await statusIs(op, '待审核');
    const correctionUrl = op.url();

    await ap.goto(correctionUrl);
    await openAction(ap, 'eb-approve');
    await confirmed(ap, /\/decision$/, 200);
    await statusIs(ap, '已签发');
    const correctionEbmid = (await ap.getByTestId('eb-ebmid').textContent())!;
    // The original: stopped, and it links to its correction.
    await ap.getByTestId('eb-correction-of').getByRole('link').click();
    await statusIs(ap, '已取消');
    await ap.getByTestId('eb-corrected-by').filter({ hasText: correctionEbmid }).waitFor();
    await h.screenshot(ap, 'emergency-corrected');
  });

  test('signing keys: everyone with read sees them; only the engineer rotates', async () => {
    const op = await h.as('eb_operator');
    await op.goto('/emergency/keys');
    await op.getByTestId('eb-keys-table').getByTestId('eb-key-active').waitFor();
    assert.equal(await op.getByTestId('eb-keys-rotate').count(), 0);

    const eng = await h.as('engineer');
    await eng.getByTestId('main-nav').getByText('签名密钥', { exact: true }).click();
    await eng.waitForURL('**/emergency/keys');
    const rows = eng.getByTestId('eb-keys-table').locator('.ant-table-row');
    await rows.first().waitFor();
    const before = await rows.count();
    await clickToShow(eng.getByTestId('eb-keys-rotate'), eng.getByTestId('eb-keys-confirm'), 'rotate dialog');
    await h.screenshot(eng, 'emergency-keys-confirm');
    await submitted(eng, () => eng.getByTestId('eb-keys-confirm-ok').click(), /^\/api\/eb\/keys\/rotate$/, 200);
    await eng.getByText(/已启用新密钥，证书序列号 [0-9A-F]{12}/).waitFor();
    await rows.nth(before).waitFor();
    assert.equal(await eng.getByTestId('eb-key-active').count(), 1);
    await h.screenshot(eng, 'emergency-keys');
  });
});
