/**
 * Story plans, content safety and notifications in a real browser against a real
 * server with the demo center: 陈编辑 proposes a plan; 李主任 approves it and assigns
 * him; he finds the assignment under the bell and opens the plan from it; he writes a
 * manuscript for it whose body holds a "block" word (示例禁用词) and a typo (按装),
 * both highlighted in the editor and listed in the findings panel; the manuscript goes
 * through review, and at sign-off 王总编 is stopped (SAFETY_BLOCKED), overrides with a
 * reason (audited) and signs it off; then 王总编 adds a word to the safety rules and the
 * rules' version goes up. Screenshots: .tmp/plans-*.png, .tmp/safety-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, checkOn, clickToShow, manuscriptStatusIs as statusIs, openSelect, REVIEW, SAVE, setPressed, startHarness, submitted, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  await Promise.all(['editor', 'reviewer', 'leader', 'admin'].map((u) => h.as(u)));
});
after(async () => {
  await h?.close();
});

const PLAN_TITLE = '九峰镇脐橙丰收季系列报道';

describe('story plans, content safety, notifications', () => {
  test('propose → approve and assign → notified → write → highlighted findings → review → blocked sign-off overridden → rules edited', async () => {
    // 陈编辑 proposes a plan with a deadline tomorrow.
    const editor = await h.as('editor');
    await editor.getByTestId('main-nav').getByText('选题', { exact: true }).click();
    await editor.waitForURL('**/newsroom/plans');
    await editor.getByTestId('plan-column-proposed').getByTestId('plan-card').first().waitFor(); // the demo's
    const form = editor.locator('.ant-modal').filter({ hasText: '报选题' });
    await clickToShow(editor.getByTestId('new-plan'), form.getByTestId('plan-form-title'), 'plan form');
    await form.getByTestId('plan-form-title').fill(PLAN_TITLE);
    await form.getByTestId('plan-form-angle').fill('跟拍果农采摘、分拣、电商直播，讲好“乐昌脐橙”品牌故事');
    await checkOn(form.getByRole('checkbox', { name: '微信', exact: true }), '微信');
    await checkOn(form.getByRole('checkbox', { name: '抖音', exact: true }), '抖音');
    const tomorrow = new Date(Date.now() + 86400_000 + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai date
    const deadline = form.locator('#deadline');
    await deadline.click();
    await deadline.fill(`${tomorrow} 18:00`);
    await deadline.press('Enter');
    await h.screenshot(editor, 'plans-propose');
    await submitted(editor, () => form.getByTestId('plan-form-submit').click(), /^\/api\/plans$/, 201);
    await editor.getByText(`已报送选题：${PLAN_TITLE}`).waitFor();
    await editor.waitForURL(/\/newsroom\/plans\/[0-9a-f-]{36}/);
    const planId = new URL(editor.url()).pathname.split('/').pop()!;
    const drawer = editor.getByTestId('plan-drawer');
    await drawer.getByTestId('plan-status').filter({ hasText: '待审' }).waitFor();
    await drawer.getByText('微信').waitFor();
    assert.equal(await drawer.getByTestId('plan-decide-approve').count(), 0, 'an editor does not decide plans');
    await drawer.locator('.ant-drawer-close').click();
    const card = editor.getByTestId('plan-column-proposed').locator(`[data-plan-id="${planId}"]`);
    await card.waitFor();
    assert.match((await card.textContent()) ?? '', /客户端.*微信.*抖音.*报题：陈编辑/);
    await h.screenshot(editor, 'plans-board');

    // The calendar shows it on its deadline.
    await clickToShow(editor.getByTestId('plan-view').getByText('日历'), editor.getByTestId('plan-calendar'), 'calendar view');
    const onCalendar = editor.getByTestId('plan-calendar').locator(`[data-plan-id="${planId}"]`);
    await onCalendar.waitFor();
    await onCalendar.scrollIntoViewIfNeeded();
    await h.screenshot(editor, 'plans-calendar');
    await clickToShow(editor.getByTestId('plan-view').getByText('看板'), editor.getByTestId('plan-column-proposed'), 'board view');

    // 李主任 approves it and assigns 陈编辑 as reporter.
    const reviewer = await h.as('reviewer');
    await reviewer.goto('/newsroom/plans');
    await reviewer.getByTestId('plan-column-proposed').locator(`[data-plan-id="${planId}"]`).click();
    await reviewer.waitForURL(`**/newsroom/plans/${planId}`);
    const rDrawer = reviewer.getByTestId('plan-drawer');
    await clickToShow(rDrawer.getByTestId('plan-decide-approve'), reviewer.getByTestId('plan-decision-note'), 'decision dialog');
    await reviewer.getByTestId('plan-decision-note').fill('同意，注意采访安全');
    await submitted(reviewer, () => reviewer.getByTestId('plan-decision-submit').click(), /^\/api\/plans\/[^/]+\/decision$/, 200);
    await reviewer.getByText('选题已通过，可以指派人员了').waitFor();
    await rDrawer.getByTestId('plan-status').filter({ hasText: '已通过' }).waitFor();
    await rDrawer.getByTestId('plan-decision').filter({ hasText: '同意，注意采访安全' }).waitFor();
    await clickToShow(rDrawer.getByTestId('assign-add'), rDrawer.getByTestId('assign-person-0'), 'assignment row');
    const people = await openSelect(reviewer, rDrawer.getByTestId('assign-person-0'), 'person list');
    await people.locator('.ant-select-item-option', { hasText: '陈编辑' }).click();
    await submitted(reviewer, () => rDrawer.getByTestId('assign-save').click(), /^\/api\/plans\/[^/]+\/assignments$/, 200);
    await reviewer.getByText('已保存指派，新指派的人员会收到通知').waitFor();
    await h.screenshot(reviewer, 'plans-drawer-approved');
    await reviewer.getByTestId('plan-column-approved').locator(`[data-plan-id="${planId}"]`).getByTestId('plan-assignees').filter({ hasText: '陈编辑（记者）' }).waitFor();

    // 陈编辑 sees the assignment under the bell and opens the plan from it.
    for (let i = 0; i < 50; i++) {
      const r = await call<{ unread: number; items: { kind: string }[] }>(editor, 'GET', '/api/notifications?pageSize=10');
      if (r.data.items.some((n) => n.kind === 'plan.assigned')) break;
      await editor.waitForTimeout(200);
    }
    await editor.goto('/newsroom/manuscripts');
    const count = editor.getByTestId('notification-count').locator('.ant-badge-count');
    await count.waitFor();
    const unreadBefore = Number(await count.getAttribute('title'));
    assert.ok(unreadBefore >= 1);
    await clickToShow(editor.getByTestId('notification-bell'), editor.getByTestId('notification-dropdown'), 'notifications');
    const item = editor.getByTestId('notification-dropdown').getByTestId('notification-item').filter({ hasText: `您被指派了选题：${PLAN_TITLE}` });
    await item.waitFor();
    assert.equal(await item.getAttribute('data-read'), 'false');
    await h.screenshot(editor, 'plans-bell');
    await item.click();
    await editor.waitForURL(`**/newsroom/plans/${planId}`);
    const eDrawer = editor.getByTestId('plan-drawer');
    await eDrawer.getByTestId('plan-assigned-to-me').filter({ hasText: '记者' }).waitFor();
    // Read now: the count went down.
    if (unreadBefore === 1) await count.waitFor({ state: 'detached' });
    else await editor.getByTestId('notification-count').locator(`.ant-badge-count[title="${unreadBefore - 1}"]`).waitFor();

    // He writes a manuscript for the plan; the body holds a "block" word and a typo.
    const newModal = editor.locator('.ant-modal').filter({ hasText: '为选题写稿' });
    await clickToShow(eDrawer.getByTestId('plan-write'), newModal.getByTestId('new-manuscript-title'), 'new manuscript dialog');
    assert.equal(await newModal.getByTestId('new-manuscript-title').inputValue(), PLAN_TITLE);
    await submitted(editor, () => newModal.getByTestId('new-manuscript-submit').click(), /^\/api\/manuscripts$/, 201);
    await editor.waitForURL(/\/newsroom\/manuscripts\/[0-9a-f-]{36}$/);
    const manuscriptId = editor.url().split('/').pop()!;
    await editor.getByTestId('lock-held').waitFor();
    const body = editor.locator('.ProseMirror');
    await body.click();
    await editor.keyboard.type('九峰镇脐橙喜获丰收。');
    await editor.keyboard.press('Enter');
    await setPressed(editor.getByTestId('tool-bold'), true, 'bold');
    await editor.keyboard.type('果农');
    await setPressed(editor.getByTestId('tool-bold'), false, 'bold');
    await editor.keyboard.type('说，今年的示例禁用词不会出现在报道里。');
    await editor.keyboard.press('Enter');
    await editor.keyboard.type('合作社正在按装新的分拣线。');
    // Highlighted in the text: red for "block", orange for "review", after the pause in typing.
    const blockMark = body.locator('.safety-block[data-safety-word="示例禁用词"]');
    const typoMark = body.locator('.safety-review[data-safety-word="按装"]');
    await blockMark.waitFor();
    await typoMark.waitFor();
    assert.equal(await blockMark.textContent(), '示例禁用词');
    assert.equal(await typoMark.textContent(), '按装');
    assert.equal(await typoMark.getAttribute('title'), '提示 · 错别字「按装」；建议：安装');
    // …and in the findings panel.
    await editor.getByTestId('safety-alert').filter({ hasText: '1 处“禁止”级问题' }).waitFor();
    const panel = editor.getByTestId('safety-panel');
    await clickToShow(editor.getByTestId('safety-tab'), panel, 'safety tab');
    await panel.locator('[data-testid="safety-finding"][data-word="示例禁用词"][data-level="block"]').waitFor();
    await panel.locator('[data-testid="safety-finding"][data-word="按装"][data-level="review"]').getByTestId('safety-suggestion').filter({ hasText: '建议：安装' }).waitFor();
    await panel.getByTestId('safety-blocking').filter({ hasText: '禁止 1' }).waitFor();
    await h.screenshot(editor, 'safety-editor');
    // The title is checked too.
    await editor.getByTestId('field-title').fill(`震惊！${PLAN_TITLE}`);
    await editor.getByTestId('field-findings').getByText('提示 · 震惊').waitFor();
    await panel.locator('[data-testid="safety-finding"][data-word="震惊"][data-field="title"]').waitFor();
    await editor.getByTestId('field-title').fill(PLAN_TITLE);
    await editor.getByTestId('field-findings').waitFor({ state: 'detached' });
    // Decorations are not text: the saved HTML holds none of them.
    await submitted(editor, () => editor.getByTestId('manuscript-save').click(), SAVE, 200);
    await editor.getByText('已保存为第 2 版').waitFor();
    const saved = await call<{ content: { bodyHtml: string }; planId: string }>(editor, 'GET', `/api/manuscripts/${manuscriptId}`);
    assert.equal(saved.data.planId, planId);
    assert.equal(saved.data.content.bodyHtml, '<p>九峰镇脐橙喜获丰收。</p><p><strong>果农</strong>说，今年的示例禁用词不会出现在报道里。</p><p>合作社正在按装新的分拣线。</p>');
    await submitted(editor, () => editor.getByTestId('review-submit').click(), REVIEW, 200);
    await statusIs(editor, '审核中 · 初审');

    // 初审 (the administrator: the author may not pass his own work) and 复审 approve.
    const admin = await h.as('admin');
    await admin.goto(`/newsroom/manuscripts/${manuscriptId}`);
    await admin.getByTestId('lock-held').waitFor();
    await submitted(admin, () => admin.getByTestId('review-approve').click(), REVIEW, 200);
    await statusIs(admin, '审核中 · 复审');

    // 李主任 returns it once, with a reason; 陈编辑 revises it and submits again.
    await reviewer.goto(`/newsroom/manuscripts/${manuscriptId}`);
    await reviewer.getByTestId('lock-held').waitFor();
    await clickToShow(reviewer.getByTestId('review-return'), reviewer.getByTestId('reason-input'), 'return dialog');
    const returnReason = '请补充合作社负责人的说法。';
    await reviewer.getByTestId('reason-input').fill(returnReason);
    await submitted(reviewer, () => reviewer.getByTestId('reason-submit').click(), REVIEW, 200);
    await statusIs(reviewer, '退回');
    await editor.goto(`/newsroom/manuscripts/${manuscriptId}`);
    await editor.getByTestId('verdict-banner').filter({ hasText: returnReason }).waitFor();
    await editor.getByTestId('lock-held').waitFor();
    await editor.locator('.ProseMirror').click();
    await editor.keyboard.press('Control+End');
    await editor.keyboard.type('合作社负责人说，分拣线下月投产。');
    await submitted(editor, () => editor.getByTestId('manuscript-save').click(), SAVE, 200);
    await editor.getByText(/已保存为第 \d+ 版/).waitFor();
    await submitted(editor, () => editor.getByTestId('review-submit').click(), REVIEW, 200);
    await statusIs(editor, '审核中 · 初审');
    await admin.goto(`/newsroom/manuscripts/${manuscriptId}`);
    await admin.getByTestId('lock-held').waitFor();
    await submitted(admin, () => admin.getByTestId('review-approve').click(), REVIEW, 200);
    await statusIs(admin, '审核中 · 复审');

    await reviewer.goto(`/newsroom/manuscripts/${manuscriptId}`);
    await reviewer.getByTestId('lock-held').waitFor();
    // The reviewer sees the marks too.
    await reviewer.locator('.ProseMirror .safety-block[data-safety-word="示例禁用词"]').waitFor();
    await submitted(reviewer, () => reviewer.getByTestId('review-approve').click(), REVIEW, 200);
    await statusIs(reviewer, '审核中 · 终审');

    // 王总编 signs off: stopped by the "block" word, overrides with a reason.
    const leader = await h.as('leader');
    await leader.goto(`/newsroom/manuscripts/${manuscriptId}`);
    await leader.getByTestId('lock-held').waitFor();
    await clickToShow(leader.getByTestId('review-approve'), leader.getByTestId('sign-off-confirm'), 'sign-off dialog');
    await submitted(leader, () => leader.getByTestId('sign-off-confirm').click(), REVIEW, 409);
    const blocked = leader.getByTestId('safety-blocked');
    await blocked.locator('[data-testid="blocked-finding"][data-word="示例禁用词"]').waitFor();
    await statusIs(leader, '审核中 · 终审');
    await blocked.getByTestId('override-submit').click();
    await blocked.locator('.ant-form-item-explain-error', { hasText: '请填写强制签发的理由' }).waitFor();
    const reason = '“示例禁用词”为演示用词，此处是引用说明，经总编辑确认可以签发。';
    await blocked.getByTestId('override-reason').fill(reason);
    await h.screenshot(leader, 'safety-blocked');
    await submitted(leader, () => blocked.getByTestId('override-submit').click(), REVIEW, 200);
    await leader.getByText('已强制签发（已记入审计日志）').waitFor();
    await statusIs(leader, '已签发');
    const audit = await call<{ items: { detail: { reason: string } }[] }>(admin, 'GET', '/api/audit?action=newsroom.safety.override');
    assert.equal(audit.data.items[0]?.detail.reason, reason);
    await h.screenshot(leader, 'safety-signed-off');
    // The whole life of the story, plan to sign-off, on its timeline.
    await leader.reload();
    const steps = leader.getByTestId('timeline').getByTestId('timeline-item');
    await steps.last().waitFor();
    const actions = await steps.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    assert.deepEqual(actions.filter((a) => a !== 'save'), ['create', 'submit', 'approve', 'return', 'submit', 'approve', 'approve', 'sign_off']);

    // The plan counts its manuscript.
    await editor.goto(`/newsroom/plans/${planId}`);
    await editor.getByTestId('plan-drawer').getByTestId('plan-manuscript-count').filter({ hasText: '1 篇稿件' }).waitFor();

    // 王总编 adds a word to the rules: a new version.
    await leader.getByTestId('main-nav').getByText('敏感词库', { exact: true }).click();
    await leader.waitForURL('**/newsroom/safety');
    const version = leader.getByTestId('rules-version');
    await version.waitFor();
    const before = Number(await version.getAttribute('data-version'));
    assert.ok(before >= 1);
    await leader.getByTestId('words-table').getByText('示例禁用词').waitFor();
    await leader.getByTestId('word-input').fill('测试新增词');
    await leader.getByTestId('word-add').click();
    await leader.getByTestId('rules-dirty').waitFor();
    await leader.getByTestId('words-table').getByText('测试新增词').waitFor();
    await clickToShow(leader.getByTestId('rules-save'), leader.getByTestId('rules-save-note'), 'save rules dialog');
    await leader.getByTestId('rules-save-note').fill('增加测试词');
    await h.screenshot(leader, 'safety-rules-save');
    await submitted(leader, () => leader.getByTestId('rules-save-confirm').click(), /^\/api\/safety\/rules$/, 200);
    await leader.getByText(`已保存为第 ${before + 1} 版`).waitFor();
    await leader.locator(`[data-testid="rules-version"][data-version="${before + 1}"]`).waitFor();
    await leader.getByTestId('rules-dirty').waitFor({ state: 'detached' });
    const rules = await call<{ version: number; document: { words: { word: string; level: string }[] } }>(leader, 'GET', '/api/safety/rules');
    assert.equal(rules.data.version, before + 1);
    assert.deepEqual(rules.data.document.words.find((w) => w.word === '测试新增词'), { word: '测试新增词', level: 'block' });
    await h.screenshot(leader, 'safety-rules');

    // An editor may read the rules but not change them.
    await editor.goto('/newsroom/safety');
    await editor.locator(`[data-testid="rules-version"][data-version="${before + 1}"]`).waitFor();
    assert.equal(await editor.getByTestId('rules-save').count(), 0);
    assert.equal(await editor.getByTestId('word-add').count(), 0);
  });
});
