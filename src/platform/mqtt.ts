/**
 * The platform's MQTT connection. With MQTT_URL unset an embedded broker (aedes)
 * runs in-process on MQTT_PORT, so a laptop needs nothing else; in production
 * MQTT_URL names Mosquitto or EMQX. Either way the platform talks to it as a client,
 * so the code path is the same. (Emergency-broadcast terminals subscribe here.)
 */
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient, type IClientPublishOptions } from 'mqtt';
import type { BrokerAuth, BrokerIdentity } from './mqtt-auth.ts';

export interface MqttBus {
  /** The (first) broker's URL. */
  url: string;
  /** Every broker, when MQTT_URL lists several. */
  urls: string[];
  embedded: boolean;
  /** The connection to the first broker (health checks). */
  client: MqttClient;
  /** One connection per broker. */
  clients: MqttClient[];
  /** Publishes on every broker. */
  publish(topic: string, payload: string | Buffer, opts?: IClientPublishOptions): Promise<void>;
  close(): Promise<void>;
}

export class MqttStartError extends Error {}

/** A publish the broker did not take (not connected, or no acknowledgement in time): try again later. */
export class MqttUnavailable extends Error {
  override name = 'MqttUnavailable';
}

const PUBLISH_ACK_TIMEOUT_MS = 10_000;

function notAuthorized(code: 4 | 5): Error & { returnCode: 4 | 5 } {
  return Object.assign(new Error(code === 4 ? 'bad username or password' : 'not authorized'), { returnCode: code });
}

/** The embedded broker; with `auth`, nobody connects without credentials and the ACL holds. */
export async function startEmbeddedBroker(host: string, port: number, auth?: BrokerAuth): Promise<{ url: string; close(): Promise<void> }> {
  const who = new WeakMap<object, BrokerIdentity>();
  // concurrency 0: aedes's default (100 messages in flight) queues a burst in mqemitter,
  // which drains the queue recursively and overflows the stack at a few thousand
  // (mcollina/mqemitter#204): 2,780 terminals acknowledging at once crashed it.
  const broker = await Aedes.createBroker({
    concurrency: 0,
    ...(auth ? {
    authenticate(client, username, password, done) {
      const id = auth.authenticate(username, password);
      if (!id) return done(notAuthorized(4) as never, false);
      who.set(client, id);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      const id = client ? who.get(client) : { kind: 'platform' as const };
      done(id && auth.acl.mayPublish(id, packet.topic) ? null : new Error('not authorized'));
    },
    authorizeSubscribe(client, sub, done) {
      const id = who.get(client);
      done(null, id && auth.acl.maySubscribe(id, sub.topic) ? sub : null);
    },
    } : {}),
  });
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

async function connectClient(url: string, clientId: string, login: { username?: string; password?: string }): Promise<MqttClient> {
  const client = mqtt.connect(url, { clientId, reconnectPeriod: 2000, connectTimeout: 10_000, ...login });
  const shown = url.replace(/\/\/[^@]*@/, '//***@');
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', (err) => reject(err));
      setTimeout(() => reject(new MqttStartError(`Cannot reach the MQTT broker at ${shown}: check MQTT_URL.`)), 10_000).unref();
    });
  } catch (err) {
    client.end(true);
    throw err instanceof MqttStartError ? err : new MqttStartError(`Cannot reach the MQTT broker at ${shown}: ${(err as Error).message}. Check MQTT_URL.`);
  }
  client.on('error', () => {}); // reconnects by itself; state is visible in /healthz
  return client;
}

/**
 * Connects to MQTT_URL, or starts the embedded broker and connects to it. MQTT_URL may
 * list several brokers, comma-separated (one process holds at most so many connections:
 * past that, terminals are spread over brokers): commands are published on every one,
 * and terminal traffic is received from every one.
 */
export async function startMqtt(opts: { mqttUrl: string | null; mqttPort: number; host: string; clientId?: string; auth?: BrokerAuth }): Promise<MqttBus> {
  const embedded = opts.mqttUrl ? null : await startEmbeddedBroker(opts.host, opts.mqttPort, opts.auth);
  const urls = opts.mqttUrl ? opts.mqttUrl.split(',').map((u) => u.trim()).filter(Boolean) : [embedded!.url];
  const login = embedded && opts.auth ? opts.auth.platform : {};
  const clientId = opts.clientId ?? `rongmei-${process.pid}-${Date.now()}`;
  const clients: MqttClient[] = [];
  try {
    for (const [i, url] of urls.entries()) clients.push(await connectClient(url, i ? `${clientId}-${i}` : clientId, login));
  } catch (err) {
    await Promise.all(clients.map((c) => c.endAsync()));
    await embedded?.close();
    throw err;
  }
  // mqtt.js keeps a QoS 1 publish made while disconnected in memory and calls back only
  // once it reconnects: a dispatch job would hang for the whole outage, holding a runner
  // slot, with nothing in its record. Refuse at once instead (the job fails, shows why and
  // retries with backoff), and give up on an ack that does not come (the connection died
  // after the send; a second copy later is harmless, terminals ignore repeats).
  const publishOn = (client: MqttClient, url: string, topic: string, payload: string | Buffer, o: IClientPublishOptions) =>
    new Promise<void>((resolve, reject) => {
      const shown = url.replace(/\/\/[^@]*@/, '//***@');
      if (!client.connected) return reject(new MqttUnavailable(`MQTT broker ${shown} is not connected: message to ${topic} not sent`));
      const timer = setTimeout(() => reject(new MqttUnavailable(`MQTT broker ${shown} did not acknowledge the message to ${topic} within ${PUBLISH_ACK_TIMEOUT_MS / 1000} s`)), PUBLISH_ACK_TIMEOUT_MS);
      timer.unref();
      client.publish(topic, payload, o, (err) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      });
    });
  return {
    url: urls[0]!,
    urls,
    embedded: !!embedded,
    client: clients[0]!,
    clients,
    publish: async (topic, payload, o = { qos: 1 }) => {
      await Promise.all(clients.map((c, i) => publishOn(c, urls[i]!, topic, payload, o)));
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync()));
      await embedded?.close();
    },
  };
}
