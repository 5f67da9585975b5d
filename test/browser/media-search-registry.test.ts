/**
 * The media library, manuscript search and the emergency-broadcast resource registry in a
 * real browser against a real server with the demo center: an editor uploads a PNG with a
 * Chinese name (thumbnail, details) and is refused a text file named .jpg in Chinese; a
 * full-text search shows highlighted snippets; the engineer opens the registry, expands
 * 乐昌市 to its towns with terminal counts and narrows the table to one town.
 * Screenshots: .tmp/media-*.png, .tmp/search-*.png, .tmp/registry-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { clickToShow, clickUntil, openSelect, startHarness, submitted, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  await Promise.all(['editor', 'engineer'].map((u) => h.as(u)));
});
after(async () => {
  await h?.close();
});

describe('media library, search, registry', () => {
  test('editor uploads a PNG with a Chinese name, sees its thumbnail and details; a text file named .jpg is refused in Chinese', async () => {
    const page = await h.as('editor');
    await page.getByTestId('main-nav').getByText('媒体库', { exact: true }).click();
    await page.waitForURL('**/newsroom/media');

    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 40 } } }).png().toBuffer();
    const name = '乐昌防汛演练现场.png';
    await page.getByTestId('media-upload-tags').click();
    await page.keyboard.type('防汛');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    const input = page.getByTestId('media-upload-card').locator('input[type=file]');
    await input.setInputFiles({ name, mimeType: 'image/png', buffer: png });
    await page.getByText(`已上传 ${name}`).waitFor();

    const card = page.getByTestId('media-card').filter({ hasText: name });
    const thumb = card.getByTestId('media-thumb');
    await thumb.waitFor();
    await page.waitForFunction((el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0, await thumb.elementHandle());
    await h.screenshot(page, 'media-grid');

    const drawer = page.getByTestId('media-drawer');
    await clickToShow(card, drawer, 'media details');
    const details = drawer.getByTestId('media-details');
    await details.getByText('64 × 48').waitFor();
    const text = await details.innerText();
    assert.match(text, /PNG/);
    assert.match(text, /陈编辑/, 'the uploader is named');
    await drawer.getByTestId('media-usage').getByText('没有稿件使用此文件').waitFor();
    assert.equal(await drawer.locator('.ant-select-selection-item', { hasText: '防汛' }).count(), 1, 'the upload tag is on the file');
    await h.screenshot(page, 'media-detail');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await input.setInputFiles({ name: '假图片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是一张图片，只是一段文字。\n', 'utf8') });
    const errors = page.getByTestId('media-upload-errors');
    await errors.getByText(/假图片\.jpg 上传失败：文件扩展名与实际内容不符/).waitFor();
    await h.screenshot(page, 'media-refused');
  });

  test('search from the manuscripts list shows highlighted snippets', async () => {
    const page = await h.as('editor');
    await page.goto('/newsroom/manuscripts');
    const box = page.getByTestId('manuscripts-fulltext').locator('input');
    await box.fill('应急广播');
    await box.press('Enter');
    await page.waitForURL(/\/newsroom\/search\?q=/);
    const hit = page.getByTestId('search-hit').first();
    await hit.waitFor();
    await page.getByTestId('search-hint').getByText(/双引号/).waitFor();
    const marks = await page.getByTestId('search-results').locator('mark').allInnerTexts();
    assert.ok(marks.length > 0, 'highlights are drawn');
    assert.ok(marks.some((m) => /应急|广播/.test(m)), `the marks hold the query: ${marks.join(',')}`);
    assert.ok((await page.getByTestId('search-snippet').locator('mark').count()) > 0, 'the snippet has a highlight');
    await h.screenshot(page, 'search-results');

    await page.getByTestId('search-input').locator('input').fill('完全不可能出现的词语组合xyz');
    await page.getByTestId('search-input').locator('input').press('Enter');
    await page.getByText('没有找到匹配的稿件').waitFor();
  });

  test('engineer expands 乐昌市 in the registry and narrows the table to one town', async () => {
    const page = await h.as('engineer');
    await page.getByTestId('main-nav').getByText('终端资源', { exact: true }).click().catch(async () => {
      await page.getByTestId('main-nav').getByText('应急广播', { exact: true }).click();
      await page.getByTestId('main-nav').getByText('终端资源', { exact: true }).click();
    });
    await page.waitForURL('**/emergency/registry');
    const table = page.getByTestId('registry-table');
    const total = async () => Number((await table.locator('.ant-pagination-total-text').innerText()).replace(/\D/g, ''));
    await table.locator('.ant-pagination-total-text').waitFor().catch(async (err: unknown) => {
      await h.screenshot(page, 'registry-failed');
      throw err;
    });
    const all = await total();

    const tree = page.getByTestId('registry-tree');
    const county = tree.locator('.ant-tree-treenode', { hasText: '乐昌市' }).first();
    await county.waitFor();
    const towns = tree.getByTestId('area-node').filter({ hasText: '镇' });
    // The switcher folds as well as unfolds: click it only while the towns are not shown.
    await clickUntil('乐昌市 unfolded', () => county.locator('.ant-tree-switcher').click(), () => towns.first().isVisible());
    assert.ok((await towns.count()) >= 10, 'the towns are listed');
    const town = towns.filter({ hasText: '坪石镇' }).first();
    const counts = town.getByTestId('area-counts');
    const townTotal = Number((await counts.locator('.ant-tag').first().innerText()).trim());
    assert.ok(townTotal > 0 && townTotal < 1582, `坪石镇 has some terminals: ${townTotal}`);
    assert.ok((await counts.locator('[data-testid^=count-]').count()) > 0, 'status counts are shown');
    await h.screenshot(page, 'registry-tree');

    // A tree node selected is unselected by a second click: click only while the town is not shown.
    await clickUntil('坪石镇 selected', () => town.click(), () => page.getByText('坪石镇 的资源').isVisible());
    await page.waitForFunction(
      ([sel, before]) => {
        const el = document.querySelector(sel);
        return el ? Number(el.textContent?.replace(/\D/g, '')) !== before : false;
      },
      ['[data-testid=registry-table] .ant-pagination-total-text', all] as const,
    );
    const inTown = await total();
    assert.ok(inTown > 0 && inTown < all, `the table narrows to the town: ${inTown} of ${all}`);
    const areas = await table.locator('.ant-table-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    assert.ok(areas.length > 0);
    const kinds = await openSelect(page, page.getByTestId('registry-kind'), 'kind list');
    await kinds.locator('.ant-select-item-option', { hasText: '终端' }).first().click();
    await page.waitForFunction(
      ([sel, n]) => {
        const el = document.querySelector(sel);
        return el ? Number(el.textContent?.replace(/\D/g, '')) === n : false;
      },
      ['[data-testid=registry-table] .ant-pagination-total-text', townTotal] as const,
    );
    await h.screenshot(page, 'registry-town');

    // The import: the town's own export checks clean (nothing to change); a broken row is listed by row and field.
    const exported = await page.request.get(`/api/eb/resources.csv?area=${await town.getAttribute('data-code')}`);
    assert.equal(exported.status(), 200);
    const csv = (await exported.text()).replace(/^\uFEFF/, '');
    const dialog = page.getByTestId('registry-import');
    const text = dialog.getByTestId('registry-import-text');
    await clickToShow(page.getByTestId('registry-import-open'), text, 'import dialog');
    await text.fill(csv);
    await submitted(page, () => dialog.getByTestId('registry-import-check').click(), /^\/api\/eb\/resources\/import$/, 200);
    await dialog.getByTestId('registry-import-result').getByText('检查通过').waitFor();
    assert.ok(await dialog.getByTestId('registry-import-run').isEnabled(), 'a clean check allows the import');
    const lines = csv.split(/\r?\n/);
    lines[1] = lines[1]!.replace(/^"?\d{23}"?/, '12345');
    await text.fill(lines.join('\r\n'));
    assert.ok(await dialog.getByTestId('registry-import-run').isDisabled(), 'changed text must be checked again');
    await submitted(page, () => dialog.getByTestId('registry-import-check').click(), /^\/api\/eb\/resources\/import$/, 400);
    await dialog.getByText('CSV 有问题，未做任何修改').waitFor();
    await dialog.getByTestId('registry-import-problems').locator('.ant-table-row').first().waitFor();
    await h.screenshot(page, 'registry-import-problems');
    await page.keyboard.press('Escape');
  });
});
