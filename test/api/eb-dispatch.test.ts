/**
 * Dispatch of an approved broadcast to ~32 simulated MQTT terminals over an embedded
 * broker: exactly the target towns play it, offline terminals get it on hello, coverage
 * lists every terminal (not reached first), a cancel stops them all, forged and replayed
 * commands are rejected by the terminals.
 */
import { until as waitUntil } from '../helpers/wait.ts';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import type { FastifyInstance } from 'fastify';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { countyArea, ebCenter, registerTerminals, signedIn, townArea, villageArea } from '../helpers/eb.ts';
import { buildApp } from '../../src/app.ts';
import { EventBus } from '../../src/platform/events/index.ts';
import { JobRunner, Scheduler } from '../../src/platform/jobs/index.ts';
import { startMqtt, type MqttBus } from '../../src/platform/mqtt.ts';
import { generateKeyPair, SoftwareSigner } from '../../src/platform/crypto/index.ts';
import { platformSigner, trustListOf } from '../../src/modules/emergency/index.ts';
import { parseAreaCode } from '../../src/modules/emergency/ebm/index.ts';
import { ebridFor } from '../../src/modules/emergency/registry/codes.ts';
import {
  dispatchBackground, dispatchRoutes, encodeCommand, SimTerminal, topics, type DispatchHandle, type StartCommand,
} from '../../src/modules/emergency/dispatch/index.ts';

const CODE = 'ebd_c';
const COUNTY = '440281000000';
const TOWNS = ['440281102000', '440281103000', '440281104000', '440281105000'];
const TARGETS = TOWNS.slice(0, 3);
const villagesOf = (town: string) => [`${town.slice(0, 9)}201`, `${town.slice(0, 9)}202`];

const until = (what: string, fn: () => Promise<boolean> | boolean, ms = 10_000) => waitUntil(what, fn, ms, 25);

