/**
 * Dispatch's background work: two event subscriptions (approved → deliveries + start,
 * cancelled → stop), the terminal drivers (MQTT, and GD/J 089 TCP) with the sink that
 * turns what terminals say into delivery and registry updates, and the watchdog.
 * The sink is not a job: it reacts to live traffic and its updates are idempotent (acks
 * only move deliveries forward; a repeated hello re-sends what terminals ignore when
 * they have it).
 */
import { pino, type Logger } from 'pino';
import type { MqttBus } from '../../../platform/mqtt.ts';
import type { ModuleBackground } from '../../../platform/module.ts';
import type { Db } from '../../../platform/db/index.ts';
import { AckBatcher } from './acks.ts';
import type { TerminalDriver, TerminalSink } from './driver.ts';
import { createMqttDriver } from './mqtt-driver.ts';
import { createTcpDriver, type TcpDriver } from './tcp/driver.ts';
import { platformEbrid } from '../broadcasts/ebm-build.ts';
import { dispatchApproved, handleGone, handleHello, sendStop, type DispatchDeps } from './service.ts';
import { watchdogPass } from './watchdog.ts';

/** The module background plus the platform's MQTT connection (null: no MQTT dispatch in this process). */
export type DispatchBackground = ModuleBackground & {
  mqtt: MqttBus | null;
  logger?: Logger;
  /** Drivers besides MQTT and TCP (tests). */
  drivers?: TerminalDriver[];
  /** Start the GD/J 089 TCP listener (EB_TCP_HOST:EB_TCP_PORT). Default: true. */
  tcp?: boolean;
  /** Watchdog period in ms (0: no watchdog). */
  watchdogMs?: number;
};

export interface DispatchHandle {
  /** Resolves once every driver receives (subscriptions, listeners in place). */
  ready: Promise<void>;
  /** Resolves when no terminal message is being processed and every ack is applied. */
  idle(): Promise<void>;
  /** Stops the drivers and the watchdog (after messages in progress). */
  stop(): Promise<void>;
  drivers: TerminalDriver[];
  /** Listening ports (`ebTcp`: the GD/J 089 terminal listener). */
  ports(): Record<string, number>;
}

export const DISPATCH_SUBSCRIBER = 'eb.dispatch';
/** A dispatch writes its deliveries once no ack came for this long (the burst after its start is over)… */
const BURST_OVER_AFTER_MS = 200;
/** …or after this long at most. */
const AFTER_BURST_MAX_MS = 3000;

interface ApprovedPayload { broadcastId: string; ebmid: string }
interface CancelledPayload { broadcastId: string; ebmid: string | null; cancelEbmid: string | null }

/** Center code → id, remembered (`known` answers at once for a center seen before). */
function centerResolver(db: Db): { (code: string): Promise<string | null>; known: Map<string, string> } {
  const known = new Map<string, string>();
  return Object.assign(async (code: string) => {
    const hit = known.get(code);
    if (hit) return hit;
    const row = await db.selectFrom('centers').select('id').where('code', '=', code).executeTakeFirst();
    if (row) known.set(code, row.id);
    return row?.id ?? null;
  }, { known });
}

/** What terminals say, turned into deliveries and registry status. */
function sinkOf(deps: DispatchDeps, acks: AckBatcher, seenRefreshMs: number): TerminalSink {
  const centerIdOf = centerResolver(deps.db);
  return {
    async hello(protocol, centerCode, ebrid, at) {
      const centerId = await centerIdOf(centerCode);
      if (centerId) await handleHello(deps, protocol, centerId, ebrid, at);
    },
    // Queued for the next batch, not awaited: a refused one (backlog full) is logged and
    // recovered by the watchdog's re-send.
    ack(_protocol, centerCode, ebrid, ack) {
      const centerId = centerIdOf.known.get(centerCode);
      if (centerId) {
        acks.add(centerId, { ebrid, ack });
        return;
      }
      return centerIdOf(centerCode).then((id) => {
        if (id) acks.add(id, { ebrid, ack });
      });
    },
    async gone(_protocol, centerCode, ebrid, at) {
      const centerId = await centerIdOf(centerCode);
      if (centerId) await handleGone(deps.db, centerId, ebrid, at);
    },
    async seen(protocol, centerCode, ebrids, at) {
      const centerId = await centerIdOf(centerCode);
      if (!centerId) return;
      // Heard while marked offline: back, and maybe missing something. The center's offline
      // terminals are few and indexed: one query, not one per chunk of what was heard.
      const offline = new Set((await deps.db.selectFrom('eb_resources').select('ebrid')
        .where('center_id', '=', centerId).where('kind', '=', 'terminal').where('status', '=', 'offline').execute()).map((r) => r.ebrid));
      // Liveness is judged in minutes: a sighting is written only over one older than
      // seenRefreshMs, so a county's 20,000 heartbeats and acks do not rewrite 20,000 rows
      // every sweep (they did: ~100 ms of the server's time every 5 s).
      const stamp = at.toISOString();
      const staleBefore = new Date(at.getTime() - seenRefreshMs).toISOString();
      for (let i = 0; i < ebrids.length; i += 500) {
        await deps.db.updateTable('eb_resources').set({ last_seen_at: stamp })
          .where('center_id', '=', centerId).where('ebrid', 'in', ebrids.slice(i, i + 500)).where('status', '!=', 'offline')
          .where((w) => w.or([w('last_seen_at', 'is', null), w('last_seen_at', '<', staleBefore)]))
          .execute();
      }
      for (const ebrid of ebrids) if (offline.has(ebrid)) await handleHello(deps, protocol, centerId, ebrid, at);
    },
  };
}

