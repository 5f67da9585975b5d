/**
 * One process of a terminal fleet (fleet.ts forks several: a process holds at most so
 * many open sockets). Driven over IPC:
 *
 *   parent → { type: 'init', spec }      start the terminals of this process
 *   child  → { type: 'started', started, failed }
 *   parent → { type: 'report' }           child → { type: 'report', events, verify }
 *   parent → { type: 'count', ebmid, state }  child → { type: 'count', n }  (terminals that said it)
 *   parent → { type: 'stop' }             child stops its terminals and exits
 *
 * Modes: `sim` runs real simulated terminals (MQTT or GD/J 089 IP) that verify every
 * command; `floor` runs bare clients that answer any message at once, to measure what
 * the transport alone costs (the benchmark's floor).
 */
import net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { SimTerminal } from '../dispatch/sim-terminal.ts';
import { SimIpTerminal } from '../dispatch/tcp/sim-terminal.ts';
import { areaChain, topics, type Ack } from '../dispatch/wire.ts';
import { msOfIso } from '../../../platform/iso-time.ts';
import { trustListFrom, VerifyPool } from './verify-pool.ts';
import type { FleetEvent, WorkerSpec } from './types.ts';

type Running = { stop(): Promise<void>; acks: Ack[]; reported: number; ebrid: string; verifyWaitMs?: () => number };

const running: Running[] = [];
const events: FleetEvent[] = [];
let pool: VerifyPool | null = null;
let trust: ReturnType<typeof trustListFrom> | null = null; // one per process: preparing a key costs milliseconds

function pick<T>(seed: string, share: number, then: T, otherwise: T): T {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (h % 10_000) / 10_000 < share ? then : otherwise;
}

async function startSim(spec: WorkerSpec, t: WorkerSpec['terminals'][number]): Promise<Running> {
  trust ??= trustListFrom(spec.keys);
  const verify = pool?.verify;
  const latencyMs = spec.latencyMs ? spec.latencyMs[0] + Math.floor(Math.random() * (spec.latencyMs[1] - spec.latencyMs[0] + 1)) : 0;
  const fault = pick(`${t.ebrid}:fault`, spec.faultShare ?? 0, 'silent' as const, 'none' as const);
  const common = { ebrid: t.ebrid, areaCode: t.areaCode, trust, latencyMs, fault, clockOffsetMs: spec.clockSkewMs ?? 0, heartbeatSeconds: spec.heartbeatSeconds ?? 60, reconnectMs: 1000 }; // a silent terminal is marked offline after EB_OFFLINE_AFTER_SECONDS
  if (spec.protocol === 'mqtt') {
    const terminal = new SimTerminal({
      ...common, url: t.url!, centerCode: spec.centerCode, username: t.ebrid, password: t.password,
      ...(verify ? { verify } : {}),
    });
    await terminal.start();
    return simRunning(t.ebrid, terminal);
  }
  const terminal = new SimIpTerminal({
    ...common, host: spec.tcp!.host, port: spec.tcp!.port, privateKeyHex: t.privateKeyHex!, certSerial: t.certSerial!, keepAnswers: false,
    ...(verify ? { verify } : {}),
  });
  await terminal.start();
  return simRunning(t.ebrid, terminal);
}

/** A simulated terminal as this process reports it (its acks, and how long it waited for its last verdict). */
function simRunning(ebrid: string, terminal: SimTerminal | SimIpTerminal): Running {
  return { stop: () => terminal.stop(), acks: terminal.acks, reported: 0, ebrid, verifyWaitMs: () => terminal.verifyWaitMs };
}

