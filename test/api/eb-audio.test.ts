/** Broadcast audio: TTS with the drill slate, uploads checked by content, public MP3 with Range, links into the EBM and package. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { countyArea, ebCenter, signedIn, townArea } from '../helpers/eb.ts';
import { decodeEbdXml, unpackEbdTar } from '../../src/modules/emergency/ebm/index.ts';
import { multipartForm, type FormPart } from '../../src/modules/media/testing.ts';

const TOWN = '440281102000';
const HAS_ESPEAK = spawnSync('espeak-ng', ['--version']).status === 0;
const TTS_SKIP = HAS_ESPEAK ? false : 'espeak-ng is not installed (apt-get install espeak-ng): TTS tests skipped';
const TEXT = '九峰镇沿河群众请立即转移到安全地带。';

function probe(file: string): { format: string; seconds: number } {
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', file], { encoding: 'utf8' })) as { format: { format_name: string; duration: string } };
  return { format: out.format.format_name, seconds: Number(out.format.duration) };
}

for (const engine of testEngines()) {
  describe(`emergency broadcast audio (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let tok: Record<string, string>;
    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter(t, 'eb_audio_c', [countyArea(), townArea(TOWN, '九峰镇')]);
      ({ tok } = await signedIn(t, centerId, { op: ['eb_operator', 'eb_approver'], editor: ['editor'] }));
    });
    after(() => t.close());

    const upload = (parts: FormPart[], token = tok.op) => {
      const { payload, contentType } = multipartForm(parts);
      return t.app.inject({ method: 'POST', url: '/api/eb/audio', payload, headers: { 'content-type': contentType, authorization: `Bearer ${token}` } });
    };
    const fetchPublic = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    const saved = (name: string, bytes: Buffer) => {
      const file = path.join(t.config.dataDir, name);
      fs.writeFileSync(file, bytes);
      return file;
    };

    test('TTS makes a real MP3; a drill begins and ends with the slate, so it is longer, and neither goes out as the other', { skip: TTS_SKIP }, async () => {
      const real = await t.call('POST', '/api/eb/audio/tts', { token: tok.op, body: { text: TEXT, msgType: 1 } });
      assert.equal(real.status, 201, JSON.stringify(real.body));
      assert.equal(real.body.source, 'tts');
      assert.equal(real.body.text, TEXT);
      assert.match(real.body.sm3, /^[0-9a-f]{64}$/);
      assert.equal(real.body.url, `${t.config.publicUrl}/eb-audio/${centerId}/${real.body.sm3}.mp3`);
      const bytes = (await fetchPublic(real.body.path)).rawPayload;
      assert.equal(createHash('sm3').update(bytes).digest('hex'), real.body.sm3, 'served bytes match the digest');
      const p = probe(saved('real.mp3', bytes));
      assert.equal(p.format, 'mp3');
      assert.ok(p.seconds > 1, `only ${p.seconds} s`);

      const drill = await t.call('POST', '/api/eb/audio/tts', { token: tok.op, body: { text: TEXT, msgType: 3 } });
      assert.equal(drill.status, 201);
      assert.match(drill.body.text, /^演习，演习。[\s\S]*演习，演习。这是一次应急广播演练，不是真实预警。$/);
      assert.ok(drill.body.durationMs > real.body.durationMs + 3000, `drill ${drill.body.durationMs} ms vs real ${real.body.durationMs} ms`);

      const got = await t.call('GET', `/api/eb/audio/${drill.body.id}`, { token: tok.op });
      assert.equal(got.body.sm3, drill.body.sm3);
      assert.equal((await t.call('POST', '/api/eb/audio/tts', { token: tok.editor, body: { text: TEXT, msgType: 1 } })).status, 403);

      const broadcast = (msgType: number, audioId: string) => t.call('POST', '/api/eb/broadcasts', { token: tok.op, body: {
        msgType, eventType: '10101', severity: 2, title: '洪水预警', text: TEXT, areaCodes: [TOWN],
        startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString(), audio: { kind: 'file', audioId },
      } });
      const realSpeechAsDrill = await broadcast(3, real.body.id);
      assert.equal(realSpeechAsDrill.status, 409);
      assert.equal(realSpeechAsDrill.body.error.code, 'EB_AUDIO_DRILL_MISMATCH');
      assert.equal(realSpeechAsDrill.body.error.field, 'audio.audioId');
      assert.equal((await broadcast(1, drill.body.id)).body.error.code, 'EB_AUDIO_DRILL_MISMATCH', 'slate speech never goes out as real');
      assert.equal((await broadcast(4, drill.body.id)).status, 201);
      assert.equal((await t.call('POST', '/api/eb/audio/tts', { token: tok.op, body: { text: '', msgType: 1 } })).body.error.code, 'VALIDATION_FAILED');
    });

    test('an uploaded WAV becomes MP3; a text file named .mp3 is refused with 422; an oversize file with 413', async () => {
      const wav = path.join(t.config.dataDir, 'sine.wav');
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', wav]);
      const res = await upload([{ name: 'source', data: 'upload' }, { name: 'file', filename: '警报音.wav', type: 'audio/wav', data: fs.readFileSync(wav) }]);
      assert.equal(res.statusCode, 201, res.body);
      const a = res.json();
      assert.equal(a.source, 'upload');
      assert.equal(a.fileName, '警报音.wav');
      assert.ok(a.durationMs > 1800 && a.durationMs < 2300, String(a.durationMs));
      assert.equal(probe(saved('up.mp3', (await fetchPublic(a.path)).rawPayload)).format, 'mp3');

      const rec = await upload([{ name: 'file', filename: 'rec.webm', data: execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'libopus', '-f', 'webm', 'pipe:1']) }, { name: 'source', data: 'record' }]);
      assert.equal(rec.statusCode, 201, rec.body);
      assert.equal(rec.json().source, 'record');

      const fake = await upload([{ name: 'file', filename: 'alert.mp3', type: 'audio/mpeg', data: '这不是音频，只是一段文字。\n'.repeat(50) }]);
      assert.equal(fake.statusCode, 422);
      assert.equal(fake.json().error.code, 'EB_AUDIO_UNREADABLE');
      assert.equal(fake.json().error.field, 'file');

      const big = await upload([{ name: 'file', filename: 'big.wav', data: Buffer.alloc(50 * 1024 * 1024 + 1) }]);
      assert.equal(big.statusCode, 413);
      assert.equal(big.json().error.code, 'EB_AUDIO_TOO_LARGE');
      assert.deepEqual(fs.readdirSync(path.join(t.config.dataDir, 'eb-audio', '.incoming')), [], 'no temp files left');
    });

    test('the public MP3: no session, Range gives 206, an unknown digest 404; the live stream is MP3', async () => {
      const wav = saved('tone.wav', execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=660:duration=1.5', '-f', 'wav', 'pipe:1']));
      const a = (await upload([{ name: 'file', filename: 'tone.wav', data: fs.readFileSync(wav) }])).json();
      const whole = await fetchPublic(a.path);
      assert.equal(whole.statusCode, 200);
      assert.equal(whole.headers['content-type'], 'audio/mpeg');
      assert.equal(whole.headers['accept-ranges'], 'bytes');
      assert.equal(whole.rawPayload.length, a.size);
      const part = await fetchPublic(a.path, { range: 'bytes=100-199' });
      assert.equal(part.statusCode, 206);
      assert.equal(part.headers['content-range'], `bytes 100-199/${a.size}`);
      assert.deepEqual(part.rawPayload, whole.rawPayload.subarray(100, 200));
      assert.equal((await fetchPublic(a.path, { range: `bytes=${a.size + 10}-` })).statusCode, 416);

      const unknown = await fetchPublic(`/eb-audio/${centerId}/${'0'.repeat(64)}.mp3`);
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'EB_AUDIO_NOT_FOUND');
      assert.equal((await fetchPublic(`/eb-audio/${randomUUID()}/${a.sm3}.mp3`)).statusCode, 404, 'another center\'s path');
      assert.equal((await fetchPublic(`/eb-audio/${centerId}/..%2F..%2Frongmei.mp3`)).statusCode, 400);

      const started = Date.now();
      const live = await fetchPublic(a.streamUrl.replace(t.config.publicUrl, ''));
      assert.equal(live.statusCode, 200);
      assert.equal(live.headers['content-type'], 'audio/mpeg');
      assert.ok(live.rawPayload.length > 1000);
      assert.ok(Date.now() - started > 1000, 'paced at playing speed');
    });

    test('a broadcast with an audioId gets url + SM3; its EBM names the MP3 (type 2, size, digest) and the package carries it', async () => {
      const wav = saved('alarm.wav', execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=880:duration=1', '-f', 'wav', 'pipe:1']));
      const a = (await upload([{ name: 'file', filename: 'alarm.wav', data: fs.readFileSync(wav) }])).json();
      const body = {
        msgType: 3, eventType: '10101', severity: 2, title: '防汛演练', text: '这是防汛演练广播。', areaCodes: [TOWN],
        startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString(), audio: { kind: 'file', audioId: a.id },
      };
      const missing = await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body: { ...body, audio: { kind: 'file', audioId: randomUUID() } } });
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'EB_AUDIO_NOT_FOUND');

      const b = await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body });
      assert.equal(b.status, 201, JSON.stringify(b.body));
      assert.deepEqual(b.body.audio, { kind: 'file', url: a.url, audioId: a.id, sm3: a.sm3, size: a.size });
      await t.call('POST', `/api/eb/broadcasts/${b.body.id}/submit`, { token: tok.op, body: {} });
      const ok = await t.call('POST', `/api/eb/broadcasts/${b.body.id}/decision`, { token: tok.op, body: { approve: true } });
      assert.equal(ok.body.status, 'approved', JSON.stringify(ok.body));

      const tar = await t.app.inject({ method: 'GET', url: `/api/eb/broadcasts/${b.body.id}/package.tar`, headers: { authorization: `Bearer ${tok.op}` } });
      const pkg = unpackEbdTar(tar.rawPayload);
      assert.ok(pkg.ok);
      if (!pkg.ok) return;
      assert.equal(pkg.media.length, 1);
      assert.equal(pkg.media[0]!.name, `${a.sm3}.mp3`);
      assert.equal(createHash('sm3').update(pkg.media[0]!.bytes).digest('hex'), a.sm3);
      assert.match(pkg.businessXml.toString('utf8'), new RegExp(`<Digest>${a.sm3}</Digest>`));
      const decoded = decodeEbdXml(pkg.businessXml);
      assert.ok(decoded.ok && decoded.ebd.body.kind === 'EBM');
      if (decoded.ok && decoded.ebd.body.kind === 'EBM') {
        const content = decoded.ebd.body.ebm.contents[0]!;
        assert.deepEqual(content.auxiliaries, [{ auxiliaryType: 2, auxiliaryDesc: `${a.sm3}.mp3`, size: a.size, digest: a.sm3 }]);
        assert.equal(content.msgDesc, '【演习】这是防汛演练广播。', 'terminals show a drill marked');
      }
    });
  });
}
