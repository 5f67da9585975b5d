/** Unit tests: the drill slate, byte ranges, and RTP sending that starts and can be stopped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { byteRange } from './range.ts';
import { DRILL_SLATE, shownText, spokenScript } from './slate.ts';
import { startRtpStream } from './stream.ts';

test('a drill is spoken between two slates and shown marked 【演习】; a real send is neither', () => {
  assert.equal(spokenScript(' 请转移。 ', 1), '请转移。');
  assert.equal(spokenScript('请转移。', 4), `${DRILL_SLATE}\n请转移。\n${DRILL_SLATE}`);
  assert.equal(shownText('请转移。', 1), '请转移。');
  assert.equal(shownText('请转移。', 5), '【演习】请转移。');
  assert.equal(shownText('【演习】请转移。', 3), '【演习】请转移。', 'marked once');
});

test('byte ranges: a-b, a-, -n; past the end is unsatisfiable; others mean the whole file', () => {
  assert.deepEqual(byteRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(byteRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(byteRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(byteRange('bytes=990-5000', 1000), { start: 990, end: 999 });
  assert.equal(byteRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.equal(byteRange('bytes=0-1,5-9', 1000), null);
  assert.equal(byteRange('items=0-1', 1000), null);
  assert.equal(byteRange(undefined, 1000), null);
});

test('RTP: ffmpeg sends MPEG-audio packets (payload type 14) to the address and stops on request', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongmei-rtp-'));
  const mp3 = path.join(dir, 'tone.mp3');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=20', '-ac', '1', '-ar', '22050', '-b:a', '64k', mp3]);
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const packets: Buffer[] = [];
  const enough = new Promise<void>((resolve) => socket.on('message', (m) => {
    packets.push(m);
    if (packets.length >= 5) resolve();
  }));
  const rtp = startRtpStream(mp3, `rtp://127.0.0.1:${socket.address().port}`);
  try {
    await Promise.race([enough, new Promise((_, reject) => setTimeout(() => reject(new Error('no RTP packets within 10 s')), 10_000))]);
    const first = packets[0]!;
    assert.equal(first[0]! >> 6, 2, 'RTP version 2');
    assert.equal(first[1]! & 0x7f, 14, 'payload type 14 (MPEG audio)');
    const t0 = Date.now();
    await rtp.stop();
    assert.ok(Date.now() - t0 < 5000, 'stopped well before the 20 s file ends');
    const after = packets.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(packets.length, after, 'no packets after stop');
  } finally {
    await rtp.stop();
    socket.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => startRtpStream('x.mp3', 'http://127.0.0.1:5004'), /not an rtp:\/\/host:port/);
});
