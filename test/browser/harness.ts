/**
 * What the browser tests share: the console built (scripts/ensure-web.mjs), a real
 * Rongmei server on a free port with the demo center in a temp directory, and a
 * headless Debian Chromium. Screenshots go to .tmp/ for a person to look at.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page, type Request, type Response } from 'playwright-core';
import { loadConfig } from '../../src/platform/config.ts';
import { startServer } from '../../src/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOT_DIR = path.join(root, '.tmp');
export const DEMO_PASSWORD = 'Lechang@2026';

export interface Harness {
  url: string;
  /** The server's MQTT broker (embedded in tests), for simulated terminals. */
  mqttUrl: string | null;
  /** The server's data directory (its MQTT secret, for terminal passwords). */
  dataDir: string;
  browser: Browser;
  /** A fresh page (own cookies and localStorage) at a desktop size. */
  newPage(): Promise<Page>;
  /** The page of a logged-in user, made (and logged in) on first use, then reused. */
  as(username: string): Promise<Page>;
  /** A bearer token of a demo user (logged in through the API on first use, then reused). */
  token(username: string): Promise<string>;
  /** Calls the API as a demo user with their bearer token, JSON in and out. */
  api<T = unknown>(username: string, method: string, path: string, body?: unknown): Promise<{ status: number; data: T }>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  execFileSync(process.execPath, [path.join(root, 'scripts/ensure-web.mjs')], { stdio: 'inherit' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongmei-browser-'));
  const config = loadConfig({
    NODE_ENV: 'test', PORT: '0', MQTT_PORT: '0', EB_TCP_PORT: '0', DATA_DIR: dataDir, DEMO: 'true', LOG_LEVEL: 'silent', WEB_DIR: path.join(root, 'web/console/dist'),
  });
  const server = await startServer(config);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const sessions = new Map<string, Page>();
  const tokens = new Map<string, string>();
  async function token(username: string): Promise<string> {
    const known = tokens.get(username);
    if (known) return known;
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`log in ${username}: ${res.status} ${await res.text()}`);
    const made = ((await res.json()) as { token: string }).token;
    tokens.set(username, made);
    return made;
  }
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: server.url });
    const page = await context.newPage();
    // CI machines are shared and loaded: a generous wait, never a timing assertion.
    page.setDefaultTimeout(20_000);
    return page;
  }
  return {
    url: server.url,
    mqttUrl: server.mqttUrl,
    dataDir,
    browser,
    newPage,
    async as(username: string) {
      const known = sessions.get(username);
      if (known) return known;
      const page = await newPage();
      await logIn(page, username);
      sessions.set(username, page);
      return page;
    },
    token,
    async api<T>(username: string, method: string, path: string, body?: unknown) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${await token(username)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, data: (text ? JSON.parse(text) : null) as T };
    },
    async screenshot(page, name) {
      // Drawers and modals zoom in through a "prepare" frame that CSS fast-forwarding skips.
      await page.waitForTimeout(350);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false, animations: 'disabled' });
    },
    async close() {
      await browser.close().catch(() => {});
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The login form's request. */
export const LOGIN = /^\/api\/auth\/session$/;

/** Logs in through the login form and waits for the shell. */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  const res = await clickAndWaitFor(page, () => page.locator('button[type=submit]').click(), LOGIN);
  if (res.status() !== 200) throw new Error(`log in ${username}: ${res.status()} ${await res.text()}`);
  await page.getByTestId('main-nav').waitFor();
}

/** Clicks what sends a request (see clickAndWaitFor) and asserts the status it got, naming a refusal by its body. */
export async function submitted(page: Page, click: () => Promise<void>, url: RegExp | ((request: Request) => boolean), status: number): Promise<Response> {
  const res = await clickAndWaitFor(page, click, url);
  assert.equal(res.status(), status, `${res.request().method()} ${new URL(res.url()).pathname}: ${res.status()} ${await res.text().catch(() => '')}`);
  return res;
}

/** A manuscript's review decisions (submit, approve, return, sign-off) all go here. */
export const REVIEW = /^\/api\/manuscripts\/[^/]+\/review$/;
/** Saving a manuscript's content. */
export const SAVE = /^\/api\/manuscripts\/[^/]+\/content$/;
/** Taking over a manuscript's edit lock (not the lock kept while editing, same path). */
export const TAKEOVER = (r: Request) => /^\/api\/manuscripts\/[^/]+\/lock$/.test(new URL(r.url()).pathname) && (r.postData() ?? '').includes('"takeover":true');

/** Sets a toolbar toggle (aria-pressed, e.g. bold) on or off, clicking only while it is not. */
export async function setPressed(button: Locator, on: boolean, what = 'toggle'): Promise<void> {
  await clickUntil(`${what} ${on ? 'on' : 'off'}`, () => button.click(), async () => (await button.getAttribute('aria-pressed')) === String(on));
}

/** Calls the API from the page (its session cookie), JSON in and out. */
export async function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  return page.evaluate(async ({ method, path, body }) => {
    const r = await fetch(path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, data: (text ? JSON.parse(text) : null) as T };
  }, { method, path, body });
}

