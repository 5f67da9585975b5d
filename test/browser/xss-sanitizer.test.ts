/**
 * The manuscript HTML sanitizer against a corpus of XSS vectors, in real Chromium and
 * without CSP: every vector is rendered raw (to prove the page would notice) and
 * cleaned (which must never run). Elements are hovered, focused and clicked.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cleanHtml } from '../../src/modules/newsroom/content.ts';
import { xssVectors } from '../fixtures/xss-vectors.ts';

async function hitsOf(page: Page, html: string): Promise<number[]> {
  await page.setContent(`<!doctype html><html><head><script>window.__hits=[];window.__hit=(n)=>window.__hits.push(n);</script></head><body>${html}</body></html>`, { waitUntil: 'load' });
  await page.evaluate(() => {
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      for (const type of ['mouseover', 'pointerover', 'focus', 'click']) el.dispatchEvent(new Event(type, { bubbles: true }));
      if (el instanceof HTMLAnchorElement && el.href && !el.href.startsWith('http')) el.click();
    }
  }).catch(() => {});
  await page.waitForTimeout(150);
  return page.evaluate(() => (window as unknown as { __hits: number[] }).__hits).catch(() => []);
}

describe('HTML sanitizer against an XSS corpus in Chromium', () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
    });
    page = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
    page.on('dialog', (d) => void d.dismiss());
  });
  after(() => browser.close());

  test('the corpus is live: raw vectors do run in this page', async () => {
    let fired = 0;
    for (const v of xssVectors()) if ((await hitsOf(page, v)).length) fired++;
    assert.ok(fired >= 15, `only ${fired} raw vectors fired: the harness would not notice an attack`);
  });

  test('no cleaned vector runs, alone or all together', async () => {
    const vectors = xssVectors();
    for (const [i, v] of vectors.entries()) {
      const cleaned = cleanHtml(v);
      assert.deepEqual(await hitsOf(page, cleaned), [], `vector ${i + 1} ran after cleaning: ${cleaned}`);
    }
    assert.deepEqual(await hitsOf(page, cleanHtml(vectors.join('\n'))), []);
  });
});
