/**
 * Stored XSS: the corpus of known vectors goes into every text field a staff member
 * can fill (manuscript title, subtitle, summary, bylines, tags, source, location, body;
 * plan title and angle; user display name; department name), then the console pages
 * that show them are opened in Chromium. Nothing may run.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, logIn, type Harness } from './harness.ts';
import { xssVectors } from '../fixtures/xss-vectors.ts';

describe('stored XSS in the console', () => {
  let h: Harness;
  const hits: string[] = [];
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  async function visit(page: Page, path: string, settle: string) {
    await page.goto(path);
    await page.getByTestId(settle).first().waitFor({ timeout: 15_000 }).catch(() => {});
    await page.waitForTimeout(400);
    await page.mouse.move(600, 400);
    await page.mouse.move(700, 500);
    const fired = await page.evaluate(() => (window as unknown as { __hits?: number[] }).__hits ?? []);
    for (const n of fired) hits.push(`${path}: vector ${n}`);
  }

  test('vectors in every field never run on the pages that show them', async () => {
    const vectors = xssVectors();
    const api = (username: string, method: string, path: string, body?: unknown) => h.api<{ id?: string } | null>(username, method, path, body);
    const ids: string[] = [];
    for (let i = 0; i < vectors.length; i += 8) {
      const v = vectors.slice(i, i + 8);
      const line = (k: number) => (v[k % v.length] ?? '').slice(0, 190);
      const r = await api('editor', 'POST', '/api/manuscripts', { kind: 'article', content: {
        title: line(0), subtitle: line(1), summary: line(2), authorByline: line(3), editorByline: line(4), source: line(5), location: line(6),
        tags: v.map((x) => x.slice(0, 30)).filter((x) => x.trim()), bodyHtml: v.join('\n'),
      } });
      assert.equal(r.status, 201, JSON.stringify(r.data));
      ids.push(r.data!.id!);
    }
    const plan = await api('editor', 'POST', '/api/plans', { title: vectors[1]!.slice(0, 190), angle: vectors.join(' ').slice(0, 1900), channels: ['app'] });
    assert.equal(plan.status, 201);
    assert.equal((await api('admin', 'POST', '/api/departments', { code: 'xss', name: vectors[3]!.slice(0, 100) })).status, 201);
    const users = await api('admin', 'POST', '/api/users', { username: 'xss_user', displayName: vectors[1]!.slice(0, 100), password: 'Xss-pass-2026', roles: [] });
    assert.equal(users.status, 201);

    // CSP would stop inline vectors anyway; bypass it so the test judges the rendering itself.
    const context = await h.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', baseURL: h.url, bypassCSP: true });
    await context.addInitScript(() => {
      const w = window as unknown as { __hits: number[]; __hit: (n: number) => void };
      w.__hits = [];
      w.__hit = (n: number) => w.__hits.push(n);
    });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      hits.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await logIn(page, 'admin');
    // Control: in this very context a vector rendered as HTML does run.
    await page.evaluate(() => { const d = document.createElement('div'); d.innerHTML = '<img src=x onerror="__hit(999)">'; document.body.append(d); });
    await page.waitForFunction(() => (window as unknown as { __hits: number[] }).__hits.includes(999));
    await page.evaluate(() => { (window as unknown as { __hits: number[] }).__hits = []; });
    await visit(page, '/newsroom/manuscripts', 'main-nav');
    for (const id of ids) await visit(page, `/newsroom/manuscripts/${id}`, 'timeline');
    await visit(page, '/newsroom/plans', 'main-nav');
    await visit(page, `/newsroom/plans/${plan.data!.id}`, 'plan-drawer');
    await visit(page, '/system/users', 'main-nav');
    await visit(page, '/system/departments', 'main-nav');
    await visit(page, '/system/audit', 'main-nav');
    assert.deepEqual(hits, []);
  });
});