async function startFloorClient(spec: WorkerSpec, t: WorkerSpec['terminals'][number]): Promise<Running> {
  const acks: Ack[] = [];
  if (spec.protocol === 'mqtt') {
    const client: MqttClient = await mqtt.connectAsync(t.url!, { clientId: `floor-${t.ebrid}`, username: t.ebrid, password: t.password, reconnectPeriod: 0 });
    client.on('message', (_topic, payload) => {
      client.publish(topics.ack(spec.centerCode, t.ebrid), Buffer.concat([Buffer.from('FLOOR '), payload.subarray(0, 32)]), { qos: 1 });
      events.push({ ebrid: t.ebrid, ebmid: 'floor', state: 'playing', at: Date.now() });
    });
    await client.subscribeAsync(areaChain(t.areaCode).map((a) => topics.area(spec.centerCode, a)), { qos: 1 });
    return { stop: () => client.endAsync(), acks, reported: 0, ebrid: t.ebrid };
  }
  const socket = net.connect({ host: spec.tcp!.host, port: spec.tcp!.port, noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => undefined);
  socket.write(t.ebrid); // the floor server learns who this is
  socket.on('data', () => {
    socket.write('R');
    events.push({ ebrid: t.ebrid, ebmid: 'floor', state: 'playing', at: Date.now() });
  });
  return { stop: async () => { socket.destroy(); }, acks, reported: 0, ebrid: t.ebrid };
}

async function init(spec: WorkerSpec): Promise<void> {
  if (spec.mode === 'sim' && spec.verifyThreads) {
    pool = new VerifyPool(spec.keys, spec.verifyThreads);
    await pool.warm();
  }
  let failed = 0;
  const errors: string[] = [];
  const start = spec.mode === 'sim' ? startSim : startFloorClient;
  // Connect in waves, not all at once: a listener's backlog is finite.
  for (let i = 0; i < spec.terminals.length; i += 200) {
    const wave = await Promise.allSettled(spec.terminals.slice(i, i + 200).map((t) => start(spec, t)));
    for (const r of wave) {
      if (r.status === 'fulfilled') running.push(r.value);
      else {
        failed++;
        if (errors.length < 5) errors.push(String((r.reason as Error)?.message ?? r.reason));
      }
    }
  }
  process.send!({ type: 'started', started: running.length, failed, errors });
}

/** Acks a terminal keeps once reported (`count` reads the latest): a long run must not keep every one. */
const ACKS_KEPT = 16;

function report(): void {
  for (const r of running) {
    for (let i = r.reported; i < r.acks.length; i++) {
      const a = r.acks[i]!;
      events.push({ ebrid: r.ebrid, ebmid: a.ebmid, state: a.state, reason: a.reason, at: msOfIso(a.at), ...(r.verifyWaitMs?.() ? { verifyWaitMs: r.verifyWaitMs() } : {}) });
    }
    if (r.acks.length > 2 * ACKS_KEPT) r.acks.splice(0, r.acks.length - ACKS_KEPT);
    r.reported = r.acks.length;
  }
  process.send!({ type: 'report', events: events.splice(0), verify: pool?.stats ?? null });
}

/** How many of this process's terminals said `state` about `ebmid`: a few bytes over IPC where a report carries every event. */
function count(ebmid: string, state: string): number {
  let n = 0;
  for (const r of running) {
    for (let i = r.acks.length - 1; i >= 0; i--) {
      const a = r.acks[i]!;
      if (a.ebmid === ebmid && a.state === state) {
        n++;
        break;
      }
    }
  }
  return n;
}

process.on('message', (m: { type: string; spec?: WorkerSpec; ebmid?: string; state?: string }) => {
  if (m.type === 'init') void init(m.spec!).catch((err: Error) => process.send!({ type: 'started', started: 0, failed: m.spec!.terminals.length, errors: [err.message] }));
  if (m.type === 'report') report();
  if (m.type === 'count') process.send!({ type: 'count', n: count(m.ebmid!, m.state!) });
  if (m.type === 'stop') {
    void Promise.allSettled(running.map((r) => r.stop())).then(async () => {
      await pool?.close();
      process.exit(0);
    });
  }
});
process.on('disconnect', () => process.exit(0));
