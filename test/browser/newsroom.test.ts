/**
 * The newsroom (策采编审) in a real browser against a real server with the demo center:
 * a column, a manuscript written by a town correspondent in the TipTap editor and taken
 * through the three-level review (三审) by three people, with a return and its reason on
 * the way, the timeline of every step, a version diff; and stored XSS attempts (a pasted
 * body with an event handler, a script title) that stay inert after save and reload.
 * Screenshots: .tmp/newsroom-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { clickToShow, manuscriptStatusIs as statusIs, openSelect, REVIEW, SAVE, selectTab, setPressed, startHarness, submitted, TAKEOVER, type Harness } from './harness.ts';

let h: Harness;
/** One logged-in page per demo user, shared by the tests (logging in costs seconds); each test goes where it needs. */
before(async () => {
  h = await startHarness();
  // Log the four people in at once: each login is a password hash check and a first page load.
  await Promise.all(['leader', 'town_staff', 'reviewer', 'editor'].map((u) => h.as(u)));
});
after(async () => {
  await h?.close();
});


/** The manuscript editor has loaded and holds the edit lock. */
async function editing(page: Page): Promise<void> {
  await page.getByTestId('lock-held').waitFor();
}

describe('newsroom', () => {
  test('three-level review: written, submitted, approved, returned with a reason, revised, approved twice, signed off', async () => {
    // 王总编 (leader) adds a column with three review levels.
    const leader = await h.as('leader');
    const nav = leader.getByTestId('main-nav');
    await nav.getByText('栏目', { exact: true }).click();
    await leader.waitForURL('**/newsroom/columns');
    const columnModal = leader.locator('.ant-modal').filter({ hasText: '新建栏目' });
    await clickToShow(leader.getByTestId('new-column'), columnModal.locator('#code'), 'column form');
    await columnModal.locator('#code').fill('town_news');
    await columnModal.locator('#name').fill('乡镇动态');
    await submitted(leader, () => columnModal.getByTestId('column-submit').click(), /^\/api\/columns$/, 201);
    await leader.getByText('已创建栏目 乡镇动态').waitFor();
    await leader.getByTestId('columns-table').locator('.ant-table-row', { hasText: 'town_news' }).getByText('终审').waitFor();
    await h.screenshot(leader, 'newsroom-columns');

    // The town correspondent writes an article in that column.
    const town = await h.as('town_staff');
    const townNav = town.getByTestId('main-nav');
    assert.equal(await townNav.getByText('审核队列', { exact: true }).count(), 0, 'no review levels: no review queues');
    await townNav.getByText('稿件', { exact: true }).click();
    await town.waitForURL('**/newsroom/manuscripts');
    const newModal = town.locator('.ant-modal').filter({ hasText: '新建稿件' });
    await clickToShow(town.getByTestId('new-manuscript'), newModal.getByTestId('new-manuscript-title'), 'new manuscript dialog');
    const columns = await openSelect(town, newModal.getByTestId('new-manuscript-column'), 'column list');
    await columns.locator('.ant-select-item-option', { hasText: '乡镇动态' }).click();
    await newModal.getByTestId('new-manuscript-title').fill('乐城街道开展防汛应急演练');
    await newModal.getByTestId('new-manuscript-submit').click();
    await town.waitForURL(/\/newsroom\/manuscripts\/[0-9a-f-]{36}$/);
    const id = town.url().split('/').pop()!;
    await editing(town);
    await statusIs(town, '草稿');

    const body = town.locator('.ProseMirror');
    await body.click();
    await setPressed(town.getByTestId('tool-h2'), true, 'heading 2');
    await town.keyboard.type('演练现场');
    await town.keyboard.press('Enter');
    await town.keyboard.type('6月12日上午，乐城街道组织干部群众200余人开展防汛应急演练。');
    await setPressed(town.getByTestId('tool-bold'), true, 'bold');
    await town.keyboard.type('转移群众');
    await setPressed(town.getByTestId('tool-bold'), false, 'bold');
    await town.keyboard.type('用时18分钟。');
    await town.getByTestId('field-authorByline').fill('通讯员 李华');
    await town.getByTestId('dirty').waitFor();
    await town.getByTestId('review-submit').isDisabled().then((d) => assert.ok(d, 'no submitting unsaved text'));
    await submitted(town, () => town.getByTestId('manuscript-save').click(), SAVE, 200);
    await town.getByText('已保存为第 2 版').waitFor();
    const saved = await town.evaluate(async (mid) => (await (await fetch(`/api/manuscripts/${mid}`)).json()) as { content: { bodyHtml: string } }, id);
    assert.match(saved.content.bodyHtml, /<h2>演练现场<\/h2><p>6月12日上午，.*<strong>转移群众<\/strong>用时18分钟。<\/p>/);
    await h.screenshot(town, 'newsroom-editor');
    await submitted(town, () => town.getByTestId('review-submit').click(), REVIEW, 200);
    await town.getByText('已提交审核，等待初审').waitFor();
    await statusIs(town, '审核中 · 初审');
    await town.getByTestId('read-only-reason').filter({ hasText: '审核期间作者不能修改' }).waitFor();

    // 李主任 (复审, level 2) may read it but not act at level 1.
    const reviewer = await h.as('reviewer');
    await reviewer.goto(`/newsroom/manuscripts/${id}`);
    await statusIs(reviewer, '审核中 · 初审');
    await reviewer.getByTestId('read-only-reason').filter({ hasText: '您不持有初审权限' }).waitFor();
    assert.equal(await reviewer.getByTestId('review-approve').count(), 0);
    assert.equal(await reviewer.getByTestId('review-return').count(), 0);
    assert.equal(await reviewer.getByTestId('manuscript-save').count(), 0);

    // 陈编辑 (初审) finds it in the level-1 queue and approves.
    const editor = await h.as('editor');
    await editor.getByTestId('main-nav').getByText('审核队列', { exact: true }).click();
    await editor.waitForURL('**/newsroom/review?level=1');
    // The demo center may have others waiting too: at least ours.
    assert.ok(Number(await editor.getByTestId('queue-1').locator('.ant-statistic-content-value').textContent()) >= 1);
    const queued = editor.getByTestId('queue-table').locator('.ant-table-row', { hasText: '乐城街道开展防汛应急演练' });
    await queued.waitFor();
    await h.screenshot(editor, 'newsroom-queue');
    await queued.getByTestId('queue-open').click();
    await editing(editor);
    await submitted(editor, () => editor.getByTestId('review-approve').filter({ hasText: /^通\s?过$/ }).click(), REVIEW, 200);
    await editor.getByText('已通过初审').waitFor();
    await statusIs(editor, '审核中 · 复审');

    // 李主任 returns it: a reason is required.
    await reviewer.reload();
    await statusIs(reviewer, '审核中 · 复审');
    await editing(reviewer);
    await clickToShow(reviewer.getByTestId('review-return'), reviewer.getByTestId('reason-input'), 'return dialog');
    await reviewer.getByTestId('reason-submit').click();
    await reviewer.locator('.ant-form-item-explain-error', { hasText: '请填写理由' }).waitFor();
    const reason = '第二段的人数请核实，并注明数据来源。';
    await reviewer.getByTestId('reason-input').fill(reason);
    await h.screenshot(reviewer, 'newsroom-return');
    await submitted(reviewer, () => reviewer.getByTestId('reason-submit').click(), REVIEW, 200);
    await reviewer.getByText('已退回作者').waitFor();
    await statusIs(reviewer, '退回');

    // The correspondent reads the reason, revises and resubmits.
    await town.reload();
    await statusIs(town, '退回');
    await town.getByTestId('verdict-banner').filter({ hasText: reason }).waitFor();
    await town.getByTestId('timeline').locator('[data-action="return"]').getByTestId('timeline-reason').filter({ hasText: reason }).waitFor();
    await editing(town);
    await h.screenshot(town, 'newsroom-returned');
    await body.click();
    await town.keyboard.press('Control+End');
    await town.keyboard.type('（数据来源：乐昌市应急管理局）');
    await submitted(town, () => town.getByTestId('manuscript-save').click(), SAVE, 200);
    await town.getByText('已保存为第 3 版').waitFor();

    // What changed between versions 2 and 3.
    await selectTab(town, '版本');
    await town.getByTestId('version-3').waitFor();
    await town.getByTestId('version-2').locator('.ant-checkbox-input').check();
    await town.getByTestId('version-3').locator('.ant-checkbox-input').check();
    await clickToShow(town.getByTestId('versions-compare'), town.getByTestId('diff-view'), 'version diff');
    await town.getByTestId('diff-view').getByTestId('diff-add').filter({ hasText: '数据来源：乐昌市应急管理局' }).waitFor();
    await h.screenshot(town, 'newsroom-diff');
    await town.locator('.ant-modal-close').click();
    await selectTab(town, '审核流程');

    await submitted(town, () => town.getByTestId('review-submit').click(), REVIEW, 200);
    await statusIs(town, '审核中 · 初审');

    // 初审 and 复审 approve version 3; 王总编 signs it off.
    await editor.reload();
    await editing(editor);
    await submitted(editor, () => editor.getByTestId('review-approve').click(), REVIEW, 200);
    await statusIs(editor, '审核中 · 复审');

    await reviewer.reload();
    await editing(reviewer);
    await submitted(reviewer, () => reviewer.getByTestId('review-approve').click(), REVIEW, 200);
    await statusIs(reviewer, '审核中 · 终审');

    await leader.goto(`/newsroom/manuscripts/${id}`);
    await editing(leader);
    const signOff = leader.getByTestId('review-approve');
    assert.match((await signOff.textContent()) ?? '', /^签\s?发$/);
    await clickToShow(signOff, leader.getByTestId('sign-off-confirm'), 'sign-off dialog');
    await leader.locator('.ant-modal-confirm-title', { hasText: '签发稿件？' }).waitFor();
    await submitted(leader, () => leader.getByTestId('sign-off-confirm').click(), REVIEW, 200);
    await leader.getByText('已签发', { exact: true }).first().waitFor();
    await statusIs(leader, '已签发');
    await leader.getByTestId('read-only-reason').filter({ hasText: '稿件已签发，不能直接修改' }).waitFor();
    assert.equal(await leader.getByTestId('manuscript-save').count(), 0);
    assert.equal(await leader.locator('.ProseMirror[contenteditable="true"]').count(), 0);

    // The timeline shows every step, in order, with its level.
    const steps = leader.getByTestId('timeline').getByTestId('timeline-item');
    await steps.nth(9).waitFor();
    const actions = await steps.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    assert.deepEqual(actions, ['create', 'save', 'submit', 'approve', 'return', 'save', 'submit', 'approve', 'approve', 'sign_off']);
    const texts = await steps.allTextContents();
    assert.match(texts[3]!, /通过初审.*陈编辑/);
    assert.match(texts[4]!, /退回复审.*李主任.*第二段的人数请核实/);
    assert.match(texts[9]!, /签发终审.*王总编/);
    await h.screenshot(leader, 'newsroom-signed-off');

    // The list shows it signed off, with its column.
    await leader.getByTestId('main-nav').getByText('稿件', { exact: true }).click();
    const row = leader.getByTestId('manuscripts-table').locator('.ant-table-row', { hasText: '乐城街道开展防汛应急演练' });
    await row.getByText('已签发').waitFor();
    await row.getByText('乡镇动态').waitFor();
    await h.screenshot(leader, 'newsroom-list');

  });

  test('edit lock: a second editor sees who holds it and takes over; the first is refused, then reloads after a conflict', async () => {
    const town = await h.as('town_staff');
    const id = await town.evaluate(async () => {
      const r = await fetch('/api/manuscripts', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'article', content: { title: '坪石镇稻田开镰', bodyHtml: '<p>金秋时节。</p>' } }),
      });
      return ((await r.json()) as { id: string }).id;
    });
    await town.goto(`/newsroom/manuscripts/${id}`);
    await editing(town);

    // 陈编辑 opens the same draft: read-only, with who holds it and a take-over button.
    const editor = await h.as('editor');
    await editor.goto(`/newsroom/manuscripts/${id}`);
    await editor.getByTestId('locked-alert').filter({ hasText: '乐城街道通讯员 正在编辑此稿件' }).waitFor();
    assert.equal(await editor.getByTestId('manuscript-save').count(), 0);
    await clickToShow(editor.getByTestId('takeover'), editor.getByTestId('takeover-confirm'), 'take-over dialog');
    await editor.locator('.ant-modal-confirm').filter({ hasText: '乐城街道通讯员 将收到通知' }).waitFor();
    await h.screenshot(editor, 'newsroom-takeover');
    await submitted(editor, () => editor.getByTestId('takeover-confirm').click(), TAKEOVER, 200);
    await editor.getByText('已接管编辑').waitFor();
    await editing(editor);
    await editor.locator('.ProseMirror').click();
    await editor.keyboard.press('Control+End');
    await editor.keyboard.type('稻谷飘香。');
    await submitted(editor, () => editor.getByTestId('manuscript-save').click(), SAVE, 200);
    await editor.getByText('已保存为第 2 版').waitFor();

    // The correspondent's save is refused: the lock is 陈编辑's now.
    await town.locator('.ProseMirror').click();
    await town.keyboard.press('Control+End');
    await town.keyboard.type('农民喜笑颜开。');
    await submitted(town, () => town.getByTestId('manuscript-save').click(), SAVE, 409);
    await town.getByTestId('locked-alert').filter({ hasText: '陈编辑 正在编辑此稿件' }).waitFor();
    await town.getByText('陈编辑 接管了此稿件的编辑').waitFor();
    assert.equal(await town.locator('.ProseMirror[contenteditable="true"]').count(), 0);

    // Taking it back, the correspondent is offered the newer version (陈编辑 saved meanwhile).
    await clickToShow(town.getByTestId('takeover'), town.getByTestId('takeover-confirm'), 'take-over dialog');
    await submitted(town, () => town.getByTestId('takeover-confirm').click(), TAKEOVER, 200);
    const conflict = town.locator('.ant-modal-confirm').filter({ hasText: '稿件已被修改' });
    await conflict.getByRole('button', { name: /^取\s?消$/ }).click();
    await conflict.waitFor({ state: 'detached' });
    // Saving on the old version anyway: the server refuses (409), and the reload is offered again.
    await submitted(town, () => town.getByTestId('manuscript-save').click(), SAVE, 409);
    await conflict.waitFor();
    await h.screenshot(town, 'newsroom-conflict');
    await conflict.getByRole('button', { name: '重新加载' }).click();
    await town.locator('.ProseMirror').getByText('金秋时节。稻谷飘香。').waitFor();
    await statusIs(town, '草稿');
    assert.equal(await town.getByTestId('review-bar').getByText('第 2 版').count(), 1);
    await editing(town);

  });

  test('XSS: a pasted body with an event handler and a script title stay inert after save and reload', async () => {
    const page = await h.as('town_staff');
    await page.goto('/newsroom/manuscripts');
    const scriptTitle = '<script>window.__xss=2</script>';
    await clickToShow(page.getByTestId('new-manuscript'), page.getByTestId('new-manuscript-title'), 'new manuscript dialog');
    await page.getByTestId('new-manuscript-title').fill(scriptTitle);
    await submitted(page, () => page.getByTestId('new-manuscript-submit').click(), /^\/api\/manuscripts$/, 201);
    await page.waitForURL(/\/newsroom\/manuscripts\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await editing(page);

    // Paste HTML with an onerror handler into the body, as from a web page.
    await page.locator('.ProseMirror').click();
    await page.locator('.ProseMirror').evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/html', '<p>粘贴的内容</p><img src=x onerror="window.__xss=1"><p><a href="javascript:window.__xss=3">链接</a></p>');
      data.setData('text/plain', '粘贴的内容');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.locator('.ProseMirror').getByText('粘贴的内容').waitFor();
    await submitted(page, () => page.getByTestId('manuscript-save').click(), SAVE, 200);
    await page.getByText('已保存为第 2 版').waitFor();
    await page.waitForTimeout(300); // give any broken image time to fire
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    const pasted = await page.evaluate(async (mid) => (await (await fetch(`/api/manuscripts/${mid}`)).json()) as { content: { bodyHtml: string } }, id);
    assert.match(pasted.content.bodyHtml, /<p>粘贴的内容<\/p>/);
    assert.doesNotMatch(pasted.content.bodyHtml, /onerror|javascript:/i);

    // A body stored through the API, bypassing the editor, is cleaned by the server too.
    const status = await page.evaluate(async (mid) => {
      const r = await fetch(`/api/manuscripts/${mid}/content`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          baseVersion: 2,
          content: { title: '<script>window.__xss=2</script>', bodyHtml: '<p>直接提交</p><img src=x onerror="window.__xss=4"><script>window.__xss=5</script><svg onload="window.__xss=6"></svg>' },
        }),
      });
      return r.status;
    }, id);
    assert.equal(status, 200);

    await page.reload();
    await editing(page);
    await page.locator('.ProseMirror').getByText('直接提交').waitFor();
    await page.getByRole('heading', { name: scriptTitle }).waitFor(); // the title, as text
    assert.equal(await page.getByTestId('field-title').inputValue(), scriptTitle);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await page.locator('[onerror], [onload], script:not([src])').count(), 0);
    const stored = await page.evaluate(async (mid) => (await (await fetch(`/api/manuscripts/${mid}`)).json()) as { content: { bodyHtml: string } }, id);
    assert.doesNotMatch(stored.content.bodyHtml, /onerror|onload|<script|javascript:/i);

    // Version 2 (the pasted body) in the diff, and the list: text, never markup.
    await page.goto('/newsroom/manuscripts');
    await page.getByTestId('manuscripts-table').getByText(scriptTitle).waitFor();
    await h.screenshot(page, 'newsroom-xss');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  });

  test('media and link: a cover image and an attachment from the media library, an H5 page address checked like the server', async () => {
    // An image in the library, uploaded through the API as the correspondent (who sees only their own uploads).
    const token = await h.token('town_staff');
    const png = await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 30, g: 120, b: 200 } } }).png().toBuffer();
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), '乐城防汛封面.png');
    const upload = await fetch(`${h.url}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    assert.equal(upload.status, 201);
    const media = (await upload.json()) as { id: string; name: string };

    const page = await h.as('town_staff');
    await page.goto('/newsroom/manuscripts');
    const newModal = page.locator('.ant-modal').filter({ hasText: '新建稿件' });
    await clickToShow(page.getByTestId('new-manuscript'), newModal.getByTestId('new-manuscript-title'), 'new manuscript dialog');
    const kinds = await openSelect(page, newModal.getByTestId('new-manuscript-kind'), 'kind list');
    await kinds.locator('.ant-select-item-option', { hasText: /^H5$/ }).click();
    await newModal.getByTestId('new-manuscript-title').fill('防汛知识 H5 专题');
    await submitted(page, () => newModal.getByTestId('new-manuscript-submit').click(), /^\/api\/manuscripts$/, 201);
    await page.waitForURL(/\/newsroom\/manuscripts\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await editing(page);

    // 封面图: chosen from the library's images, shown as its thumbnail.
    const picker = page.locator('.ant-modal').filter({ hasText: '选择封面图' });
    await clickToShow(page.getByTestId('cover-pick'), picker, 'cover picker');
    await picker.locator(`[data-testid="media-pick-item"][data-name="${media.name}"]`).click();
    await page.getByTestId('cover-thumb').waitFor();
    assert.match((await page.getByTestId('cover-thumb').getAttribute('src')) ?? '', new RegExp(`/api/media/${media.id}/thumb\\?size=thumb$`));
    await page.getByTestId('dirty').waitFor();

    // 附件: any kind, stored with the file's name.
    const attachments = page.locator('.ant-modal').filter({ hasText: '从媒体库添加附件' });
    await clickToShow(page.getByTestId('attachment-add'), attachments, 'attachment picker');
    await attachments.locator(`[data-testid="media-pick-item"][data-name="${media.name}"]`).click();
    await page.getByTestId('attachment-name').filter({ hasText: media.name }).waitFor();

    // H5 页面地址: refused before sending when it is not an http(s) address.
    await page.getByTestId('field-linkUrl').fill('javascript:alert(1)');
    await page.getByTestId('manuscript-save').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '请输入以 http:// 或 https:// 开头的地址' }).waitFor();
    await page.getByTestId('field-linkUrl').fill('https://h5.lechang.gov.cn/flood/2026');
    await submitted(page, () => page.getByTestId('manuscript-save').click(), SAVE, 200);
    await page.getByText('已保存为第 2 版').waitFor();
    const saved = await page.evaluate(async (mid) => (await (await fetch(`/api/manuscripts/${mid}`)).json()) as { content: { coverMediaId: string | null; attachments: { mediaId: string; name: string }[]; linkUrl: string } }, id);
    assert.equal(saved.content.coverMediaId, media.id);
    assert.deepEqual(saved.content.attachments, [{ mediaId: media.id, name: media.name }]);
    assert.equal(saved.content.linkUrl, 'https://h5.lechang.gov.cn/flood/2026');

    // After a reload the cover is still there; cleared, it is saved as none.
    await page.reload();
    await editing(page);
    await page.getByTestId('cover-thumb').waitFor();
    assert.equal(await page.getByTestId('field-linkUrl').inputValue(), 'https://h5.lechang.gov.cn/flood/2026');
    await h.screenshot(page, 'newsroom-media-fields');
    await page.getByTestId('cover-clear').click();
    await submitted(page, () => page.getByTestId('manuscript-save').click(), SAVE, 200);
    await page.getByText('已保存为第 3 版').waitFor();
    const cleared = await page.evaluate(async (mid) => (await (await fetch(`/api/manuscripts/${mid}`)).json()) as { content: { coverMediaId: string | null; attachments: unknown[] } }, id);
    assert.equal(cleared.content.coverMediaId, null);
    assert.equal(cleared.content.attachments.length, 1);
  });
});
