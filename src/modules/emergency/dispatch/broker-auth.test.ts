/**
 * The embedded broker with terminal credentials and the ACL (broker-acl.ts): nobody gets
 * in anonymously or with a wrong password; a terminal may speak only for itself and
 * hear only its own area chain and topic; the platform may do anything.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { startMqtt, type MqttBus } from '../../../platform/mqtt.ts';
import { brokerAuth, brokerSecret, terminalPassword } from '../../../platform/mqtt-auth.ts';
import { terminalAcl } from './broker-acl.ts';
import { topics } from './wire.ts';

const C = 'lechang';
const ME = '64402811022010314010401'; // a terminal in village 440281102201
const OTHER = '64402811032010314010401'; // a terminal in another town
let bus: MqttBus;
let secret: Buffer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongmei-broker-'));

before(async () => {
  secret = brokerSecret(dir);
  bus = await startMqtt({ mqttUrl: null, mqttPort: 0, host: '127.0.0.1', auth: brokerAuth(secret, terminalAcl) });
});
after(async () => {
  await bus.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const connect = (username?: string, password?: string) => mqtt.connectAsync(bus.url, { clientId: `t-${Math.random()}`, reconnectPeriod: 0, username, password });

test('the secret is made once, kept 0600, and read back the same', () => {
  assert.deepEqual(brokerSecret(dir), secret);
  assert.equal(fs.statSync(path.join(dir, 'keys', 'mqtt.secret')).mode & 0o777, 0o600);
});

test('anonymous, unknown and wrong-password logins are refused', async () => {
  await assert.rejects(connect(), /Bad username or password|Not authorized|bad username/i);
  await assert.rejects(connect(ME, 'guess'), /Bad username or password|bad username/i);
  await assert.rejects(connect(ME, terminalPassword(secret, OTHER)), /Bad username or password|bad username/i);
  await assert.rejects(connect('rongmei-platform', 'guess'), /Bad username or password|bad username/i);
});

test('a terminal speaks only for itself and hears only its own area chain and topic', async () => {
  const me: MqttClient = await connect(ME, terminalPassword(secret, ME));
  const heard: string[] = [];
  me.on('message', (topic) => heard.push(topic));
  const filters = [
    topics.area(C, '440281102201'), topics.area(C, '440281102000'), topics.area(C, '440281000000'), topics.terminal(C, ME),
    topics.area(C, '440281103000'), topics.terminal(C, OTHER), `rongmei/${C}/eb/#`, `rongmei/${C}/eb/ack/+`,
  ];
  const granted: boolean[] = [];
  for (const f of filters) granted.push(await me.subscribeAsync(f, { qos: 1 }).then((g) => g[0]!.qos === 1, () => false));
  assert.deepEqual(granted, [true, true, true, true, false, false, false, false]);

  const acks: string[] = [];
  bus.client.on('message', (topic) => acks.push(topic));
  await bus.client.subscribeAsync(`rongmei/${C}/eb/ack/+`, { qos: 1 });
  await me.publishAsync(topics.ack(C, ME), '{"state":"playing"}', { qos: 1 });
  await bus.publish(topics.area(C, '440281102000'), 'cmd');
  await bus.publish(topics.area(C, '440281103000'), 'cmd');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(heard, [topics.area(C, '440281102000')]);
  // Speaking for another terminal: the broker drops it and closes the connection.
  const closed = new Promise<void>((r) => me.once('close', () => r()));
  await me.publishAsync(topics.ack(C, OTHER), '{"state":"playing"}', { qos: 0 }).catch(() => undefined);
  await closed;
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(acks, [topics.ack(C, ME)], 'the ack for another terminal never reached the platform');
  await me.endAsync(true);
});
