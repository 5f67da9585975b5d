/**
 * The MQTT terminal driver (4G terminals): one signed publish per area topic, the broker
 * fans out; a re-send goes to the terminal's own topic. Terminals' hellos, heartbeats,
 * acks and last-will "gone" messages come back on per-terminal topics (wire.ts).
 *
 * Back channel: on the embedded broker a terminal logs in with its EBRID and a
 * per-terminal password, and may publish only on its own topics (broker-auth.ts), so
 * an ack on rongmei/<c>/eb/ack/<ebrid> did come from <ebrid>. With MQTT_URL the same
 * rules belong in the external broker's ACL (README, "Production").
 *
 * Heartbeats are many and carry nothing but "still here": they are collected and
 * reported to the sink in batches (one `seen` call per center per flush).
 */
import type { MqttBus } from '../../../platform/mqtt.ts';
import type { Signer } from '../../../platform/crypto/index.ts';
import { failpoint } from '../../../platform/failpoints.ts';
import type { AreaTarget, TerminalDriver, TerminalSink } from './driver.ts';
import { encodeCommand, parseAck, parseTopic, topics, type Command } from './wire.ts';

const PUBLISH = { qos: 1, retain: false } as const;
const FILTERS = ['rongmei/+/eb/ack/+', 'rongmei/+/eb/hello/+', 'rongmei/+/eb/heartbeat/+', 'rongmei/+/eb/gone/+'];
const EBRID = /^\d{23}$/;

export interface MqttDriverOptions {
  /** How often collected heartbeats are reported (ms). */
  heartbeatFlushMs?: number;
  onError?: (err: unknown, topic: string) => void;
}

export function createMqttDriver(bus: MqttBus, opts: MqttDriverOptions = {}): TerminalDriver {
  const inFlight = new Set<Promise<void>>();
  const beats = new Map<string, Set<string>>(); // centerCode → EBRIDs heard since the last flush
  let sink: TerminalSink | null = null;
  let flushTimer: NodeJS.Timeout | null = null;

  async function flush(): Promise<void> {
    if (!sink?.seen || !beats.size) return;
    const batch = [...beats.entries()];
    beats.clear();
    const at = new Date();
    for (const [center, ebrids] of batch) await sink.seen('mqtt', center, [...ebrids], at);
  }

  async function onMessage(topic: string, payload: Buffer): Promise<void> {
    const t = parseTopic(topic);
    if (!t || !sink || !EBRID.test(t.id)) return;
    if (t.kind === 'hello') return sink.hello('mqtt', t.center, t.id, new Date());
    if (t.kind === 'gone') return sink.gone?.('mqtt', t.center, t.id, new Date());
    if (t.kind === 'heartbeat') {
      const set = beats.get(t.center) ?? new Set<string>();
      set.add(t.id);
      beats.set(t.center, set);
      return;
    }
    if (t.kind === 'ack') {
      const ack = parseAck(payload);
      if (ack) await sink.ack('mqtt', t.center, t.id, ack);
    }
  }

  const listener = (topic: string, payload: Buffer): void => {
    const p = onMessage(topic, payload).catch((err: unknown) => opts.onError?.(err, topic));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const idle = async (): Promise<void> => {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
  };

  return {
    protocol: 'mqtt',
    async start(s) {
      sink = s;
      for (const client of bus.clients) {
        client.on('message', listener);
        await client.subscribeAsync(FILTERS, { qos: 1 });
      }
      flushTimer = setInterval(() => void flush().catch((err: unknown) => opts.onError?.(err, 'heartbeat')), opts.heartbeatFlushMs ?? 5000);
      flushTimer.unref();
    },
    async toAreas(target: AreaTarget, cmd: Command, signer: Signer) {
      const payload = await encodeCommand(cmd, signer);
      for (const area of target.areas) {
        await bus.publish(topics.area(target.centerCode, area), payload, PUBLISH);
        failpoint('eb.dispatch.mid-send');
      }
    },
    async toTerminal(centerCode, ebrid, cmd, signer) {
      await bus.publish(topics.terminal(centerCode, ebrid), await encodeCommand(cmd, signer), PUBLISH);
      return true; // the broker holds nothing for an absent clean-session client; its next hello re-sends
    },
    idle,
    async stop() {
      if (flushTimer) clearInterval(flushTimer);
      for (const client of bus.clients) {
        client.removeListener('message', listener);
        await client.unsubscribeAsync(FILTERS).catch(() => undefined);
      }
      await idle();
      await flush().catch(() => undefined);
      sink = null;
    },
  };
}
