/** The simulated terminal's priority rules and idempotence, over an embedded broker. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { startMqtt, type MqttBus } from '../../../platform/mqtt.ts';
import { CertificateTrustList, generateKeyPair, SoftwareSigner } from '../../../platform/crypto/index.ts';
import { SimTerminal } from './sim-terminal.ts';
import { encodeCommand, topics, type Command, type StartCommand } from './wire.ts';

const pair = generateKeyPair();
const signer = new SoftwareSigner({ privateKeyHex: pair.privateKeyHex, certSerial: '0123456789AB' });
const trust = new CertificateTrustList();
trust.add(signer.certSerial, { publicKeyHex: pair.publicKeyHex, subject: 'platform', validFrom: new Date('2020-01-01'), validTo: new Date('2099-01-01') });
const TOWN = '440281102000';
const ebmid = (n: number) => `444028100000001010101012026112900${String(n).padStart(2, '0')}`;
let seq = 0;
const start = (n: number, msgType: number, severity: number): StartCommand => ({
  v: 1, type: 'start', ebmid: ebmid(n), msgType, severity, eventType: '10101', areas: [TOWN], start: new Date().toISOString(),
  end: new Date(Date.now() + 3600_000).toISOString(), audio: null, text: `广播${n}`, seq: ++seq,
});

let broker: MqttBus;
let sim: SimTerminal;
let platform: MqttClient;
const send = async (c: Command) => {
  await platform.publishAsync(topics.area('c1', TOWN), await encodeCommand(c, signer), { qos: 1 });
  await new Promise((r) => setTimeout(r, 60));
  await sim.settled();
};

before(async () => {
  broker = await startMqtt({ mqttUrl: null, mqttPort: 0, host: '127.0.0.1' });
  platform = await mqtt.connectAsync(broker.url, { clientId: 'platform-test', reconnectPeriod: 0 });
  sim = new SimTerminal({ url: broker.url, centerCode: 'c1', ebrid: '64402811022010314010401', areaCode: '440281102201', trust });
  await sim.start();
});
after(async () => {
  await sim.stop();
  await platform.endAsync();
  await broker.close();
});

test('real over drill, more severe over less: higher preempts, equal or lower queues, the queue plays after a stop', async () => {
  await send(start(1, 3, 1)); // drill, red
  assert.equal(sim.current?.ebmid, ebmid(1));
  await send(start(2, 1, 3)); // real, yellow: preempts any drill
  assert.equal(sim.current?.ebmid, ebmid(2));
  await send(start(3, 1, 3)); // real, yellow: equal, queued
  await send(start(4, 1, 4)); // real, blue: lower, queued
  assert.equal(sim.current?.ebmid, ebmid(2));
  assert.deepEqual(sim.queue.map((q) => q.ebmid).sort(), [ebmid(1), ebmid(3), ebmid(4)]);
  await send(start(2, 1, 3)); // the platform re-sends what it plays: acked again, nothing changes
  assert.deepEqual(sim.acksFor(ebmid(2)).map((a) => a.state), ['playing', 'playing']);
  await send({ v: 1, type: 'stop', ebmid: ebmid(2), cancelEbmid: null, seq: ++seq });
  assert.equal(sim.current?.ebmid, ebmid(3), 'the best queued one (real, yellow) plays next');
  assert.deepEqual(sim.acksFor(ebmid(3)).map((a) => `${a.state}:${a.reason ?? ''}`), ['queued:BUSY_HIGHER_PRIORITY', 'playing:']);
  assert.deepEqual(sim.acksFor(ebmid(1)).map((a) => `${a.state}:${a.reason ?? ''}`), ['playing:', 'queued:PREEMPTED'], 'a preempted one is reported queued');
  await send({ v: 1, type: 'stop', ebmid: ebmid(4), cancelEbmid: null, seq: ++seq });
  assert.deepEqual(sim.queue.map((q) => q.ebmid), [ebmid(1)]);
  await send(start(4, 1, 4));
  assert.equal(sim.acksFor(ebmid(4)).at(-1)?.reason, 'REPLAYED', 'a stopped EBMID never starts again');
  const replay = start(5, 1, 1);
  replay.seq = 1; // a sequence number it accepted before
  await send(replay);
  assert.equal(sim.acksFor(ebmid(5)).at(-1)?.reason, 'REPLAYED');
  assert.equal(sim.current?.ebmid, ebmid(3));
});
