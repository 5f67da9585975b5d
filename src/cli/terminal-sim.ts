/**
 * `rongmei terminal-sim`: simulated loudspeaker terminals for a running platform, for
 * demos, tests and benchmarks. They take the registered terminals of the center (or of
 * one area), connect over MQTT and/or GD/J 089 TCP, verify every command exactly as a
 * real terminal must, and answer. Spread over several processes; signatures are checked
 * on worker threads. Prints live counts every few seconds until stopped (Ctrl-C).
 */
import { parseArgs } from 'node:util';
import type { Config } from '../platform/config.ts';
import { PlatformClient, fleetTerminals, shareOf } from '../modules/emergency/simulator/platform-client.ts';
import { startFleet, type Fleet } from '../modules/emergency/simulator/fleet.ts';
import type { FleetProtocol } from '../modules/emergency/simulator/types.ts';

export const TERMINAL_SIM_HELP = `Usage: rongmei terminal-sim [options]

Runs the center's registered terminals as simulated terminals against a running platform.

  --server URL          the platform (default http://127.0.0.1:PORT)
  --user U --password P an account with eb.registry.read (+ eb.registry.manage to enrol
                        IP terminal certificates); default: the demo's engineer
  --protocol P          mqtt, ip or both: which registered terminals to run (default both)
  --area CODE[,CODE…]   only terminals inside these 12-digit areas
  --count N             at most N terminals per protocol
  --offline SHARE       share (0–1) that stays offline (default 0)
  --fault SHARE         share that takes commands and never answers (default 0)
  --latency MIN-MAX     answer delay in ms (default 0)
  --skew SECONDS        every terminal's clock is off by this much (default 0)
  --processes N         worker processes per protocol (default: 1 per 5,000 terminals)
  --verify-threads N    signature-check threads per process (default 1)
  --mqtt URL[,URL…]     broker(s) (default: MQTT_URL, or the embedded broker on MQTT_PORT)
  --tcp HOST:PORT       the GD/J 089 listener (default EB_TCP_HOST:EB_TCP_PORT)
  --for SECONDS         stop after this long (default: run until Ctrl-C)`;

function range(v: string | undefined): [number, number] | undefined {
  if (!v) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(v);
  if (!m) throw new Error(`--latency must be MIN-MAX in ms, got "${v}"`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

function share(v: string | undefined, name: string): number {
  const n = v === undefined ? 0 : Number(v);
  if (!(n >= 0 && n <= 1)) throw new Error(`--${name} must be a share between 0 and 1, got "${v}"`);
  return n;
}

export async function terminalSimCommand(args: string[], config: Config): Promise<number> {
  try {
    return await run(args, config);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    console.error(e.cause?.code === 'ECONNREFUSED' ? `Error: cannot reach the platform (${e.message}); start it, or give --server.` : `Error: ${e.message}`);
    return 1;
  }
}

async function run(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args, options: {
      server: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, center: { type: 'string' }, protocol: { type: 'string' },
      area: { type: 'string' }, count: { type: 'string' }, offline: { type: 'string' }, fault: { type: 'string' }, latency: { type: 'string' },
      skew: { type: 'string' }, processes: { type: 'string' }, 'verify-threads': { type: 'string' }, mqtt: { type: 'string' }, tcp: { type: 'string' },
      for: { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(TERMINAL_SIM_HELP);
    return 0;
  }
  const protocols: FleetProtocol[] = values.protocol === 'mqtt' ? ['mqtt'] : values.protocol === 'ip' ? ['ip'] : ['mqtt', 'ip'];
  if (values.protocol && !['mqtt', 'ip', 'both'].includes(values.protocol)) throw new Error(`--protocol must be mqtt, ip or both, got "${values.protocol}"`);
  const offline = share(values.offline, 'offline');
  const options = {
    faultShare: share(values.fault, 'fault'), latencyMs: range(values.latency), clockSkewMs: Number(values.skew ?? 0) * 1000,
    verifyThreads: Number(values['verify-threads'] ?? 1), processes: values.processes ? Number(values.processes) : undefined,
  };
  const client = new PlatformClient(values.server ?? `http://127.0.0.1:${config.port}`);
  await client.login(values.user ?? 'engineer', values.password ?? 'Lechang@2026', values.center);
  const keys = await client.trustedKeys();
  const all = [];
  for (const area of values.area ? values.area.split(',') : [undefined]) all.push(...(await client.terminals(area)));
  const mqttUrls = (values.mqtt ?? config.mqttUrl ?? `mqtt://127.0.0.1:${config.mqttPort}`).split(',');
  const [tcpHost, tcpPort] = (values.tcp ?? `${config.ebTcpHost}:${config.ebTcpPort}`).split(':');
  const centerCode = values.center ?? (await client.call<{ center: { code: string } }>('GET', '/api/auth/me')).center.code;

  const fleets: Fleet[] = [];
  const stopAll = async () => { await Promise.all(fleets.map((f) => f.stop())); };
  try {
    for (const protocol of protocols) {
      const mine = all.filter((t) => (t.protocol ?? 'mqtt') === protocol).slice(0, values.count ? Number(values.count) : undefined);
      const off = shareOf(mine, offline, 'offline');
      const online = mine.filter((t) => !off.has(t.ebrid));
      if (!online.length) continue;
      const batchKey = protocol === 'ip' ? await client.enrolBatchKey(mine.map((t) => t.ebrid)) : undefined;
      const terminals = fleetTerminals(online, protocol, { dataDir: config.dataDir, mqttUrls, batchKey });
      const fleet = await startFleet(terminals, { mode: 'sim', protocol, centerCode, keys, tcp: { host: tcpHost!, port: Number(tcpPort) }, ...options });
      fleets.push(fleet);
      console.log(`${protocol}: ${fleet.started} terminals connected, ${off.size} left offline, ${fleet.failed} failed${fleet.errors.length ? ` (${fleet.errors[0]})` : ''}`);
    }
    if (!fleets.length) {
      console.error('No terminals to run: check --area, --protocol and the registry.');
      return 1;
    }
    // The latest word of each terminal on each broadcast.
    const latest = new Map<string, Map<string, string>>();
    const until = values.for ? Date.now() + Number(values.for) * 1000 : Infinity;
    let stopping = false;
    const stop = () => { stopping = true; };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    while (!stopping && Date.now() < until) {
      await new Promise((r) => setTimeout(r, Math.min(5000, Math.max(0, until - Date.now()))));
      for (const f of fleets) {
        const { events, verify } = await f.collect();
        for (const e of events) {
          const m = latest.get(e.ebmid ?? '-') ?? new Map<string, string>();
          m.set(e.ebrid, e.state);
          latest.set(e.ebmid ?? '-', m);
        }
        if (verify.requests) console.log(`signatures: ${verify.requests} checks, ${verify.verified} distinct, ${verify.verifyMs.toFixed(0)} ms verifying`);
      }
      for (const [ebmid, m] of latest) {
        const c: Record<string, number> = {};
        for (const state of m.values()) c[state] = (c[state] ?? 0) + 1;
        console.log(`${new Date().toISOString()}  ${ebmid}  ${Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      }
    }
    return 0;
  } finally {
    await stopAll();
  }
}
