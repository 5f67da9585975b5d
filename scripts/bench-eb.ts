/**
 * `npm run bench:eb`: from the approver's click (the API call) to every online terminal
 * acknowledging "playing", for simulated terminals on each protocol, against the real
 * server process; and in the same run the floor: what the bare transport needs to
 * deliver one message to the same number of clients and collect a reply. Prints JSON.
 *
 *   npm run bench:eb                          MQTT and IP, 2,780 and 20,000 terminals
 *   npm run bench:eb -- --sizes 2780 --protocols ip
 *   npm run bench:eb -- --gateways 2        IP terminals held by 2 gateway processes
 *   npm run bench:eb -- --rounds 9          nine broadcasts per run (median reported)
 *   npm run bench:eb -- --warmup 0          no unmeasured broadcasts first
 *
 * Each run sends --rounds (default 5) county-wide broadcasts one after another (each
 * cancelled and stopped everywhere before the next) and measures the floor as many
 * times; the report gives every round and the median (single measurements move by
 * 10–30 % on this shared machine), and the ratio of the medians. Before them, --warmup
 * (default 2) broadcasts and as many floor rounds run unmeasured, their times reported
 * apart (`warmup`): the first after start-up runs cold code on every side (the JIT has
 * not compiled the command path of the server, gateways and terminals yet), and the
 * second is the first to run the terminals' steady paths (a replay guard that knows the
 * sender, a list of finished broadcasts): 1.5–2.5 times a later one's time, each.
 *
 * Setup per run: the Lechang demo center in a fresh SQLite database, its terminals set
 * to the protocol and topped up to the size across its villages; brokers in their own
 * processes (one per 10,000 MQTT terminals: a process holds at most ~20,000 sockets
 * here; likewise IP terminals past 15,000 are held by 2 gateway processes, EB_TCP_WORKERS,
 * and the raw-TCP floor then listens in as many processes); simulated terminals in
 * processes of 5,000 (at least two), verifying signatures on worker threads (the time
 * spent verifying is reported apart), and the floor's bare clients in as many processes
 * (at 2,780 IP terminals the floor had used one: it ran on two processes against the
 * platform's three). A run waits for every terminal's hello
 * before it measures. Timings are wall-clock on a shared 2-core machine.
 *
 * Verification is reported apart: `signatureChecks` (time the simulator spent verifying)
 * and `playingAckLessVerifyWaitMs`, each terminal's ack time less what it waited for the
 * simulator's shared verifier (a real terminal verifies on its own chip, in parallel).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import Database from 'better-sqlite3';
import { openDb } from '../src/platform/db/index.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { buildPermissionRegistry } from '../src/modules/index.ts';
import { loadDemoCenter } from '../src/demo/lechang.ts';
import { generateKeyPair } from '../src/platform/crypto/index.ts';
import { brokerAuth, brokerSecret } from '../src/platform/mqtt-auth.ts';
import { terminalAcl } from '../src/modules/emergency/dispatch/broker-acl.ts';
import { ebridFor } from '../src/modules/emergency/registry/codes.ts';
import { parseAreaCode } from '../src/modules/emergency/ebm/index.ts';
import { cpuOf, cpuSnapshot, cpuSpent } from './bench/cpu.ts';
import { startFleet, type Fleet } from '../src/modules/emergency/simulator/fleet.ts';
import { BURST_V8_FLAGS } from '../src/modules/emergency/dispatch/tcp/gateway.ts';
import { PlatformClient, fleetTerminals } from '../src/modules/emergency/simulator/platform-client.ts';
import type { FleetProtocol, VerifyStats } from '../src/modules/emergency/simulator/types.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string' }, protocols: { type: 'string' }, gateways: { type: 'string' }, rounds: { type: 'string' }, warmup: { type: 'string' } } });
/** Broadcasts (and floor measurements) per run; the median is reported (single rounds move by 10–30 % here, and a slow one in three is common at 20,000). */
const ROUNDS = Math.max(1, Number(values.rounds ?? 5));
/** Unmeasured broadcasts (and floor rounds) before them: cold code, reported apart. */
const WARMUP = Math.max(0, Number(values.warmup ?? 2));
/** Gateway processes for IP terminals (EB_TCP_WORKERS): given, or 2 past what one process holds well. */
const gatewaysFor = (n: number) => (values.gateways !== undefined ? Number(values.gateways) : n > 15_000 ? 2 : 0);
const SIZES = (values.sizes ?? '2780,20000').split(',').map(Number);
const PROTOCOLS = (values.protocols ?? 'mqtt,ip').split(',') as FleetProtocol[];
const COUNTY = '440281000000';
const CENTER = 'lechang';
const PER_PROCESS = 5000;
const PER_BROKER = 10_000;
/** Processes the simulated terminals run in, and the floor's bare clients too (the same number, so the two differ only in what each client does): two cores, so never one for all. */
const clientProcesses = (n: number) => Math.max(2, Math.ceil(n / PER_PROCESS));
const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

