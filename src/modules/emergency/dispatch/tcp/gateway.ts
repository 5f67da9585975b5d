/**
 * The IP-terminal driver spread over gateway processes: one process may hold at most
 * ~20,000 open files here, and a county with more IP terminals than that needs their
 * connections in several. The listener stays here; each accepted socket is passed (as
 * an IPC handle, so this process keeps no descriptor) to the next gateway in turn.
 * Gateways (gateway-worker.ts) authenticate and answer terminals; this process looks
 * terminals up in the registry, keeps the one ledger of accepted hellos (a hello
 * captured on one gateway cannot be replayed on another), signs each command frame
 * once and sends the same bytes to every gateway, and passes what terminals report to
 * dispatch in the order each terminal said it. A gateway that dies is replaced; its
 * terminals are reported gone and reconnect.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo, Server, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { TerminalSink } from '../driver.ts';
import { areaChain } from '../wire.ts';
import { HelloLedger } from './auth.ts';
import { requestOf, sessionIdOf } from './commands.ts';
import type { TcpDriver, TcpDriverOptions } from './driver.ts';
import { forEachAreaFrame, signedRequestBytes } from './frames.ts';
import { runInOrder } from './in-order.ts';
import { listen } from './listener.ts';
import { callsOf, type FromGateway, type SinkCall, type ToGateway } from './gateway-ipc.ts';

const WORKER = fileURLToPath(new URL('./gateway-worker.ts', import.meta.url));
/**
 * A gateway takes a county's answers in one burst (thousands of frames, each decoded and
 * reported): with V8's default young generation (16 MB semi-spaces) the burst's
 * short-lived objects are copied by scavenges of 20–60 ms and promoted, and major
 * collections follow. 32 MB semi-spaces let them die young: measured with 20,000
 * terminals, about half the time spent collecting garbage.
 */
export const BURST_V8_FLAGS = ['--max-semi-space-size=32'];

interface Gateway {
  index: number;
  child: ChildProcess;
  ready: Promise<void>;
  exited: boolean;
}

interface Held {
  gateway: Gateway;
  /** The terminal's area and its ancestors. */
  areas: ReadonlySet<string>;
}

