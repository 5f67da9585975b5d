/**
 * How a broadcast's MP3 reaches terminals (file, HTTP stream, RTP): the start command and
 * its GD/J 089 audio kind follow the author's choice, the EBM names the stream and the
 * signed MP3, bad RTP addresses are refused naming the field, and an approved RTP
 * broadcast is really sent (ffmpeg → a UDP socket here), again after a restart, until
 * it is cancelled or replaced by a correction.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { execFileSync } from 'node:child_process';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { ebCenter, signedIn, townArea } from '../helpers/eb.ts';
import { until } from '../helpers/wait.ts';
import { EventBus } from '../../src/platform/events/index.ts';
import { JobRunner, Scheduler } from '../../src/platform/jobs/index.ts';
import type { ModuleBackgroundHandle } from '../../src/platform/module.ts';
import { emergencyModule } from '../../src/modules/emergency/index.ts';
import { decodeEbdXml } from '../../src/modules/emergency/ebm/index.ts';
import type { Command, DispatchBackground, StartCommand, TerminalDriver } from '../../src/modules/emergency/dispatch/index.ts';
import { requestOf } from '../../src/modules/emergency/dispatch/tcp/commands.ts';
import { AudioKind } from '../../src/modules/emergency/terminal-protocol/business.ts';
import { multipartForm } from '../../src/modules/media/testing.ts';

const TOWN = '440281102000';

/** A terminal driver that keeps what dispatch sends (the transports have their own tests). */
function capturingDriver(sent: Command[]): TerminalDriver {
  return {
    protocol: 'ip',
    start: async () => {},
    toAreas: async (_target, cmd) => void sent.push(cmd),
    toTerminal: async () => true,
    idle: async () => {},
    stop: async () => {},
  };
}

/** The audio of the GD/J 089 0x01 request an IP terminal would get for this start. */
function gdj089AudioOf(cmd: StartCommand): { kind: number; url: string } | null {
  const req = requestOf(cmd);
  return 'audio' in req ? req.audio : null;
}