const median = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null).sort((x, y) => x - y);
  return v.length ? v[Math.floor((v.length - 1) / 2)]! : null;
};
const ratio = (x: number | null, floor: number | null) => (x !== null && floor ? Number((x / floor).toFixed(2)) : null);
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : null);
const round = (n: number | null) => (n === null ? null : Math.round(n));
const log = (m: string) => process.stderr.write(`[bench:eb] ${m}\n`);

async function until(what: string, fn: () => Promise<boolean> | boolean, ms: number, everyMs = 100): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * How often the simulators are asked how many terminals play while a broadcast is
 * measured: a count crosses over, not the events (those are collected once, after: the
 * times are stamped by the terminals), so the question costs the cores the
 * measurement shares almost nothing.
 */
const COUNT_EVERY_MS = 100;

/** The demo center with `n` terminals of `protocol`, all online; IP ones share a batch certificate. */
async function prepare(dataDir: string, n: number, protocol: FleetProtocol): Promise<{ privateKeyHex: string; certSerial: string }> {
  const h = openDb({ engine: 'sqlite', databaseUrl: null, dataDir });
  await migrateToLatest(h.db);
  await loadDemoCenter(h.db, buildPermissionRegistry());
  const center = await h.db.selectFrom('centers').select(['id']).where('code', '=', CENTER).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const villages = await h.db.selectFrom('areas').select('code').where('center_id', '=', center.id).where('level', 'in', ['village', 'community']).orderBy('code').execute();
  const have = await h.db.selectFrom('eb_resources').select(['area_code']).where('center_id', '=', center.id).where('kind', '=', 'terminal').execute();
  const perArea = new Map<string, number>();
  for (const r of have) perArea.set(r.area_code, (perArea.get(r.area_code) ?? 0) + 200); // demo indices stay below 200
  const rows = [];
  for (let i = 0; have.length + rows.length < n; i++) {
    const area = villages[i % villages.length]!.code;
    const k = perArea.get(area) ?? 200;
    perArea.set(area, k + 1);
    const ebrid = ebridFor('terminal', parseAreaCode(area), k);
    rows.push({
      id: randomUUID(), center_id: center.id, ebrid, physical_id: `BENCH-${ebrid}`, kind: 'terminal', name: `压测终端 ${ebrid.slice(-6)}`, area_code: area, parent_id: null,
      protocol, address: null, longitude: null, latitude: null, status: 'online', status_since: now, last_seen_at: now, cert_serial: null, cert_public_key: null, created_at: now, updated_at: now,
    });
  }
  for (let i = 0; i < rows.length; i += 1000) await h.db.insertInto('eb_resources').values(rows.slice(i, i + 1000)).execute();
  const pair = generateKeyPair();
  const certSerial = 'BE0000000001';
  await h.db.updateTable('eb_resources').set({ protocol, status: 'online', status_since: now, last_seen_at: now, cert_serial: certSerial, cert_public_key: pair.publicKeyHex })
    .where('center_id', '=', center.id).where('kind', '=', 'terminal').execute();
  await h.close();
  return { privateKeyHex: pair.privateKeyHex, certSerial };
}