export function createGatewayDriver(opts: TcpDriverOptions): TcpDriver {
  const logger = opts.logger ?? pino({ level: 'silent' });
  const count = Math.max(1, opts.workers ?? 1);
  const ledger = new HelloLedger(opts.maxSkewSeconds ?? 300);
  const gateways: Gateway[] = [];
  /** center code → EBRID → the gateway holding its authenticated connection. */
  const held = new Map<string, Map<string, Held>>();
  /** Questions to gateways awaiting their answer (false if the gateway dies first). */
  const answers = new Map<number, { gateway: Gateway; resolve: (value: boolean) => void }>();
  let nextId = 1;
  let sink: TerminalSink | null = null;
  let server: Server | null = null;
  let stopping = false;
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];
  /** Per terminal, the tail of its reports being handled (their order is what it said). */
  const tails = new Map<string, Promise<void>>();

  function post(g: Gateway, m: ToGateway, handle?: Socket): void {
    if (g.exited || !g.child.connected) return;
    g.child.send(m, handle as never, (err) => {
      if (err && !stopping) logger.warn({ err, gateway: g.index }, 'message to an IP gateway not sent');
    });
  }

  function ask(g: Gateway, m: ToGateway & { id: number }): Promise<boolean> {
    if (g.exited) return Promise.resolve(false);
    return new Promise((resolve) => {
      answers.set(m.id, { gateway: g, resolve });
      post(g, m);
    });
  }

  function spawn(index: number): Gateway {
    const child = fork(WORKER, [], { execArgv: ['--import', import.meta.resolve('tsx'), ...BURST_V8_FLAGS], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let readied: () => void = () => {};
    const g: Gateway = { index, child, exited: false, ready: new Promise((r) => (readied = r)) };
    child.on('message', (m: FromGateway) => {
      if (m.t === 'ready') readied();
      else void onMessage(g, m);
    });
    child.on('exit', (code, signal) => onExit(g, code, signal, readied));
    post(g, { t: 'init', settings: { maxSkewSeconds: opts.maxSkewSeconds, helloTimeoutSeconds: opts.helloTimeoutSeconds, silentAfterSeconds: opts.silentAfterSeconds, sweepSeconds: opts.sweepSeconds, logLevel: logger.level } });
    return g;
  }

  function onExit(g: Gateway, code: number | null, signal: string | null, readied: () => void): void {
    g.exited = true;
    readied();
    for (const [id, a] of answers) if (a.gateway === g) {
      answers.delete(id);
      a.resolve(false);
    }
    if (stopping) return;
    logger.error({ gateway: g.index, code, signal }, 'IP gateway process exited: its terminals reconnect to the others');
    const lost: Array<[string, string]> = [];
    for (const [center, m] of held) for (const [ebrid, h] of m) if (h.gateway === g) lost.push([center, ebrid]);
    for (const [center, ebrid] of lost) {
      held.get(center)!.delete(ebrid);
      track(`${center}/${ebrid}`, () => sink?.gone?.('ip', center, ebrid, new Date()) ?? Promise.resolve());
    }
    gateways[g.index] = spawn(g.index);
  }

  /** Runs `fn` after the reports of the same terminal before it: at once when none waits (nothing is kept then unless `fn` waits). */
  function track(key: string, fn: () => void | Promise<void>): void | Promise<void> {
    const tail = runInOrder(tails.get(key), fn, (err) => logger.error({ err, key }, 'IP terminal report not processed'));
    if (!tail) return;
    inFlight++;
    tails.set(key, tail);
    return tail.finally(() => {
      if (tails.get(key) === tail) tails.delete(key);
      if (--inFlight === 0) for (const w of idleWaiters.splice(0)) w();
    });
  }

  function handle(g: Gateway, call: SinkCall): void | Promise<void> {
    if (!sink) return;
    const s = sink;
    switch (call.k) {
      case 'hello': {
        if (!held.has(call.center)) held.set(call.center, new Map());
        const before = held.get(call.center)!.get(call.ebrid);
        if (before && before.gateway !== g) post(before.gateway, { t: 'drop', center: call.center, ebrid: call.ebrid });
        held.get(call.center)!.set(call.ebrid, { gateway: g, areas: new Set(areaChain(call.ebrid.slice(1, 13))) });
        return track(`${call.center}/${call.ebrid}`, () => s.hello('ip', call.center, call.ebrid, new Date(call.at)));
      }
      case 'ack':
        return track(`${call.center}/${call.ebrid}`, () => s.ack('ip', call.center, call.ebrid, call.ack));
      case 'gone': {
        // A terminal that came back on another gateway before this one noticed it gone stays held there.
        if (held.get(call.center)?.get(call.ebrid)?.gateway !== g) return;
        held.get(call.center)!.delete(call.ebrid);
        return track(`${call.center}/${call.ebrid}`, () => s.gone?.('ip', call.center, call.ebrid, new Date(call.at)) ?? Promise.resolve());
      }
      case 'seen':
        return track(`seen/${g.index}`, () => s.seen?.('ip', call.center, call.ebrids, new Date(call.at)) ?? Promise.resolve());
    }
  }

  async function onMessage(g: Gateway, m: FromGateway): Promise<void> {
    switch (m.t) {
      case 'lookup':
        try {
          const t = await opts.lookupTerminal(m.ebrid);
          post(g, { t: 'looked-up', id: m.id, terminal: t && { ...t, platformEbrid: opts.platformEbrid(t.centerCode) } });
        } catch (err) {
          logger.error({ err, ebrid: m.ebrid }, 'IP terminal lookup failed');
          post(g, { t: 'looked-up', id: m.id, error: 'lookup failed' });
        }
        return;
      case 'claim':
        post(g, { t: 'claimed', id: m.id, accepted: ledger.accept(m.ebrid, m.sigTime, m.sessionId) });
        return;
      case 'sink': {
        const waits: Promise<void>[] = [];
        for (const call of callsOf(m.calls)) {
          const w = handle(g, call);
          if (w) waits.push(w);
        }
        if (waits.length) await Promise.all(waits);
        post(g, { t: 'recorded', id: m.id });
        return;
      }
      case 'answer': {
        const a = answers.get(m.id);
        answers.delete(m.id);
        a?.resolve(m.value);
        return;
      }
    }
  }

  let turn = 0;
  /** Round robin: after a gateway is replaced, its terminals' reconnects spread over all. */
  function pass(socket: Socket): void {
    const live = gateways.filter((g) => !g.exited);
    if (stopping || live.length === 0) return void socket.destroy();
    post(live[turn++ % live.length]!, { t: 'conn' }, socket);
  }

  const sweeper = setInterval(() => ledger.sweep(new Date()), 60_000);
  sweeper.unref();

  return {
    protocol: 'ip',
    get port() {
      return (server?.address() as AddressInfo | null)?.port ?? opts.port;
    },
    async start(s) {
      sink = s;
      stopping = false;
      for (let i = 0; i < count; i++) gateways[i] = spawn(i);
      await Promise.all(gateways.map((g) => g.ready));
      server = await listen({ ...opts, maxConnections: (opts.maxConnections ?? 25_000) * count }, pass, (err) => logger.error({ err }, 'IP terminal listener error'));
    },
    async toAreas(target, cmd, signer) {
      const inCenter = held.get(target.centerCode);
      if (!inCenter?.size) return;
      await forEachAreaFrame(target, cmd, signer, opts.platformEbrid(target.centerCode), async (areas, sessionId, frame) => {
        let anyone = false;
        for (const h of inCenter.values()) if (areas.some((a) => h.areas.has(a))) { anyone = true; break; }
        if (!anyone) return;
        const bytes = await frame();
        for (const g of gateways) post(g, { t: 'areas', center: target.centerCode, areas, cmd, sessionId, bytes });
      });
    },
    async toTerminal(centerCode, ebrid, cmd, signer) {
      const h = held.get(centerCode)?.get(ebrid);
      if (!h) return false;
      const sessionId = sessionIdOf(cmd);
      const bytes = await signedRequestBytes(sessionId, opts.platformEbrid(centerCode), [ebrid], requestOf(cmd), signer);
      return ask(h.gateway, { t: 'one', id: nextId++, center: centerCode, ebrid, cmd, sessionId, bytes });
    },
    async idle() {
      await Promise.all(gateways.map((g) => ask(g, { t: 'idle', id: nextId++ })));
      if (inFlight > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async stop() {
      stopping = true;
      clearInterval(sweeper);
      const closed = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
      await Promise.all(gateways.map(async (g) => {
        const exited = new Promise<void>((resolve) => (g.exited ? resolve() : g.child.once('exit', () => resolve())));
        await ask(g, { t: 'stop', id: nextId++ });
        const timer = setTimeout(() => g.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }));
      await closed;
      for (const a of answers.values()) a.resolve(false);
      answers.clear();
      held.clear();
      idleWaiters = [];
    },
  };
}
