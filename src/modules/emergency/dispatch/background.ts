/**
 * Dispatch's background work: two event subscriptions (approved → deliveries + start,
 * cancelled → stop) and one MQTT consumer of terminal acks and hellos. The consumer is
 * not a job: it reacts to live traffic and its updates are idempotent (acks only move
 * deliveries forward; a repeated hello re-sends what terminals ignore when they have it).
 */
import { pino, type Logger } from 'pino';
import type { MqttBus } from '../../../platform/mqtt.ts';
import type { ModuleBackground } from '../../../platform/module.ts';
import type { Db } from '../../../platform/db/index.ts';
import { dispatchApproved, handleAck, handleHello, publishStop, type DispatchDeps } from './service.ts';
import { parseAck, parseTopic } from './wire.ts';

/** The module background plus the platform's MQTT connection (null: no dispatch in this process). */
export type DispatchBackground = ModuleBackground & { mqtt: MqttBus | null; logger?: Logger };

export interface DispatchHandle {
  /** Resolves once the ack/hello subscriptions are in place. */
  ready: Promise<void>;
  /** Resolves when no ack or hello is being processed. */
  idle(): Promise<void>;
  /** Stops consuming acks and hellos (after those in progress). */
  stop(): Promise<void>;
}

export const DISPATCH_SUBSCRIBER = 'eb.dispatch';

interface ApprovedPayload { broadcastId: string; ebmid: string }
interface CancelledPayload { broadcastId: string; ebmid: string | null; cancelEbmid: string | null }

/** Subscribes dispatch to broadcast events and starts the ack/hello consumer. */
export function dispatchBackground(bg: DispatchBackground): DispatchHandle {
  const logger = bg.logger ?? pino({ level: 'silent' });
  const mqtt = bg.mqtt;
  if (!mqtt) {
    logger.warn('no MQTT connection: emergency broadcasts are not dispatched to terminals by this process');
    return { ready: Promise.resolve(), idle: async () => {}, stop: async () => {} };
  }
  const deps: DispatchDeps = { db: bg.db, mqtt, dataDir: bg.config.dataDir };
  bg.events.subscribe<ApprovedPayload>('eb.broadcast.approved', DISPATCH_SUBSCRIBER, async (event, ctx) => {
    if (!event.centerId) return;
    await dispatchApproved(deps, ctx, event.centerId, event.payload.broadcastId);
  });
  bg.events.subscribe<CancelledPayload>('eb.broadcast.cancelled', DISPATCH_SUBSCRIBER, async (event) => {
    if (!event.centerId) return;
    await publishStop(deps, event.centerId, event.payload.broadcastId);
  });
  return consumeTerminalTraffic(bg.db, deps, logger);
}

function consumeTerminalTraffic(db: Db, deps: DispatchDeps, logger: Logger): DispatchHandle {
  const client = deps.mqtt.client;
  const centers = new Map<string, string>();
  const inFlight = new Set<Promise<void>>();
  const filters = ['rongmei/+/eb/ack/+', 'rongmei/+/eb/hello/+'];

  async function centerIdOf(code: string): Promise<string | null> {
    const known = centers.get(code);
    if (known) return known;
    const row = await db.selectFrom('centers').select('id').where('code', '=', code).executeTakeFirst();
    if (row) centers.set(code, row.id);
    return row?.id ?? null;
  }

  async function onMessage(topic: string, payload: Buffer): Promise<void> {
    const t = parseTopic(topic);
    if (!t || (t.kind !== 'ack' && t.kind !== 'hello') || !/^\d{23}$/.test(t.id)) return;
    const centerId = await centerIdOf(t.center);
    if (!centerId) return;
    if (t.kind === 'hello') {
      await handleHello(deps, centerId, t.id);
      return;
    }
    const ack = parseAck(payload);
    if (ack) await handleAck(db, centerId, t.id, ack);
  }

  const listener = (topic: string, payload: Buffer): void => {
    const p = onMessage(topic, payload).catch((err: unknown) => logger.error({ err, topic }, 'terminal message not processed'));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  client.on('message', listener);
  const ready = client.subscribeAsync(filters, { qos: 1 }).then(() => undefined);
  const idle = async (): Promise<void> => {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
  };
  return {
    ready,
    idle,
    async stop() {
      client.removeListener('message', listener);
      await client.unsubscribeAsync(filters).catch(() => undefined);
      await idle();
    },
  };
}
