/**
 * How terminals receive a broadcast's MP3, chosen in a real browser: after an upload the
 * author picks 文件 / HTTP 流 / RTP 组播; RTP asks for an address the console checks like
 * the server; the saved broadcast's page shows the choice and the address.
 * Screenshots: .tmp/eb-audio-delivery-*.png.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { clickUntil, logIn, pickAreas, selectTab, submitted, startHarness, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** The type radios (the test id sits on the hidden input: click its label). */
async function chooseType(page: Page, msgType: number): Promise<void> {
  const radio = page.getByTestId(`eb-type-${msgType}`);
  await clickUntil(`type ${msgType} chosen`, () => page.locator('label', { has: radio }).click(), () => radio.isChecked());
}

describe('emergency broadcast audio delivery', () => {
  test('an uploaded MP3 goes out by RTP to a checked address, shown on the broadcast page', async () => {
    const op = await h.newPage();
    await logIn(op, 'eb_operator');
    await op.goto('/emergency/broadcasts/new');
    await op.getByTestId('eb-template-forestFire').click();
    await chooseType(op, 4);
    await op.getByTestId('eb-title').fill('森林防火演练：RTP 组播');
    await pickAreas(op, ['廊田镇']);

    await op.getByTestId('eb-audio-delivery-section').waitFor({ state: 'detached' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongmei-delivery-'));
    const wav = path.join(dir, '警报.wav');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', wav]);
    await selectTab(op, '上传');
    await op.locator('input[type="file"]').setInputFiles(wav);
    await op.getByTestId('eb-audio-chosen').waitFor();
    fs.rmSync(dir, { recursive: true, force: true });

    // 文件 is the default; RTP asks for its address.
    await op.getByTestId('eb-audio-delivery-section').getByText('终端下载 MP3 文件后播放').waitFor();
    await op.getByTestId('eb-audio-delivery-rtp').click();
    const address = op.getByTestId('eb-audio-rtp-url');
    await address.fill('rtp://239.1.2.300:5004');
    await op.getByTestId('eb-save').click();
    await op.getByText('格式为 rtp://IPv4 地址:端口').waitFor();
    await address.fill('rtp://239.1.2.3:5004');
    await h.screenshot(op, 'eb-audio-delivery-form');

    const saved = await submitted(op, () => op.getByTestId('eb-save').click(), /^\/api\/eb\/broadcasts$/, 201);
    const body = JSON.parse(saved.request().postData() ?? '{}') as { audio?: Record<string, unknown> };
    assert.equal(body.audio?.delivery, 'rtp');
    assert.equal(body.audio?.rtpUrl, 'rtp://239.1.2.3:5004');
    await op.waitForURL(/\/emergency\/broadcasts\/[0-9a-f-]{36}$/);
    const view = op.getByTestId('eb-audio-delivery-view');
    await view.getByText('RTP 组播').waitFor();
    await view.getByText('rtp://239.1.2.3:5004').waitFor();
    await op.getByTestId('eb-audio-player').waitFor();
    await view.scrollIntoViewIfNeeded();
    await h.screenshot(op, 'eb-audio-delivery-detail');
    await op.context().close();
  });
});