function forkReady<T>(script: string, args: string[], v8Flags: string[] = []): Promise<{ child: ChildProcess; msg: T }> {
  const child = fork(path.resolve(script), args, { execArgv: ['--import', 'tsx', ...v8Flags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (msg) => resolve({ child, msg: msg as T }));
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
}

/** The server's own account of the dispatch (its "broadcast dispatched" log line). */
let dispatched: Record<string, unknown> | null = null;

function startServer(env: Record<string, string>): Promise<{ url: string; tcpPort: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/rongmei.mjs', 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /running at (http:\/\/\S+)/.exec(out);
      const t = /GD\/J 089 TCP [\d.]+:(\d+)/.exec(out);
      if (m && t) resolve({ url: m[1]!, tcpPort: Number(t[1]), child });
    };
    child.stdout!.on('data', (d: Buffer) => {
      const text = d.toString();
      out += text;
      for (const line of text.split('\n')) if (line.includes('"broadcast dispatched"')) dispatched = JSON.parse(line) as Record<string, unknown>;
      if (out.length > 1_000_000) out = out.slice(-100_000);
      check();
    });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${out.slice(-2000)}`)));
  });
}

async function run(protocol: FleetProtocol, n: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongmei-bench-eb-'));
  log(`${protocol} × ${n}: preparing`);
  const batchKey = await prepare(dataDir, n, protocol);
  const secret = brokerSecret(dataDir);
  const platformLogin = brokerAuth(secret, terminalAcl).platform;
  const brokers: string[] = [];
  if (protocol === 'mqtt') {
    for (let i = 0; i < Math.ceil(n / PER_BROKER); i++) brokers.push((await forkReady<{ url: string }>('scripts/bench/broker-process.ts', [dataDir])).msg.url);
  }
  const withLogin = (u: string) => u.replace('mqtt://', `mqtt://${platformLogin.username}:${platformLogin.password}@`);
  const server = await startServer({
    NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', MQTT_PORT: '0', EB_TCP_PORT: '0', DEMO: 'false', LOG_LEVEL: 'info', BACKUP_CRON: '',
    RATE_LIMIT_PER_MINUTE: '100000', EB_TCP_WORKERS: String(protocol === 'ip' ? gatewaysFor(n) : 0), ...(brokers.length ? { MQTT_URL: brokers.map(withLogin).join(',') } : {}),
  });
  const api = new PlatformClient(server.url);
  await api.login('engineer', 'Lechang@2026');
  const keys = await api.trustedKeys();
  const list = await api.terminals();
  const sqlite = new Database(path.join(dataDir, 'rongmei.db'), { readonly: true });
  const count = (q: string, ...a: unknown[]) => (sqlite.prepare(q).get(...a) as { n: number }).n;
  const processes = clientProcesses(n);

  log(`${protocol} × ${n}: connecting ${list.length} terminals in ${processes} processes`);
  const startedAt = new Date().toISOString();
  const terminals = fleetTerminals(list, protocol, { dataDir, mqttUrls: brokers, batchKey });
  const fleet = await startFleet(terminals, { mode: 'sim', protocol, centerCode: CENTER, keys, tcp: { host: '127.0.0.1', port: server.tcpPort }, verifyThreads: 1, processes });
  await until('every hello processed', () => count(`SELECT count(*) n FROM eb_resources WHERE kind = 'terminal' AND last_seen_at >= ?`, startedAt) >= fleet.started, 600_000);
  await new Promise((r) => setTimeout(r, 2000)); // let the hello re-sends settle
  const baseline = (await fleet.collect()).verify; // drop what was said so far; verifier counts are cumulative

  const op = new PlatformClient(server.url);
  await op.login('eb_operator', 'Lechang@2026');
  const ap = new PlatformClient(server.url);
  await ap.login('eb_approver', 'Lechang@2026');
  const warmups: Round[] = [];
  for (let r = 1; r <= WARMUP; r++) {
    log(`${protocol} × ${n}: warm-up broadcast ${r} of ${WARMUP}`);
    warmups.push(await broadcastRound(op, ap, fleet, count, baseline));
  }
  const rounds: Round[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    log(`${protocol} × ${n}: broadcast ${r} of ${ROUNDS}`);
    rounds.push(await broadcastRound(op, ap, fleet, count, baseline));
  }
  await fleet.stop();
  // The floor runs with the server gone: its work after the rounds (thousands of terminals
  // going offline) must not slow the floor down.
  const exited = server.child.exitCode !== null ? Promise.resolve() : new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  const late = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(late);

  log(`${protocol} × ${n}: floor`);
  const floors = protocol === 'mqtt' ? await mqttFloor(list, dataDir, brokers, withLogin) : await tcpFloor(list, Math.max(1, gatewaysFor(n)));
  sqlite.close();
  const lastMs = median(rounds.map((x) => x.playingAckMs.last));
  const floorMs = median(floors.ms);
  const mid = rounds.find((x) => x.playingAckMs.last === lastMs) ?? rounds[0]!;
  return {
    protocol, terminals: n, connected: fleet.started, failedToConnect: fleet.failed, brokers: brokers.length || undefined, gateways: protocol === 'ip' ? gatewaysFor(n) : undefined, processes,
    rounds: rounds.length,
    /** The round with the median last ack. */
    ...mid,
    lastAckMsPerRound: rounds.map((x) => x.playingAckMs.last),
    /** The unmeasured first broadcasts and floor rounds (cold code). */
    warmup: { lastAckMs: warmups.map((x) => x.playingAckMs.last), firstAckMs: warmups.map((x) => x.playingAckMs.first), floorMs: floors.warmupMs.map(round) },
    cpuMsPerRound: rounds.map((x) => x.cpuMs),
    floorMsPerRound: floors.ms.map(round),
    floorCpuMsPerRound: floors.cpuMs,
    floorMs: round(floorMs),
    ratioLastToFloor: ratio(lastMs, floorMs),
    ratioLastLessVerifyWaitToFloor: ratio(median(rounds.map((x) => x.playingAckLessVerifyWaitMs.last)), floorMs),
  };
}

type Round = Awaited<ReturnType<typeof broadcastRound>>;

/**
 * One county-wide broadcast: authored, submitted, then approved (the clock starts at
 * the approver's API call) until every terminal acked playing and the platform recorded
 * it; then cancelled, and every terminal's stop awaited, so the next round starts idle.
 */
async function broadcastRound(op: PlatformClient, ap: PlatformClient, fleet: Fleet, count: (q: string, ...a: unknown[]) => number, baseline: VerifyStats) {
  const b = await op.call<{ id: string }>('POST', '/api/eb/broadcasts', {
    msgType: 1, eventType: '10101', severity: 1, title: '全市洪水红色预警（压测）', text: '武江洪峰将至，沿岸群众立即转移。', areaCodes: [COUNTY],
    startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString(), audio: { kind: 'stream', url: 'http://127.0.0.1:1/live.mp3' },
  });
  await op.call('POST', `/api/eb/broadcasts/${b.id}/submit`);
  dispatched = null;
  const cpuBefore = cpuSnapshot(process.pid);
  // CPU snapshots every 25 ms (reading /proc is cheap): the one just after the last ack ends the window.
  const cpuSamples: { at: number; snap: ReturnType<typeof cpuSnapshot> }[] = [];
  const sampling = setInterval(() => cpuSamples.push({ at: Date.now(), snap: cpuOf(cpuBefore) }), 25);
  const t0 = Date.now();
  const approved = await ap.call<{ ebmid: string }>('POST', `/api/eb/broadcasts/${b.id}/decision`, { approve: true });
  const approveMs = Date.now() - t0;
  const playing = new Map<string, number>();
  /** The same, less what the terminal waited for the simulator's shared verifier. */
  const lessVerify = new Map<string, number>();
  let verify = { requests: 0, verified: 0, verifyMs: 0 };
  await until('every terminal playing', async () => (await fleet.count(approved.ebmid, 'playing')) >= fleet.started, 120_000, COUNT_EVERY_MS)
    .catch((err: Error) => log(err.message));
  const got = await fleet.collect();
  verify = { requests: got.verify.requests - baseline.requests, verified: got.verify.verified - baseline.verified, verifyMs: got.verify.verifyMs - baseline.verifyMs };
  for (const e of got.events) {
    if (e.ebmid !== approved.ebmid || e.state !== 'playing' || playing.has(e.ebrid)) continue;
    playing.set(e.ebrid, e.at - t0);
    lessVerify.set(e.ebrid, e.at - t0 - (e.verifyWaitMs ?? 0));
  }
  clearInterval(sampling);
  let recordedMs: number | null = null;
  await until('platform records every delivery', () => {
    if (count(`SELECT count(*) n FROM eb_deliveries WHERE broadcast_id = ? AND state = 'playing'`, b.id) < fleet.started) return false;
    recordedMs = Date.now() - t0;
    return true;
  }, 120_000).catch((err: Error) => log(err.message));
  const times = [...playing.values()].sort((x, y) => x - y);
  const windowEnd = cpuSamples.find((c) => c.at >= t0 + (times.at(-1) ?? 0)) ?? cpuSamples.at(-1);
  const cpuMs = windowEnd ? cpuSpent(cpuBefore, windowEnd.snap) : null;
  const timesLessVerify = [...lessVerify.values()].sort((x, y) => x - y);
  const report = dispatched as Record<string, unknown> | null;
  Object.assign(baseline, (await fleet.collect()).verify); // counts of this round are taken

  // Cancel, and wait until every terminal stopped.
  const stopped = new Set<string>();
  await ap.call('POST', `/api/eb/broadcasts/${b.id}/cancel`, { reason: '压测结束' });
  await until('every terminal stopped', async () => {
    for (const e of (await fleet.collect()).events) if (e.ebmid === approved.ebmid && e.state === 'stopped') stopped.add(e.ebrid);
    return stopped.size >= fleet.started;
  }, 120_000).catch((err: Error) => log(err.message));
  await new Promise((r) => setTimeout(r, 1000)); // the platform applies the stops
  Object.assign(baseline, (await fleet.collect()).verify);

  return {
    approveApiMs: approveMs,
    playingAckMs: { first: round(times[0] ?? null), p50: round(pct(times, 50)), p99: round(pct(times, 99)), last: round(times.at(-1) ?? null), acked: times.length, missing: fleet.started - times.length },
    playingAckLessVerifyWaitMs: { p50: round(pct(timesLessVerify, 50)), p99: round(pct(timesLessVerify, 99)), last: round(timesLessVerify.at(-1) ?? null) },
    platformRecordedAllMs: recordedMs,
    platformDispatch: report ? { sinceApprovalMs: report.sinceApprovalMs, sendMs: report.sendMs, makeDeliveriesMs: report.makeMs } : null,
    signatureChecks: { requests: verify.requests, distinct: verify.verified, verifyMs: Math.round(verify.verifyMs) },
    /** CPU time by process from the approval until the last terminal played (to 25 ms). */
    cpuMs,
  };
}

/** The floor's rounds: time to the last reply (null: not all replied) and CPU time by process, each round. */
interface FloorRounds { ms: (number | null)[]; cpuMs: Record<string, number>[]; warmupMs: (number | null)[] }

/** Runs a floor measurement WARMUP + ROUNDS times, a second apart (the warm-up ones reported apart). */
async function floorRounds(once: () => Promise<number | null>): Promise<FloorRounds> {
  const out: FloorRounds = { ms: [], cpuMs: [], warmupMs: [] };
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    const before = cpuSnapshot(process.pid);
    const ms = await once();
    if (r < WARMUP) out.warmupMs.push(ms);
    else {
      out.ms.push(ms);
      out.cpuMs.push(cpuSpent(before, cpuSnapshot(process.pid)));
    }
    await new Promise((res) => setTimeout(res, 1000));
  }
  return out;
}

