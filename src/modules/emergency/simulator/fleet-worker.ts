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
import { areaChain, topics } from '../dispatch/wire.ts';
import type { BrainAck } from '../dispatch/sim-brain.ts';
import { AckLog } from './ack-log.ts';
import { trustListFrom, VerifyPool } from './verify-pool.ts';
import type { WorkerSpec } from './types.ts';

type Running = { stop(): Promise<void> };

const running: Running[] = [];
/** What every terminal of this process said, until the parent collects it. */
const log = new AckLog();
/** The terminals of this process, numbered as they start. */
let started = 0;
/** What a floor client reports for each message it answers. */
const FLOOR_ACK: BrainAck = { ebmid: 'floor', state: 'playing' };
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
  const index = started++;
  const ebrid = t.ebrid;
  // Logged as said, not kept by the terminal (a fleet never reads `acks`).
  const onAck = (a: BrainAck, atMs: number, verifyWaitMs: number) => log.add(index, ebrid, a, atMs, verifyWaitMs);
  const common = { onAck, keepAcks: false, ebrid: t.ebrid, areaCode: t.areaCode, trust, latencyMs, fault, clockOffsetMs: spec.clockSkewMs ?? 0, heartbeatSeconds: spec.heartbeatSeconds ?? 60, reconnectMs: 1000 }; // a silent terminal is marked offline after EB_OFFLINE_AFTER_SECONDS
  const sim = spec.protocol === 'mqtt'
    ? new SimTerminal({ ...common, url: t.url!, centerCode: spec.centerCode, username: t.ebrid, password: t.password, ...(verify ? { verify } : {}) })
    : new SimIpTerminal({ ...common, host: spec.tcp!.host, port: spec.tcp!.port, privateKeyHex: t.privateKeyHex!, certSerial: t.certSerial!, keepAnswers: false, ...(verify ? { verify } : {}) });
  await sim.start();
  return { stop: () => sim.stop() };
}

async function startFloorClient(spec: WorkerSpec, t: WorkerSpec['terminals'][number]): Promise<Running> {
  const index = started++;
  if (spec.protocol === 'mqtt') {
    const client: MqttClient = await mqtt.connectAsync(t.url!, { clientId: `floor-${t.ebrid}`, username: t.ebrid, password: t.password, reconnectPeriod: 0 });
    client.on('message', (_topic, payload) => {
      client.publish(topics.ack(spec.centerCode, t.ebrid), Buffer.concat([Buffer.from('FLOOR '), payload.subarray(0, 32)]), { qos: 1 });
      log.add(index, t.ebrid, FLOOR_ACK, Date.now());
    });
    await client.subscribeAsync(areaChain(t.areaCode).map((a) => topics.area(spec.centerCode, a)), { qos: 1 });
    return { stop: () => client.endAsync() };
  }
  const socket = net.connect({ host: spec.tcp!.host, port: spec.tcp!.port, noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => undefined);
  socket.write(t.ebrid); // the floor server learns who this is
  socket.on('data', () => {
    socket.write('R');
    log.add(index, t.ebrid, FLOOR_ACK, Date.now());
  });
  return { stop: async () => { socket.destroy(); } };
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

function report(): void {
  process.send!({ type: 'report', events: log.drain(), verify: pool?.stats ?? null });
}

process.on('message', (m: { type: string; spec?: WorkerSpec; ebmid?: string; state?: string }) => {
  if (m.type === 'init') void init(m.spec!).catch((err: Error) => process.send!({ type: 'started', started: 0, failed: m.spec!.terminals.length, errors: [err.message] }));
  if (m.type === 'report') report();
  if (m.type === 'count') process.send!({ type: 'count', n: log.count(m.ebmid!, m.state!) });
  if (m.type === 'stop') {
    void Promise.allSettled(running.map((r) => r.stop())).then(async () => {
      await pool?.close();
      process.exit(0);
    });
  }
});
process.on('disconnect', () => process.exit(0));