for (const engine of testEngines()) {
  describe(`broadcast audio delivery: file, HTTP stream, RTP (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let events: EventBus;
    let runner: JobRunner;
    let scheduler: Scheduler;
    let background: ModuleBackgroundHandle;
    let audio: { id: string; url: string; streamUrl: string; sm3: string; size: number };
    const sent: Command[] = [];
    let tok: Record<string, string>;

    async function deliverEvents() {
      for (let i = 0; i < 3; i++) {
        await events.relay(t.db.db);
        while ((await runner.runDue()) > 0);
      }
    }
    const draft = (audioRef: unknown) => t.call('POST', '/api/eb/broadcasts', { token: tok.op, body: {
      msgType: 1, eventType: '10101', severity: 2, title: '洪水橙色预警', text: '沿河群众请立即转移。', areaCodes: [TOWN],
      startAt: new Date(Date.now() - 60_000).toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString(), audio: audioRef,
    } });
    async function approved(audioRef: unknown): Promise<{ id: string; ebmid: string; audio: Record<string, unknown> }> {
      const d = await draft(audioRef);
      assert.equal(d.status, 201, JSON.stringify(d.body));
      await t.call('POST', `/api/eb/broadcasts/${d.body.id}/submit`, { token: tok.op, body: {} });
      const ok = await t.call('POST', `/api/eb/broadcasts/${d.body.id}/decision`, { token: tok.approver, body: { approve: true } });
      assert.equal(ok.body.status, 'approved', JSON.stringify(ok.body));
      await deliverEvents();
      return ok.body;
    }
    /** The emergency module's own background (dispatch + RTP sender), with a capturing driver instead of MQTT/TCP; as at a server start. */
    function startBackground(): ModuleBackgroundHandle {
      scheduler?.stopAll();
      events = new EventBus();
      runner = new JobRunner({ db: t.db.db, pollMs: 50, leaseSeconds: 5 });
      scheduler = new Scheduler({ db: t.db.db });
      events.attach(runner);
      const bg: DispatchBackground = { db: t.db.db, config: t.config, events, runner, scheduler, mqtt: null, tcp: false, drivers: [capturingDriver(sent)] };
      return emergencyModule.background!(bg)!;
    }
    const startFor = (ebmid: string) => sent.find((c): c is StartCommand => c.type === 'start' && c.ebmid === ebmid);

    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter(t, 'eb_rtp_c', [townArea(TOWN, '九峰镇', null)]);
      ({ tok } = await signedIn(t, centerId, { op: ['eb_operator'], approver: ['eb_approver'] }));

      // Two seconds of tone: each repetition is a new ffmpeg run, so a new RTP SSRC.
      const wav = execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-f', 'wav', 'pipe:1']);
      const { payload, contentType } = multipartForm([{ name: 'source', data: 'upload' }, { name: 'file', filename: 'tone.wav', type: 'audio/wav', data: wav }]);
      const up = await t.app.inject({ method: 'POST', url: '/api/eb/audio', payload, headers: { 'content-type': contentType, authorization: `Bearer ${tok.op}` } });
      assert.equal(up.statusCode, 201, up.body);
      audio = up.json();

      background = startBackground();
      await background.ready;
    });

    after(async () => {
      await background?.stop?.();
      scheduler?.stopAll();
      await t.close();
    });

    test('the start command carries what the author chose: the MP3 (kind 3), its HTTP stream (kind 2) or the rtp:// address (kind 1)', async () => {
      const file = await approved({ kind: 'file', audioId: audio.id });
      assert.deepEqual(startFor(file.ebmid)?.audio, { kind: 'file', url: audio.url });
      assert.equal(gdj089AudioOf(startFor(file.ebmid)!)?.kind, AudioKind.FileUrl);
      assert.equal(file.audio.delivery, undefined, 'a file is stored as before');

      const http = await approved({ kind: 'file', audioId: audio.id, delivery: 'http-stream' });
      assert.deepEqual(startFor(http.ebmid)?.audio, { kind: 'stream', url: audio.streamUrl });
      assert.equal(gdj089AudioOf(startFor(http.ebmid)!)?.kind, AudioKind.UnicastMp3Stream);
      assert.deepEqual(http.audio, { kind: 'stream', url: audio.streamUrl, audioId: audio.id, sm3: audio.sm3, size: audio.size, delivery: 'http-stream', fileUrl: audio.url });

      // Sent to a socket of this test: an approved RTP broadcast really goes out.
      const sink = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
      const rtpUrl = `rtp://127.0.0.1:${sink.address().port}`;
      const rtp = await approved({ kind: 'file', audioId: audio.id, delivery: 'rtp', rtpUrl });
      const start = startFor(rtp.ebmid);
      assert.deepEqual(start?.audio, { kind: 'stream', url: rtpUrl });
      assert.deepEqual(gdj089AudioOf(start!), { kind: AudioKind.RtpMulticast, url: rtpUrl });
      assert.equal(rtp.audio.delivery, 'rtp');
      assert.equal(rtp.audio.fileUrl, audio.url);

      // The EBM names the stream terminals receive, then the signed MP3 the package carries.
      const row = await t.db.db.selectFrom('eb_broadcasts').select('ebd_xml').where('id', '=', rtp.id).executeTakeFirstOrThrow();
      const decoded = decodeEbdXml(row.ebd_xml!);
      assert.ok(decoded.ok && decoded.ebd.body.kind === 'EBM');
      if (decoded.ok && decoded.ebd.body.kind === 'EBM') {
        assert.deepEqual(decoded.ebd.body.ebm.contents[0]!.auxiliaries, [
          { auxiliaryType: 61, auxiliaryDesc: rtpUrl },
          { auxiliaryType: 2, auxiliaryDesc: `${audio.sm3}.mp3`, size: audio.size, digest: audio.sm3 },
        ]);
      }
      await t.call('POST', `/api/eb/broadcasts/${rtp.id}/cancel`, { token: tok.op, body: { reason: '测试结束' } });
      await deliverEvents();
      sink.close();
    });

    test('a bad RTP address is refused with 400 naming audio.rtpUrl', async () => {
      const bad = [undefined, '', 'rtp://example.com:5004', 'rtp://239.1.2.3', 'rtp://239.1.2.3:0', 'rtp://239.1.2.3:65536', 'rtp://256.1.2.3:5004', 'http://239.1.2.3:5004', 'rtp://[::1]:5004', 'rtp://239.1.2.3:5004/x'];
      for (const rtpUrl of bad) {
        const res = await draft({ kind: 'file', audioId: audio.id, delivery: 'rtp', ...(rtpUrl === undefined ? {} : { rtpUrl }) });
        assert.equal(res.status, 400, `${rtpUrl}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, 'VALIDATION_FAILED');
        assert.equal(res.body.error.field, 'audio.rtpUrl', String(rtpUrl));
      }
      const stray = await draft({ kind: 'file', audioId: audio.id, delivery: 'http-stream', rtpUrl: 'rtp://239.1.2.3:5004' });
      assert.equal(stray.status, 400);
      assert.equal(stray.body.error.field, 'audio.rtpUrl');
      const unknown = await draft({ kind: 'file', audioId: audio.id, delivery: 'multicast' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.code, 'VALIDATION_FAILED');
      const multicast = await draft({ kind: 'file', audioId: audio.id, delivery: 'rtp', rtpUrl: 'rtp://239.1.2.3:5004' });
      assert.equal(multicast.status, 201, JSON.stringify(multicast.body));
      assert.equal(multicast.body.audio.url, 'rtp://239.1.2.3:5004');
      assert.equal((await draft({ kind: 'file', audioId: audio.id, delivery: 'rtp', rtpUrl: 'rtp://127.0.0.1:65535' })).status, 201);
    });

    test('approving an RTP broadcast sends its MP3 as RTP, again and again, again after a restart; cancelling stops it', async () => {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      const packets: Buffer[] = [];
      socket.on('message', (m) => packets.push(m));
      try {
        const b = await approved({ kind: 'file', audioId: audio.id, delivery: 'rtp', rtpUrl: `rtp://127.0.0.1:${socket.address().port}` });
        await until('RTP packets arrive', () => packets.length >= 5);
        const first = packets[0]!;
        assert.equal(first[0]! >> 6, 2, 'RTP version 2');
        assert.equal(first[1]! & 0x7f, 14, 'payload type 14 (MPEG audio)');
        const ssrcs = () => new Set(packets.map((p) => p.readUInt32BE(8)));
        await until('the two-second MP3 is sent a second time (a new ffmpeg run, a new SSRC)', () => ssrcs().size >= 2, 20_000);

        // The server stops: sending stops; it starts again: the broadcast, still valid, is sent again.
        await background.stop?.();
        await new Promise((r) => setTimeout(r, 300));
        const stopped = packets.length;
        await new Promise((r) => setTimeout(r, 1000));
        assert.equal(packets.length, stopped, 'no RTP packets while the server is stopped');
        background = startBackground();
        await background.ready;
        await until('RTP sending resumes after the restart', () => packets.length > stopped + 5);

        const cancel = await t.call('POST', `/api/eb/broadcasts/${b.id}/cancel`, { token: tok.op, body: { reason: '误报' } });
        assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
        await deliverEvents(); // the cancelled event's handler returns once ffmpeg has exited
        await new Promise((r) => setTimeout(r, 300)); // datagrams already in the socket buffer
        const after = packets.length;
        await new Promise((r) => setTimeout(r, 1500));
        assert.equal(packets.length, after, 'no RTP packets after the cancel');
      } finally {
        socket.close();
      }
    });

    test('a correction replaces an RTP broadcast: the original\'s RTP stops, the correction\'s starts', async () => {
      const listen = async () => {
        const socket = dgram.createSocket('udp4');
        const packets: Buffer[] = [];
        socket.on('message', (m) => packets.push(m));
        await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
        return { socket, packets, url: `rtp://127.0.0.1:${socket.address().port}` };
      };
      const before = await listen();
      const replacement = await listen();
      try {
        const orig = await approved({ kind: 'file', audioId: audio.id, delivery: 'rtp', rtpUrl: before.url });
        await until('the original is sent', () => before.packets.length >= 5);

        const draftRes = await t.call('POST', `/api/eb/broadcasts/${orig.id}/correction`, { token: tok.op, body: {} });
        assert.equal(draftRes.status, 201, JSON.stringify(draftRes.body));
        const c = draftRes.body;
        const put = await t.call('PUT', `/api/eb/broadcasts/${c.id}`, { token: tok.op, body: {
          msgType: c.msgType, eventType: c.eventType, severity: c.severity, title: c.title, text: c.text, areaCodes: c.areaCodes, startAt: c.startAt, endAt: c.endAt,
          audio: { kind: 'file', audioId: audio.id, delivery: 'rtp', rtpUrl: replacement.url },
        } });
        assert.equal(put.status, 200, JSON.stringify(put.body));
        await t.call('POST', `/api/eb/broadcasts/${c.id}/submit`, { token: tok.op, body: {} });
        const ok = await t.call('POST', `/api/eb/broadcasts/${c.id}/decision`, { token: tok.approver, body: { approve: true } });
        assert.equal(ok.body.status, 'approved', JSON.stringify(ok.body));
        await deliverEvents();

        await until('the correction is sent', () => replacement.packets.length >= 5);
        await new Promise((r) => setTimeout(r, 300));
        const after = before.packets.length;
        await new Promise((r) => setTimeout(r, 1500));
        assert.equal(before.packets.length, after, 'the original\'s RTP stopped');
        await t.call('POST', `/api/eb/broadcasts/${c.id}/cancel`, { token: tok.op, body: { reason: '测试结束' } });
        await deliverEvents();
      } finally {
        before.socket.close();
        replacement.socket.close();
      }
    });
  });
}