/** Waits for an emergency broadcast's status tag in the detail header to read `text` (e.g. 已签发). */
export async function broadcastStatusIs(page: Page, text: string): Promise<void> {
  await page.getByTestId('eb-header').getByTestId('eb-status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

/** Waits for the status tag in a manuscript's review bar to read `text` (e.g. 审核中 · 复审). */
export async function manuscriptStatusIs(page: Page, text: string): Promise<void> {
  await page.getByTestId('review-bar').getByTestId('manuscript-status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

/**
 * Clicks what sends a request and returns its response. On a loaded machine a click can
 * land before the control takes clicks (a modal still zooming in): when no matching
 * request leaves within 8 s, it clicks again, at most three times. A request that did
 * leave is never sent twice. The response's status is for the test to assert, so a
 * refusal is named instead of a later wait timing out. Only writes (POST, PUT, PATCH,
 * DELETE) count as the click's request.
 */
export async function clickAndWaitFor(page: Page, click: () => Promise<void>, url: RegExp | ((request: Request) => boolean)): Promise<Response> {
  // Writes only: a list the page reloads meanwhile (GET, same path) is not what was clicked.
  const matches = (r: Request) => r.method() !== 'GET' && (typeof url === 'function' ? url(r) : url.test(new URL(r.url()).pathname));
  for (let attempt = 1; ; attempt++) {
    const request = page.waitForRequest(matches, { timeout: 8_000 }).catch(() => null);
    await click();
    const sent = await request;
    if (sent) {
      const response = await sent.response();
      if (!response) throw new Error(`${sent.method()} ${sent.url()} failed: ${sent.failure()?.errorText ?? 'no response'}`);
      return response;
    }
    if (attempt === 3) throw new Error(`no request to ${typeof url === 'function' ? 'match' : url} after three clicks`);
    // Said in the output, so a machine that loses clicks is seen even when the retry succeeds.
    console.log(`clickAndWaitFor: no request to ${typeof url === 'function' ? 'match' : url} within 8 s, clicking again`);
  }
}

/**
 * Acts on a control that changes state in the page without a request (a tree node's
 * checkbox, a tab, a dropdown, a toolbar toggle) until `reached` says the state is there.
 * It acts only while the state is not reached, and after each try waits up to 8 s for it
 * to show before trying again: a toggle whose click did land is never flipped back by a
 * blind second click, and one that a loaded machine lost is clicked again. After three
 * tries it throws, naming `what`.
 */
export async function clickUntil(what: string, act: () => Promise<void>, reached: () => Promise<boolean>): Promise<void> {
  if (await reached()) return;
  for (let attempt = 1; ; attempt++) {
    // A retry's click can fail because the earlier one landed late (the control is gone or covered).
    await act().catch(async (err: unknown) => {
      if (!(await reached())) throw err;
    });
    for (const end = Date.now() + 8_000; Date.now() < end;) {
      if (await reached()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (attempt === 3) throw new Error(`${what}: not reached after three tries`);
    console.log(`clickUntil: ${what} not reached within 8 s, trying again`);
  }
}

/** Clicks what shows something without a request (a modal, a drawer, a menu) unless it is shown. */
export async function clickToShow(button: Locator, shown: Locator, what = 'shown'): Promise<void> {
  await clickUntil(what, () => button.click(), () => shown.first().isVisible());
}

/** Selects a tab (by its accessible name) unless it is already selected. */
export async function selectTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name });
  await clickUntil(`tab ${name} selected`, () => tab.click(), async () => (await tab.getAttribute('aria-selected')) === 'true');
}

/** Checks a checkbox (its label clicked) unless it is already checked. */
export async function checkOn(box: Locator, what = 'checkbox'): Promise<void> {
  await clickUntil(`${what} checked`, () => box.click(), () => box.isChecked());
}

/** Opens a select's option list (antd Select) unless it is open; returns the list. */
export async function openSelect(page: Page, select: Locator, what = 'select'): Promise<Locator> {
  await select.waitFor();
  const list = page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden)`);
  await clickUntil(`${what} open`, () => select.click(), async () => (await select.locator('[aria-expanded="true"]').count()) > 0 && (await list.count()) > 0);
  return list;
}

/** Opens the area tree of the broadcast form (an antd TreeSelect) unless it is open. */
export async function openAreas(page: Page): Promise<void> {
  const tree = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree');
  await clickUntil('area tree open', () => page.getByTestId('eb-areas').click(), () => tree.isVisible());
}

/** Checks the area `name` in the open area tree unless it is checked (a second click would uncheck it). */
export async function checkArea(page: Page, name: string): Promise<void> {
  const node = page.locator('.ant-select-tree-treenode', { has: page.locator(`.ant-select-tree-node-content-wrapper[title="${name}"]`) });
  await node.waitFor();
  await clickUntil(`area ${name} checked`, () => node.locator('.ant-select-tree-node-content-wrapper').click(), async () => /\bant-select-tree-treenode-checkbox-checked\b/.test((await node.getAttribute('class')) ?? ''));
}

/** Closes the area tree (Escape) unless it is closed. */
export async function closeAreas(page: Page): Promise<void> {
  const tree = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree');
  await clickUntil('area tree closed', () => page.keyboard.press('Escape'), async () => !(await tree.isVisible()));
}

/** Checks exactly these areas (by name) in the broadcast form's empty area tree, and sees them counted. */
export async function pickAreas(page: Page, names: string[]): Promise<void> {
  await openAreas(page);
  for (const name of names) await checkArea(page, name);
  await closeAreas(page);
  await page.getByTestId('eb-areas-count').filter({ hasText: `已选择 ${names.length} 个区域` }).waitFor();
}
