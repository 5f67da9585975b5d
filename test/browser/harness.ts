/**
 * What the browser tests share: the console built (scripts/ensure-web.mjs), a real
 * Rongmei server on a free port with the demo center in a temp directory, and a
 * headless Debian Chromium. Screenshots go to .tmp/ for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
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

/** Logs in through the login form and waits for the shell. */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('main-nav').waitFor();
}

/**
 * Clicks what sends a request and returns its response. On a loaded machine a click can
 * land before the control takes clicks (a modal still zooming in): when no matching
 * request leaves within 8 s, it clicks again, at most three times. A request that did
 * leave is never sent twice. The response's status is for the test to assert, so a
 * refusal is named instead of a later wait timing out.
 */
export async function clickAndWaitFor(page: Page, click: () => Promise<void>, url: RegExp): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const request = page.waitForRequest((r) => url.test(new URL(r.url()).pathname), { timeout: 8_000 }).catch(() => null);
    await click();
    const sent = await request;
    if (sent) {
      const response = await sent.response();
      if (!response) throw new Error(`${sent.method()} ${sent.url()} failed: ${sent.failure()?.errorText ?? 'no response'}`);
      return response;
    }
    if (attempt === 3) throw new Error(`no request to ${url} after three clicks`);
  }
}
