/**
 * Broadcast audio in a real browser: a drill's text is spoken by the server with the
 * drill slate and previewed in an <audio> player that really plays it; an uploaded WAV
 * replaces it; the saved broadcast's page plays the MP3. (Recording needs a microphone:
 * its upload path is the same route, covered by test/api/eb-audio.test.ts.)
 * Screenshots: .tmp/eb-audio-*.png.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { clickUntil, logIn, pickAreas, selectTab, startHarness, submitted, type Harness } from './harness.ts';

const HAS_ESPEAK = spawnSync('espeak-ng', ['--version']).status === 0;
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** Waits until the player has loaded the MP3 and says how long it is. */
async function playerSeconds(page: Page, testId: string): Promise<number> {
  const player = page.getByTestId(testId);
  await player.waitFor();
  return player.evaluate((el: HTMLAudioElement) => new Promise<number>((resolve, reject) => {
    if (el.readyState >= 1 && Number.isFinite(el.duration)) return resolve(el.duration);
    el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
    el.addEventListener('error', () => reject(new Error(`cannot play ${el.src}`)), { once: true });
    el.load();
  }));
}

/** The type radios (the test id sits on the hidden input: click its label). */
async function chooseType(page: Page, msgType: number): Promise<void> {
  const radio = page.getByTestId(`eb-type-${msgType}`);
  await clickUntil(`type ${msgType} chosen`, () => page.locator('label', { has: radio }).click(), () => radio.isChecked());
}

describe('emergency broadcast audio', () => {
  test('a drill is spoken with the slate, previewed, replaced by an upload, and played on its page', { skip: HAS_ESPEAK ? false : 'espeak-ng is not installed' }, async () => {
    const op = await h.newPage();
    await logIn(op, 'eb_operator');
    await op.goto('/emergency/broadcasts/new');
    await op.getByTestId('eb-template-forestFire').click();
    await chooseType(op, 4);
    await op.getByTestId('eb-title').fill('森林防火演练：音频');
    await pickAreas(op, ['廊田镇']);

    await op.getByTestId('eb-audio-slate').waitFor();
    await submitted(op, () => op.getByTestId('eb-audio-tts').click(), /^\/api\/eb\/audio\/tts$/, 201);
    await op.getByTestId('eb-audio-chosen').getByText('语音合成').waitFor();
    const spoken = await playerSeconds(op, 'eb-audio-preview');
    assert.ok(spoken > 5, `the drill speech lasts ${spoken} s`);
    await h.screenshot(op, 'eb-audio-tts');

    // Changing the type after speaking warns that the speech no longer fits.
    await chooseType(op, 1);
    await op.getByTestId('eb-audio-stale').waitFor();
    await chooseType(op, 4);
    await op.getByTestId('eb-audio-stale').waitFor({ state: 'detached' });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongmei-audio-'));
    const wav = path.join(dir, '警报.wav');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', wav]);
    await selectTab(op, '上传');
    await op.locator('input[type="file"]').setInputFiles(wav);
    await op.getByTestId('eb-audio-chosen').getByText('上传').waitFor();
    const uploaded = await playerSeconds(op, 'eb-audio-preview');
    assert.ok(Math.abs(uploaded - 3) < 0.3, `the upload lasts ${uploaded} s`);
    fs.rmSync(dir, { recursive: true, force: true });

    await submitted(op, () => op.getByTestId('eb-save').click(), /^\/api\/eb\/broadcasts$/, 201);
    await op.waitForURL(/\/emergency\/broadcasts\/[0-9a-f-]{36}$/);
    const onPage = await playerSeconds(op, 'eb-audio-player');
    assert.ok(Math.abs(onPage - 3) < 0.3);
    await h.screenshot(op, 'eb-audio-detail');
    await op.context().close();
  });
});
