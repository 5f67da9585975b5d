/**
 * What dispatch does when terminals stay silent, and how acks move deliveries: the
 * watchdog re-sends an unanswered start to that terminal alone, gives up after three
 * sends (offline, NO_ACK), marks a terminal silent for EB_OFFLINE_AFTER_SECONDS offline,
 * and a later hello brings the broadcast to it. Acks in bulk: preemption reported as
 * `queued`, resumed as `playing`; a rejection cannot fail a delivery that plays.
 * Real broker, real MQTT driver; the silent terminal is a bare MQTT client.
 */
import { until as waitUntil } from '../helpers/wait.ts';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { countyArea, ebCenter, registerTerminals, signedIn, townArea, villageArea } from '../helpers/eb.ts';
import { EventBus } from '../../src/platform/events/index.ts';
import { JobRunner, Scheduler } from '../../src/platform/jobs/index.ts';
import { startMqtt, type MqttBus } from '../../src/platform/mqtt.ts';
import { trustListOf } from '../../src/modules/emergency/index.ts';
import { parseAreaCode } from '../../src/modules/emergency/ebm/index.ts';
import { ebridFor } from '../../src/modules/emergency/registry/codes.ts';
import {
  applyAcks, dispatchBackground, handleHello, SimTerminal, topics, watchdogPass, type DispatchHandle,
} from '../../src/modules/emergency/dispatch/index.ts';

const CODE = 'ebw_c';
const COUNTY = '440281000000';
const TOWN = '440281102000';
const VILLAGE = '440281102201';

const until = (what: string, fn: () => Promise<boolean> | boolean, ms = 10_000) => waitUntil(what, fn, ms, 25);