/** The GD/J 089 listener, finding terminals (and their certificates) in the registry. */
function tcpDriverOf(bg: DispatchBackground, logger: Logger): TcpDriver {
  // center code → its area code (the platform EBRID, source of every frame, is made from it)
  const areaOf = new Map<string, string | null>();
  void bg.db.selectFrom('centers').select(['code', 'area_code']).execute()
    .then((rows) => rows.forEach((c) => areaOf.set(c.code, c.area_code)), () => undefined);
  return createTcpDriver({
    host: bg.config.ebTcpHost, port: bg.config.ebTcpPort, workers: bg.config.ebTcpWorkers, logger, silentAfterSeconds: bg.config.ebOfflineAfterSeconds,
    async lookupTerminal(ebrid) {
      const row = await bg.db.selectFrom('eb_resources as r').innerJoin('centers as c', 'c.id', 'r.center_id')
        .select(['c.code', 'c.area_code', 'r.cert_serial', 'r.cert_public_key']).where('r.ebrid', '=', ebrid).where('r.kind', '=', 'terminal').executeTakeFirst();
      if (!row) return null;
      areaOf.set(row.code, row.area_code);
      return { centerCode: row.code, certSerial: row.cert_serial, publicKeyHex: row.cert_public_key };
    },
    platformEbrid: (centerCode) => platformEbrid(areaOf.get(centerCode) ?? '000000000000'),
  });
}

/** Subscribes dispatch to broadcast events and starts the drivers and the watchdog. */
export function dispatchBackground(bg: DispatchBackground): DispatchHandle {
  const logger = bg.logger ?? pino({ level: 'silent' });
  const tcp = bg.tcp === false ? null : tcpDriverOf(bg, logger);
  const drivers: TerminalDriver[] = [
    ...(bg.mqtt ? [createMqttDriver(bg.mqtt, { onError: (err, topic) => logger.error({ err, topic }, 'terminal message not processed') })] : []),
    ...(tcp ? [tcp] : []),
    ...(bg.drivers ?? []),
  ];
  if (!drivers.length) {
    logger.warn('no terminal driver: emergency broadcasts are not dispatched to terminals by this process');
    return { ready: Promise.resolve(), idle: async () => {}, stop: async () => {}, drivers, ports: () => ({}) };
  }
  const acks = new AckBatcher(bg.db, { logger });
  const deps: DispatchDeps = { db: bg.db, drivers, dataDir: bg.config.dataDir, holdAcks: (until) => acks.hold(until), afterBurst: () => acks.quiet(BURST_OVER_AFTER_MS, AFTER_BURST_MAX_MS) };
  // A dispatch retries for as long as a broadcast can matter (a broker or database outage
  // must not end it: 2,000 tries, ~16 h), at most 30 s apart once the outage is over.
  const retries = { maxAttempts: 2000, backoffCapMs: 30_000 };
  bg.events.subscribe<ApprovedPayload>('eb.broadcast.approved', DISPATCH_SUBSCRIBER, async (event, ctx) => {
    if (!event.centerId) return;
    const timing = await dispatchApproved(deps, ctx, event.centerId, event.payload.broadcastId);
    logger.info({ broadcastId: event.payload.broadcastId, ebmid: event.payload.ebmid, sinceApprovalMs: Date.now() - Date.parse(event.createdAt), ...timing }, 'broadcast dispatched');
  }, retries);
  bg.events.subscribe<CancelledPayload>('eb.broadcast.cancelled', DISPATCH_SUBSCRIBER, async (event) => {
    if (!event.centerId) return;
    await sendStop(deps, event.centerId, event.payload.broadcastId);
  });
  // A fifth of the silence after which a terminal counts as offline, at most a minute.
  const sink = sinkOf(deps, acks, Math.min(60_000, (bg.config.ebOfflineAfterSeconds * 1000) / 5));
  const ready = Promise.all(drivers.map((d) => d.start(sink))).then(() => undefined);

  const period = bg.watchdogMs ?? 5000;
  let watching: Promise<unknown> = Promise.resolve();
  const timer = period > 0 ? setInterval(() => {
    watching = watchdogPass(deps, { ackTimeoutSeconds: bg.config.ebAckTimeoutSeconds, offlineAfterSeconds: bg.config.ebOfflineAfterSeconds })
      .catch((err: unknown) => logger.error({ err }, 'dispatch watchdog pass failed'));
  }, period) : null;
  timer?.unref();

  const idle = async (): Promise<void> => {
    await Promise.all(drivers.map((d) => d.idle()));
    await acks.flush();
  };
  return {
    ready,
    idle,
    drivers,
    ports: (): Record<string, number> => (tcp ? { ebTcp: tcp.port } : {}),
    async stop() {
      if (timer) clearInterval(timer);
      await watching;
      await Promise.all(drivers.map((d) => d.stop()));
      await acks.stop();
    },
  };
}
