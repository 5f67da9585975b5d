/**
 * The platform's MQTT connection. With MQTT_URL unset an embedded broker (aedes)
 * runs in-process on MQTT_PORT, so a laptop needs nothing else; in production
 * MQTT_URL names Mosquitto or EMQX. Either way the platform talks to it as a client,
 * so the code path is the same. (Emergency-broadcast terminals subscribe here.)
 */
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient, type IClientPublishOptions } from 'mqtt';

export interface MqttBus {
  url: string;
  embedded: boolean;
  client: MqttClient;
  publish(topic: string, payload: string | Buffer, opts?: IClientPublishOptions): Promise<void>;
  close(): Promise<void>;
}

export class MqttStartError extends Error {}

async function startEmbeddedBroker(host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', () => broker.close());
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE'
        ? new MqttStartError(`MQTT_PORT ${port} is taken by another program: set MQTT_PORT to a free port, or MQTT_URL to use that broker.`)
        : err);
    });
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as net.AddressInfo;
  return {
    url: `mqtt://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
      }),
  };
}

/** Connects to MQTT_URL, or starts the embedded broker and connects to it. */
export async function startMqtt(opts: { mqttUrl: string | null; mqttPort: number; host: string; clientId?: string }): Promise<MqttBus> {
  const embedded = opts.mqttUrl ? null : await startEmbeddedBroker(opts.host, opts.mqttPort);
  const url = opts.mqttUrl ?? embedded!.url;
  const client = mqtt.connect(url, { clientId: opts.clientId ?? `rongmei-${process.pid}-${Date.now()}`, reconnectPeriod: 2000, connectTimeout: 10_000 });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', (err) => reject(err));
      setTimeout(() => reject(new MqttStartError(`Cannot reach the MQTT broker at ${url.replace(/\/\/[^@]*@/, '//***@')}: check MQTT_URL.`)), 10_000).unref();
    });
  } catch (err) {
    client.end(true);
    await embedded?.close();
    throw err instanceof MqttStartError ? err : new MqttStartError(`Cannot reach the MQTT broker at ${url}: ${(err as Error).message}. Check MQTT_URL.`);
  }
  client.on('error', () => {}); // reconnects by itself; state is visible in /healthz
  return {
    url,
    embedded: !!embedded,
    client,
    publish: (topic, payload, o = { qos: 1 }) =>
      new Promise((resolve, reject) => client.publish(topic, payload, o, (err) => (err ? reject(err) : resolve()))),
    async close() {
      await client.endAsync();
      await embedded?.close();
    },
  };
}