for (const engine of testEngines()) {
  describe(`dispatch watchdog and acks (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let broker: MqttBus;
    let events: EventBus;
    let runner: JobRunner;
    let handle: DispatchHandle;
    let silent: MqttClient;
    let sim: SimTerminal;
    const heardBySilent: string[] = [];
    let tok: Record<string, string>;
    const answering = ebridFor('terminal', parseAreaCode(VILLAGE), 0);
    const quiet = ebridFor('terminal', parseAreaCode(VILLAGE), 1);
    const opts = { ackTimeoutSeconds: 30, offlineAfterSeconds: 300 };

    async function deliver() {
      for (let i = 0; i < 3; i++) {
        await events.relay(t.db.db);
        while ((await runner.runDue()) > 0);
      }
    }
    const delivery = (ebrid: string) => t.db.db.selectFrom('eb_deliveries').selectAll().where('center_id', '=', centerId).where('ebrid', '=', ebrid).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    async function approve(severity: number, title: string): Promise<{ id: string; ebmid: string }> {
      const body = { msgType: 1, eventType: '10101', severity, title, text: `${title}，请注意防范。`, areaCodes: [TOWN], startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString() };
      const draft = await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/submit`, { token: tok.op, body: {} });
      const ok = await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/decision`, { token: tok.approver, body: { approve: true } });
      assert.equal(ok.body.status, 'approved');
      await deliver();
      return { id: draft.body.id, ebmid: ok.body.ebmid };
    }

    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter(t, CODE, [countyArea(COUNTY), townArea(TOWN, '北乡镇'), villageArea(VILLAGE, '某村')]);
      await registerTerminals(t, centerId, { area: VILLAGE, ebrids: [answering, quiet] });
      ({ tok } = await signedIn(t, centerId, { op: ['eb_operator'], approver: ['eb_approver'] }));
      broker = await startMqtt({ mqttUrl: null, mqttPort: 0, host: '127.0.0.1' });
      events = new EventBus();
      runner = new JobRunner({ db: t.db.db, pollMs: 50, leaseSeconds: 5 });
      events.attach(runner);
      handle = dispatchBackground({ db: t.db.db, config: t.config, events, runner, scheduler: new Scheduler({ db: t.db.db }), mqtt: broker, watchdogMs: 0 });
      await handle.ready;
      sim = new SimTerminal({ url: broker.url, centerCode: CODE, ebrid: answering, areaCode: VILLAGE, trust: await trustListOf(t.db.db, centerId) });
      await sim.start();
      silent = await mqtt.connectAsync(broker.url, { clientId: 'silent', reconnectPeriod: 0 });
      silent.on('message', (topic) => heardBySilent.push(topic));
      await silent.subscribeAsync([topics.area(CODE, TOWN), topics.terminal(CODE, quiet)], { qos: 1 });
      await handle.idle();
    });

    after(async () => {
      await sim?.stop();
      await silent?.endAsync();
      await handle?.stop();
      await broker?.close();
      await t.close();
    });

    test('an unanswered start is re-sent to that terminal alone, three sends in all, then it is offline (NO_ACK)', async () => {
      const b = await approve(3, '黄色暴雨预警');
      await until('the answering terminal plays', async () => (await handle.idle(), (await delivery(answering)).state === 'playing'));
      assert.equal((await delivery(quiet)).state, 'sent');
      assert.equal(heardBySilent.filter((x) => x.includes('/eb/area/')).length, 1);
      const t0 = Date.now();
      const pass1 = await watchdogPass({ db: t.db.db, drivers: handle.drivers, dataDir: t.config.dataDir }, opts, new Date(t0 + 31_000));
      assert.deepEqual(pass1, { resent: 1, gaveUp: 0, wentOffline: 0 }, 'only the silent terminal is sent again');
      await until('the re-send arrives on its own topic', () => heardBySilent.includes(topics.terminal(CODE, quiet)));
      assert.equal((await delivery(quiet)).attempts, 2);
      await watchdogPass({ db: t.db.db, drivers: handle.drivers, dataDir: t.config.dataDir }, opts, new Date(t0 + 62_000));
      assert.equal((await delivery(quiet)).attempts, 3);
      const last = await watchdogPass({ db: t.db.db, drivers: handle.drivers, dataDir: t.config.dataDir }, opts, new Date(t0 + 93_000));
      assert.equal(last.gaveUp, 1);
      const d = await delivery(quiet);
      assert.deepEqual([d.state, d.last_error], ['offline', 'NO_ACK']);
      assert.equal((await delivery(answering)).state, 'playing', 'the answering terminal is untouched');
      const cov = await t.call('GET', `/api/eb/broadcasts/${b.id}/coverage`, { token: tok.op });
      assert.deepEqual(cov.body.notReached, [{ ebrid: quiet, areaCode: VILLAGE, state: 'offline', reason: 'NO_ACK' }]);
      const csv = await t.app.inject({ method: 'GET', url: `/api/eb/broadcasts/${b.id}/coverage.csv`, headers: { authorization: `Bearer ${tok.op}` } });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
      assert.deepEqual(lines[0]!.slice(0, 7), ['reached', 'area_code', 'area_name', 'ebrid', 'terminal', 'state', 'reason']);
      assert.deepEqual(lines[1]!.slice(0, 8), ['NO', VILLAGE, '某村', quiet, '终端1', 'offline', 'NO_ACK', '3'], 'the terminal not reached comes first, with why');
      assert.deepEqual(lines[2]!.slice(0, 7), ['yes', VILLAGE, '某村', answering, '终端0', 'playing', '']);
      assert.match(lines[2]![9]!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'began playing at, Beijing time');
    });

    test('a terminal silent for EB_OFFLINE_AFTER_SECONDS is marked offline; its hello brings the broadcast back', async () => {
      const later = new Date(Date.now() + 301_000);
      // The answering terminal spoke "later" too (its heartbeat); the quiet one did not.
      await t.db.db.updateTable('eb_resources').set({ last_seen_at: later.toISOString() }).where('ebrid', '=', answering).execute();
      const pass = await watchdogPass({ db: t.db.db, drivers: handle.drivers, dataDir: t.config.dataDir }, opts, later);
      assert.equal(pass.wentOffline, 1);
      const r = await t.db.db.selectFrom('eb_resources').select(['ebrid', 'status']).where('center_id', '=', centerId).orderBy('ebrid').execute();
      assert.deepEqual(r.map((x) => x.status), ['playing', 'offline']);
      const before = heardBySilent.length;
      const sent = await handleHello({ db: t.db.db, drivers: handle.drivers, dataDir: t.config.dataDir }, 'mqtt', centerId, quiet);
      assert.equal(sent, 1);
      await until('the returning terminal gets the start', () => heardBySilent.length > before);
      assert.equal((await delivery(quiet)).state, 'sent');
    });

    test('a heartbeat from a terminal marked offline brings it back with what it missed; a fresh sighting is not rewritten', async () => {
      const row = (ebrid: string) => t.db.db.selectFrom('eb_resources').select(['status', 'last_seen_at']).where('center_id', '=', centerId).where('ebrid', '=', ebrid).executeTakeFirstOrThrow();
      // Offline since a moment ago (the test before moved its clock ahead).
      await t.db.db.updateTable('eb_resources').set({ status: 'offline', status_since: new Date(Date.now() - 1000).toISOString() }).where('center_id', '=', centerId).where('ebrid', '=', quiet).execute();
      const answeringSeen = (await row(answering)).last_seen_at; // set ahead of time by the test before: fresher than any refresh
      const before = heardBySilent.length;
      await silent.publishAsync(topics.heartbeat(CODE, quiet), '{}', { qos: 1 });
      await silent.publishAsync(topics.heartbeat(CODE, answering), '{}', { qos: 1 });
      await until('the returning terminal is online and sent the start again', async () => (await row(quiet)).status !== 'offline' && heardBySilent.length > before);
      assert.ok((await row(quiet)).last_seen_at, 'seen');
      assert.equal((await row(answering)).last_seen_at, answeringSeen, 'a sighting fresher than the refresh window is not written again');
    });

    test('acks in bulk: preempted → queued, resumed → playing; a rejection never fails a playing delivery', async () => {
      const ebmid = (await t.db.db.selectFrom('eb_broadcasts').select('ebmid').where('center_id', '=', centerId).executeTakeFirstOrThrow()).ebmid!;
      const at = () => new Date().toISOString();
      await applyAcks(t.db.db, centerId, [{ ebrid: answering, ack: { ebmid, state: 'queued', reason: 'PREEMPTED', at: at() } }]);
      assert.equal((await delivery(answering)).state, 'queued');
      await applyAcks(t.db.db, centerId, [{ ebrid: answering, ack: { ebmid, state: 'playing', at: at() } }]);
      assert.equal((await delivery(answering)).state, 'playing');
      await applyAcks(t.db.db, centerId, [{ ebrid: answering, ack: { ebmid, state: 'queued', reason: 'BUSY_HIGHER_PRIORITY', at: at() } }]);
      assert.equal((await delivery(answering)).state, 'playing', 'only a preemption moves a playing delivery to queued');
      await applyAcks(t.db.db, centerId, [{ ebrid: answering, ack: { ebmid, state: 'rejected', reason: 'BAD_SIGNATURE', at: at() } }]);
      const d = await delivery(answering);
      assert.deepEqual([d.state, d.last_error], ['playing', 'BAD_SIGNATURE']);
      await applyAcks(t.db.db, centerId, [{ ebrid: answering, ack: { ebmid: '1'.repeat(35), state: 'stopped', at: at() } }]);
      assert.equal((await delivery(answering)).state, 'playing', 'an ack for a broadcast this center does not have changes nothing');
    });
  });
}
