import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import mqtt from 'mqtt';
import { startMqtt } from './mqtt.ts';

async function roundTrip(url: string, bus: Awaited<ReturnType<typeof startMqtt>>) {
  const sub = await mqtt.connectAsync(url, { clientId: `t-${Date.now()}` });
  const got = new Promise<string>((resolve) => sub.on('message', (_t, m) => resolve(m.toString())));
  await sub.subscribeAsync('rongmei/test/#', { qos: 1 });
  await bus.publish('rongmei/test/a', '乐昌 应急广播');
  assert.equal(await got, '乐昌 应急广播');
  await sub.endAsync();
}

describe('MQTT', () => {
  test('the embedded broker starts on a free port and carries messages', async () => {
    const bus = await startMqtt({ mqttUrl: null, mqttPort: 0, host: '127.0.0.1' });
    assert.equal(bus.embedded, true);
    await roundTrip(bus.url, bus);
    await bus.close();
  });

  test('a taken MQTT_PORT is a clear start-up error naming the setting', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    await assert.rejects(startMqtt({ mqttUrl: null, mqttPort: port, host: '127.0.0.1' }), /MQTT_PORT .* is taken/);
    blocker.close();
  });

  test('an external broker (MQTT_URL) is used when set', { skip: !process.env.MQTT_URL && 'set MQTT_URL to test an external broker' }, async () => {
    const bus = await startMqtt({ mqttUrl: process.env.MQTT_URL!, mqttPort: 0, host: '127.0.0.1' });
    assert.equal(bus.embedded, false);
    await roundTrip(process.env.MQTT_URL!, bus);
    await bus.close();
  });
});
