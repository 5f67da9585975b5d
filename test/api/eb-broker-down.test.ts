/**
 * The MQTT broker is down when a broadcast is approved. Dispatch must not lose it: the
 * deliveries are made once, the job's send fails (saying why) and is retried with backoff
 * instead of hanging on the client's offline queue, and once the broker
 * is back (same port, as after a broker restart) every 4G terminal plays the broadcast
 * exactly once. Real embedded broker (stopped and started again), real platform client
 * (reconnecting), real job runner and outbox relay, simulated terminals that reconnect.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { countyArea, ebCenter, registerTerminals, signedIn, townArea, villageArea } from '../helpers/eb.ts';
import { until } from '../helpers/wait.ts';
import { EventBus, deliveryJobName } from '../../src/platform/events/index.ts';
import { JobRunner, Scheduler } from '../../src/platform/jobs/index.ts';
import { startEmbeddedBroker, startMqtt, type MqttBus } from '../../src/platform/mqtt.ts';
import { trustListOf } from '../../src/modules/emergency/index.ts';
import { parseAreaCode } from '../../src/modules/emergency/ebm/index.ts';
import { ebridFor } from '../../src/modules/emergency/registry/codes.ts';
import { DISPATCH_SUBSCRIBER, dispatchBackground, SimTerminal, type DispatchHandle } from '../../src/modules/emergency/dispatch/index.ts';

const CODE = 'ebbd_c';
const COUNTY = '440281000000';
const TOWN = '440281102000';
const VILLAGE = '440281102201';
const HOST = '127.0.0.1';

for (const engine of testEngines()) {
  describe(`dispatch while the MQTT broker is down (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let broker: { url: string; close(): Promise<void> } | null = null;
    let port: number;
    let bus: MqttBus;
    let events: EventBus;
    let runner: JobRunner;
    let handle: DispatchHandle;
    const sims: SimTerminal[] = [];
    let tok: Record<string, string>;
    const ebrids = [0, 1].map((i) => ebridFor('terminal', parseAreaCode(VILLAGE), i));

    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter(t, CODE, [countyArea(COUNTY), townArea(TOWN, '北乡镇'), villageArea(VILLAGE, '某村')]);
      await registerTerminals(t, centerId, { area: VILLAGE, ebrids });
      ({ tok } = await signedIn(t, centerId, { op: ['eb_operator'], approver: ['eb_approver'] }));

      broker = await startEmbeddedBroker(HOST, 0);
      port = Number(new URL(broker.url).port);
      // The platform reaches it as an external broker (MQTT_URL), so the broker can stop on its own.
      bus = await startMqtt({ mqttUrl: broker.url, mqttPort: 0, host: HOST });
      // The bus's default is 5 attempts: the dispatch subscriber's own (2,000) must outlive the outage.
      events = new EventBus({ maxAttempts: 5 });
      runner = new JobRunner({ db: t.db.db, pollMs: 50, leaseSeconds: 5, backoff: () => 300 });
      events.attach(runner);
      handle = dispatchBackground({ db: t.db.db, config: t.config, events, runner, scheduler: new Scheduler({ db: t.db.db }), mqtt: bus, watchdogMs: 0, tcp: false });
      await handle.ready;
      const trust = await trustListOf(t.db.db, centerId);
      for (const ebrid of ebrids) {
        const sim = new SimTerminal({ url: broker.url, centerCode: CODE, ebrid, areaCode: VILLAGE, trust, reconnectMs: 200 });
        await sim.start();
        sims.push(sim);
      }
      await handle.idle();
      runner.start();
      events.start(t.db.db, 50);
    });

    after(async () => {
      await Promise.all(sims.map((s) => s.stop()));
      await events?.stop();
      await runner?.stop(5000);
      await handle?.stop();
      await bus?.close();
      await broker?.close();
      await t?.close();
    });

    test('a broadcast approved while the broker is down reaches every terminal once the broker is back, played once', async () => {
      await broker!.close();
      broker = null;
      await until('the platform and the terminals notice the broker is gone', () => !bus.client.connected && sims.every((s) => !s.connected));

      const body = { msgType: 1, eventType: '10101', severity: 2, title: '橙色暴雨预警', text: '橙色暴雨预警，请注意防范。', areaCodes: [TOWN], startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString() };
      const draft = await t.call('POST', '/api/eb/broadcasts', { token: tok.op, body });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/submit`, { token: tok.op, body: {} });
      const ok = await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/decision`, { token: tok.approver, body: { approve: true } });
      assert.equal(ok.body.status, 'approved', JSON.stringify(ok.body));
      const ebmid = ok.body.ebmid as string;

      const dispatchJob = () => t.db.db.selectFrom('jobs').selectAll().where('name', '=', deliveryJobName(DISPATCH_SUBSCRIBER)).executeTakeFirst();
      await until('the dispatch job has failed and been retried', async () => Number((await dispatchJob())?.attempts ?? 0) >= 2);
      const failing = await dispatchJob();
      assert.match(failing?.last_error ?? '', /MQTT broker .* is not connected/, 'the job says why it failed');
      assert.notEqual(failing?.status, 'dead');
      const deliveries = await t.db.db.selectFrom('eb_deliveries').select(['ebrid', 'state']).where('center_id', '=', centerId).orderBy('ebrid').execute();
      assert.deepEqual(deliveries.map((d) => [d.ebrid, d.state]), ebrids.map((e) => [e, 'sent']), 'the deliveries are made (once) while the broker is down');
      assert.ok(sims.every((s) => s.plays.length === 0));

      broker = await startEmbeddedBroker(HOST, port);
      await until('every terminal plays the broadcast', () => sims.every((s) => s.current?.ebmid === ebmid), 20_000);
      await until('the dispatch job is done', async () => (await dispatchJob())?.status === 'done', 20_000);
      await until('every delivery is playing', async () => {
        await handle.idle();
        const rows = await t.db.db.selectFrom('eb_deliveries').select('state').where('center_id', '=', centerId).execute();
        return rows.every((r) => r.state === 'playing');
      }, 20_000);
      // Re-sends (the queued publish, the job's retry, the hello after reconnecting) must not make it play twice.
      await new Promise((r) => setTimeout(r, 500));
      for (const s of sims) assert.deepEqual(s.plays.filter((e) => e === ebmid), [ebmid], `${s.opts.ebrid} played it once`);
      const job = await dispatchJob();
      assert.equal(job?.status, 'done');
      assert.ok(Number(job?.attempts) >= 3, 'failed at least twice, then succeeded');
    });
  });
}