/** Bare MQTT: one publish per broker to the county topic, a bare client per terminal replies; time to the last reply (ROUNDS times; null: not all replied). */
async function mqttFloor(list: { ebrid: string; areaCode: string }[], dataDir: string, brokers: string[], withLogin: (u: string) => string): Promise<FloorRounds> {
  // Through 127.0.0.2: the sims' closed connections still hold ports towards 127.0.0.1.
  const urls = brokers.map((u) => u.replace('127.0.0.1', '127.0.0.2'));
  const terminals = fleetTerminals(list as never, 'mqtt', { dataDir, mqttUrls: urls });
  const fleet = await startFleet(terminals, { mode: 'floor', protocol: 'mqtt', centerCode: CENTER, keys: [], processes: clientProcesses(list.length) });
  const collectors = await Promise.all(urls.map((u) => mqtt.connectAsync(withLogin(u), { clientId: `floor-${randomUUID()}`, reconnectPeriod: 0 })));
  let seen = new Set<string>();
  let resolve = (): void => undefined;
  for (const c of collectors) {
    c.on('message', (topic, payload) => {
      if (!payload.subarray(0, 5).equals(Buffer.from('FLOOR'))) return;
      seen.add(topic);
      if (seen.size >= fleet.started) resolve();
    });
    await c.subscribeAsync(`rongmei/${CENTER}/eb/ack/+`, { qos: 1 });
  }
  const rounds = await floorRounds(async () => {
    seen = new Set();
    const done = new Promise<void>((res) => (resolve = res));
    const t0 = performance.now();
    await Promise.all(collectors.map((c) => c.publishAsync(`rongmei/${CENTER}/eb/area/${COUNTY}`, 'FLOOR', { qos: 1 })));
    const ok = await Promise.race([done.then(() => true), new Promise<boolean>((res) => setTimeout(() => res(false), 60_000))]);
    return ok ? performance.now() - t0 : null;
  });
  await Promise.all(collectors.map((c) => c.endAsync()));
  await fleet.stop();
  return rounds;
}