for (const engine of testEngines()) {
  describe(`emergency broadcast dispatch over MQTT (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let broker: MqttBus;
    let events: EventBus;
    let runner: JobRunner;
    let scheduler: Scheduler;
    let handle: DispatchHandle;
    let spy: MqttClient;
    let coverageApp: FastifyInstance;
    const captured: { topic: string; payload: Buffer }[] = [];
    const sims: SimTerminal[] = [];
    const offline = new Set<string>();
    let tok: Record<string, string>;
    let broadcastId = '';
    let ebmid = '';

    const inTarget = (s: SimTerminal) => TARGETS.some((town) => s.opts.areaCode.startsWith(town.slice(0, 9)));
    async function deliver() {
      for (let i = 0; i < 3; i++) {
        await events.relay(t.db.db);
        while ((await runner.runDue()) > 0);
      }
    }
    async function states(): Promise<Record<string, number>> {
      const rows = await t.db.db.selectFrom('eb_deliveries').select(['state']).where('broadcast_id', '=', broadcastId).execute();
      const out: Record<string, number> = {};
      for (const r of rows) out[r.state] = (out[r.state] ?? 0) + 1;
      return out;
    }
    const coverage = async (token: string) => {
      const res = await coverageApp.inject({ method: 'GET', url: `/api/eb/broadcasts/${broadcastId}/coverage`, headers: { authorization: `Bearer ${token}` } });
      return { status: res.statusCode, body: JSON.parse(res.body) };
    };

    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter(t, CODE, [
        countyArea(COUNTY),
        ...TOWNS.flatMap((town, i) => [townArea(town, `镇${i}`), ...villagesOf(town).map((v, j) => villageArea(v, `镇${i}村${j}`))]),
      ]);
      // Four terminals in each village, never heard yet (they say hello below).
      const terminals = [];
      for (const v of TOWNS.flatMap(villagesOf)) terminals.push(...await registerTerminals(t, centerId, { area: v, count: 4, lastSeenAt: null }));
      // One per town starts offline: it gets the broadcast when it says hello.
      for (const town of TOWNS) offline.add(ebridFor('terminal', parseAreaCode(villagesOf(town)[0]!), 0));
      await t.db.db.updateTable('eb_resources').set({ status: 'offline' }).where('center_id', '=', centerId).where('ebrid', 'in', [...offline]).execute();
      ({ tok } = await signedIn(t, centerId, { op: ['eb_operator'], approver: ['eb_approver'], editor: ['editor'] }));

      broker = await startMqtt({ mqttUrl: null, mqttPort: 0, host: '127.0.0.1' });
      events = new EventBus();
      runner = new JobRunner({ db: t.db.db, pollMs: 50, leaseSeconds: 5 });
      scheduler = new Scheduler({ db: t.db.db });
      events.attach(runner);
      handle = dispatchBackground({ db: t.db.db, config: t.config, events, runner, scheduler, mqtt: broker });
      await handle.ready;

      if (t.app.hasRoute({ method: 'GET', url: '/api/eb/broadcasts/:id/coverage' })) coverageApp = t.app;
      else {
        const extra = await buildApp({ config: t.config, handle: t.db, permissions: t.permissions });
        await extra.app.register(async (scope) => dispatchRoutes(scope, { db: t.db.db }));
        await extra.app.ready();
        coverageApp = extra.app;
      }

      spy = await mqtt.connectAsync(broker.url, { clientId: 'spy', reconnectPeriod: 0 });
      spy.on('message', (topic, payload) => captured.push({ topic, payload: Buffer.from(payload) }));
      await spy.subscribeAsync(`rongmei/${CODE}/eb/area/#`, { qos: 1 });

      const trust = await trustListOf(t.db.db, centerId);
      for (const r of terminals) sims.push(new SimTerminal({ url: broker.url, centerCode: CODE, ebrid: r.ebrid, areaCode: r.area, trust }));
      await Promise.all(sims.filter((s) => !offline.has(s.opts.ebrid)).map((s) => s.start()));
      await until('hellos processed', async () => {
        const seen = await t.db.db.selectFrom('eb_resources').select('ebrid').where('center_id', '=', centerId).where('last_seen_at', 'is not', null).execute();
        return seen.length === sims.length - offline.size;
      });
      await handle.idle();
    });

    after(async () => {
      await Promise.all(sims.map((s) => s.stop()));
      await spy?.endAsync();
      await handle?.stop();
      scheduler?.stopAll();
      await broker?.close();
      if (coverageApp && coverageApp !== t.app) await coverageApp.close();
      await t.close();
    });

    test('an approved level-II flood warning plays on exactly the terminals of its three towns', async () => {
      assert.equal(sims.length, 32);
      const body = {
        msgType: 1, eventType: '10101', severity: 2, title: '洪水橙色预警', text: '武江沿岸低洼地区群众请立即转移。', areaCodes: TARGETS,
        startAt: new Date().toISOString(), endAt: new Date(Date.now() + 2 * 3600_000).toISOString(), audio: { kind: 'stream', url: 'http://127.0.0.1:8000/live.mp3' },
      };
      const draft = await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      broadcastId = draft.body.id;
      await t.call('POST', `/api/eb/broadcasts/${broadcastId}/submit`, { token: tok.op, body: {} });
      const ok = await t.call('POST', `/api/eb/broadcasts/${broadcastId}/decision`, { token: tok.approver, body: { approve: true } });
      assert.equal(ok.body.status, 'approved');
      ebmid = ok.body.ebmid;
      await deliver();
      await until('online target terminals play', async () => (await states()).playing === 21);
      await Promise.all(sims.map((s) => s.settled()));
      await handle.idle();
      assert.deepEqual(await states(), { playing: 21, pending: 3 });
      for (const s of sims) {
        const expected = inTarget(s) && !offline.has(s.opts.ebrid) ? ebmid : undefined;
        assert.equal(s.current?.ebmid, expected, s.opts.ebrid);
        if (!inTarget(s)) assert.deepEqual(s.acks, [], 'nothing reaches the other town');
      }
      assert.equal(captured.filter((c) => c.topic.includes('/eb/area/')).length, 3, 'one publish per target town');
      const playing = await t.db.db.selectFrom('eb_resources').select('ebrid').where('center_id', '=', centerId).where('status', '=', 'playing').execute();
      assert.equal(playing.length, 21);

      const cov = await coverage(tok.op);
      assert.equal(cov.status, 200, JSON.stringify(cov.body));
      assert.equal(Object.keys(cov.body)[0], 'notReached');
      assert.equal(cov.body.total, 24);
      assert.deepEqual(cov.body.notReached.map((n: { ebrid: string }) => n.ebrid).sort(), [...offline].filter((e) => sims.some((s) => s.opts.ebrid === e && inTarget(s))).sort());
      assert.equal(cov.body.byArea[0].notReached, 1);
      assert.equal(cov.body.byArea.reduce((n: number, a: { total: number }) => n + a.total, 0), 24);
      assert.equal((await coverage(tok.editor)).status, 403);
    });

    test('offline terminals get it when they say hello; the one outside the towns does not', async () => {
      await Promise.all(sims.filter((s) => offline.has(s.opts.ebrid)).map((s) => s.start()));
      await until('all 24 play', async () => (await states()).playing === 24);
      await Promise.all(sims.map((s) => s.settled()));
      for (const s of sims.filter((x) => offline.has(x.opts.ebrid))) assert.equal(s.current?.ebmid, inTarget(s) ? ebmid : undefined);
      const cov = await coverage(tok.approver);
      assert.deepEqual(cov.body.notReached, []);
      assert.equal(cov.body.reached, 24);
    });

    test('forged commands (bit flipped, another key, stale, unsigned, unknown certificate) are rejected, never played', async () => {
      const town = TARGETS[0]!;
      const inTown = sims.filter((s) => s.opts.areaCode.startsWith(town.slice(0, 9)));
      const forged = (n: number) => `${ebmid.slice(0, 31)}${String(9000 + n)}`;
      const cmd = (n: number): StartCommand => ({
        v: 1, type: 'start', ebmid: forged(n), msgType: 1, severity: 1, eventType: '50100', areas: [town], start: new Date().toISOString(),
        end: new Date(Date.now() + 3600_000).toISOString(), audio: null, text: '防空警报', seq: 1_000_000 + n,
      });
      const signer = await platformSigner(t.db.db, t.config.dataDir, centerId);
      const good = JSON.parse((await encodeCommand(cmd(1), signer)).toString('utf8')) as { cmd: string; sig: string };
      const bytes = Buffer.from(good.cmd, 'base64');
      bytes[bytes.indexOf(Buffer.from('"severity":1')) + 11]! ^= 1;
      const other = generateKeyPair();
      const payloads = [
        Buffer.from(JSON.stringify({ cmd: bytes.toString('base64'), sig: good.sig })),
        await encodeCommand(cmd(2), new SoftwareSigner({ privateKeyHex: other.privateKeyHex, certSerial: signer.certSerial })),
        await encodeCommand(cmd(3), signer, new Date(Date.now() - 400_000)),
        Buffer.from(JSON.stringify({ cmd: Buffer.from(JSON.stringify(cmd(4))).toString('base64') })),
        await encodeCommand(cmd(5), new SoftwareSigner({ privateKeyHex: other.privateKeyHex, certSerial: '0000000000AA' })),
      ];
      for (const p of payloads) await spy.publishAsync(topics.area(CODE, town), p, { qos: 1 });
      await until('every terminal of the town rejected all five', () => inTown.every((s) => [1, 2, 3, 4, 5].every((n) => s.acksFor(forged(n)).length > 0)));
      for (const s of inTown) {
        assert.deepEqual([1, 2, 3, 4, 5].map((n) => s.acksFor(forged(n)).map((a) => `${a.state}:${a.reason}`)).flat(),
          ['rejected:BAD_SIGNATURE', 'rejected:BAD_SIGNATURE', 'rejected:STALE', 'rejected:UNSIGNED', 'rejected:UNKNOWN_CERTIFICATE']);
        assert.equal(s.current?.ebmid, ebmid, 'still plays the real warning');
      }
      await handle.idle();
      assert.deepEqual(await states(), { playing: 24 });
    });

    test('a cancel stops them all; a replay of the original start is then rejected', async () => {
      const c = await t.call('POST', `/api/eb/broadcasts/${broadcastId}/cancel`, { token: tok.op, body: { reason: '洪峰已过' } });
      assert.equal(c.body.status, 'cancelled');
      await deliver();
      await until('all stopped', async () => (await states()).stopped === 24);
      for (const s of sims) assert.equal(s.current, null);
      const original = captured.find((m) => m.topic === topics.area(CODE, TARGETS[0]!))!;
      await spy.publishAsync(original.topic, original.payload, { qos: 1 });
      const inTown = sims.filter((s) => s.opts.areaCode.startsWith(TARGETS[0]!.slice(0, 9)));
      await until('replay rejected', () => inTown.every((s) => s.acksFor(ebmid).some((a) => a.reason === 'REPLAYED')));
      for (const s of inTown) assert.equal(s.current, null);
      await handle.idle();
      assert.deepEqual(await states(), { stopped: 24 });
      const cov = await coverage(tok.op);
      assert.equal(cov.body.byState.stopped, 24);
      const busy = await t.db.db.selectFrom('eb_resources').select('ebrid').where('center_id', '=', centerId).where('status', '=', 'playing').execute();
      assert.deepEqual(busy, []);
    });
  });
}