/**
 * Bare TCP: one 64-byte write per connection, one reply each; time to the last reply
 * (ROUNDS times; null: not all replied).
 * `listeners` processes share the connections (as many as the platform's gateways).
 */
async function tcpFloor(list: { ebrid: string; areaCode: string }[], listeners: number): Promise<FloorRounds> {
  const shares = Array.from({ length: listeners }, (_, i) => list.filter((_t, j) => j % listeners === i));
  // As many client processes in all as the simulators ran in, spread over the listeners.
  const total = clientProcesses(list.length);
  const floors = await Promise.all(shares.map(async (share, i) => {
    // The floor's listeners run with the gateways' young generation (tcp/gateway.ts), so the two differ only in what they do.
    const { child, msg } = await forkReady<{ port: number }>('scripts/bench/tcp-floor-process.ts', [], BURST_V8_FLAGS);
    const fleet = await startFleet(share.map((t) => ({ ebrid: t.ebrid, areaCode: t.areaCode })), { mode: 'floor', protocol: 'ip', centerCode: CENTER, keys: [], tcp: { host: '127.0.0.2', port: msg.port }, processes: Math.floor(total / listeners) + (i < total % listeners ? 1 : 0) || 1 });
    const ask = <T>(m: object, type: string) => new Promise<T>((resolve) => {
      const on = (r: { type: string }) => { if (r.type === type) { child.off('message', on); resolve(r as T); } };
      child.on('message', on);
      child.send(m);
    });
    await until('floor connections', async () => (await ask<{ connected: number }>({ type: 'count' }, 'count')).connected >= fleet.started, 60_000);
    return { child, fleet, ask };
  }));
  const rounds = await floorRounds(async () => {
    const rs = await Promise.all(floors.map((f) => Promise.race([f.ask<{ ms: number }>({ type: 'go' }, 'done'), new Promise<null>((res) => setTimeout(() => res(null), 60_000))])));
    return rs.some((x) => x === null) ? null : Math.max(...rs.map((x) => x!.ms));
  });
  for (const f of floors) {
    await f.fleet.stop();
    f.child.kill();
  }
  return rounds;
}

const results = [];
for (const protocol of PROTOCOLS) {
  for (const n of SIZES) {
    try {
      results.push(await run(protocol, n));
    } catch (err) {
      results.push({ protocol, terminals: n, error: (err as Error).message.slice(0, 500) });
      log((err as Error).stack ?? String(err));
    }
    children.splice(0).forEach((c) => c.kill('SIGKILL'));
    await new Promise((r) => setTimeout(r, 3000));
  }
}
console.log(JSON.stringify({ bench: 'eb', machine: { cpus: os.cpus().length, node: process.version }, goal: 'last playing ack within 2x the transport floor of the same run', results }, null, 2));
process.exit(0);
