/**
 * The IP terminals' connections, as one process holds them: authentication of the first
 * frame, binding, answers, heartbeats, what each terminal plays, and writing signed
 * command frames to the connections of an area. It has no listener and signs nothing:
 * the in-process driver (driver.ts) hands it the sockets its listener accepts, and a
 * gateway worker (gateway-worker.ts) the sockets the platform's listener passes over.
 * The wire rules are in driver.ts's header.
 */
import type { Socket } from 'node:net';
import { pino, type Logger } from 'pino';
import { BusinessType, PacketType, ResultCode, decodeFrame, decodeRequest, decodeResponse, type FrameDecodeSuccess, type FramerEvent, type HeartbeatRequest } from '../../terminal-protocol/index.ts';
import type { TerminalSink } from '../driver.ts';
import { stampAck, type BrainAck } from '../sim-brain.ts';
import type { Command } from '../wire.ts';
import { isoAt } from '../../../../platform/iso-time.ts';
import { TerminalAuthenticator, type HelloGuard, type LookupTerminal } from './auth.ts';
import { ackOfResponse } from './commands.ts';
import { BoundConnections } from './bound.ts';
import { TerminalConnection as Conn, sentCommand } from './connection.ts';
import { ANONYMOUS_SOURCE, UNREADABLE_REQUEST_TYPE, responseBytes } from './frames.ts';

export interface TcpTerminalsOptions {
  lookupTerminal: LookupTerminal;
  /** The platform's own 23-digit EBRID for a center (the source of its frames). */
  platformEbrid(centerCode: string): string;
  logger?: Logger;
  maxSkewSeconds?: number;
  /** A connection that sends no frame within this time is closed (default 10). */
  helloTimeoutSeconds?: number;
  /** A bound connection silent this long is closed (default 300). */
  silentAfterSeconds?: number;
  sweepSeconds?: number;
  /** Where accepted hellos are remembered (default: in this process). */
  hellos?: HelloGuard;
}

export interface TcpTerminals {
  /** Takes over an accepted socket (reading starts at once). */
  adopt(socket: Socket): void;
  /** Starts reporting to `sink` and the sweep timer. */
  start(sink: TerminalSink): void;
  /**
   * Writes a command frame to every bound connection of the center inside `areas`; the
   * frame is made (signed) only when there is one. Returns how many were written to.
   */
  deliver(centerCode: string, areas: readonly string[], cmd: Command, sessionId: number, frame: () => Promise<Uint8Array>): Promise<number>;
  /** Writes a command frame to one terminal; false when it is not connected here. */
  deliverTo(centerCode: string, ebrid: string, cmd: Command, sessionId: number, frame: () => Promise<Uint8Array>): Promise<boolean>;
  /** Closes a terminal's connection without reporting it gone (it said hello on another gateway). */
  drop(centerCode: string, ebrid: string): void;
  /** Open connections, bound or not. */
  readonly connections: number;
  idle(): Promise<void>;
  /** Stops reading, finishes the frames in progress, closes every connection. */
  stop(): Promise<void>;
}

const MAX_GARBAGE_BEFORE_HELLO = 1024;
const PENDING_MS = 120_000;
/** Frames come from the connection's FrameSplitter: their CRC held already. */
const FROM_SPLITTER = { crcChecked: true } as const;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function createTcpTerminals(opts: TcpTerminalsOptions): TcpTerminals {
  const logger = opts.logger ?? pino({ level: 'silent' });
  const auth = new TerminalAuthenticator(opts.lookupTerminal, opts.maxSkewSeconds ?? 300, opts.hellos);
  const conns = new Set<Conn>();
  const bound = new BoundConnections();
  let sink: TerminalSink | null = null;
  let sweeper: NodeJS.Timeout | null = null;
  let stopping = false;
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];

  function enqueue(c: Conn, fn: () => void | Promise<void>): void {
    const pending = c.run(fn, (err) => logger.error({ err, ebrid: c.ebrid }, 'IP terminal frame not processed'));
    if (!pending) return;
    inFlight++;
    void pending.finally(() => {
      if (--inFlight === 0) for (const w of idleWaiters.splice(0)) w();
    });
  }

  /** `next` after `first` (at once when `first` did not wait). */
  function after(first: void | Promise<void>, next: () => void | Promise<void>): void | Promise<void> {
    return first ? first.then(next) : next();
  }

  function adopt(socket: Socket): void {
    const c = new Conn(socket, stopping);
    conns.add(c);
    socket.on('data', (chunk: Buffer) => {
      if (c.done) return;
      for (const ev of c.splitter.push(chunk)) {
        c.heard ||= ev.kind === 'frame';
        enqueue(c, () => onEvent(c, ev));
      }
    });
    socket.on('error', (err) => logger.debug({ err, ebrid: c.ebrid }, 'IP terminal connection error'));
    socket.on('close', () => onClose(c));
    if (socket.isPaused()) socket.resume();
  }

  function onClose(c: Conn): void {
    conns.delete(c);
    const centerCode = c.centerCode;
    const ebrid = c.ebrid;
    if (!centerCode || !ebrid || !bound.remove(c)) return;
    if (c.done || stopping || !sink?.gone) return;
    const gone = sink.gone.bind(sink);
    enqueue(c, () => gone('ip', centerCode, ebrid, new Date()));
  }

  /** One event of a connection, in order; returns a promise only when it has to wait (a hello's lookup, a sink that waits). */
  function onEvent(c: Conn, ev: FramerEvent): void | Promise<void> {
    if (c.done || c.socket.destroyed) return;
    if (ev.kind !== 'frame') {
      if (ev.kind === 'skipped') c.garbage += ev.byteCount;
      logger.debug({ ebrid: c.ebrid, ev: ev.kind === 'skipped' ? ev : ev.failure }, 'IP terminal sent bytes that are not a frame');
      if (!c.ebrid && ev.kind === 'invalid') return answerThenClose(c, ev.failure.sessionId ?? 0, UNREADABLE_REQUEST_TYPE, null, null, ev.failure.code, ev.failure.message);
      if (!c.ebrid && c.garbage > MAX_GARBAGE_BEFORE_HELLO) refuse(c);
      return;
    }
    const d = decodeFrame(ev.bytes, FROM_SPLITTER);
    if (!d.ok) {
      if (!c.ebrid) answerThenClose(c, d.sessionId ?? 0, UNREADABLE_REQUEST_TYPE, null, null, d.code, d.message);
      return;
    }
    if (!c.ebrid) return hello(c, d);
    c.lastSeen = Date.now();
    if (d.frame.source !== c.ebrid) return logger.warn({ ebrid: c.ebrid, source: d.frame.source }, 'IP terminal frame names another source: ignored');
    if (d.frame.packetType === PacketType.Request) return onRequest(c, d);
    return onResponse(c, d);
  }

  function refuse(c: Conn): void {
    c.done = true;
    c.socket.destroy();
  }

  function answerThenClose(c: Conn, sessionId: number, businessType: number, centerCode: string | null, target: string | null, code: number, reason: string): void {
    c.done = true;
    const source = centerCode ? opts.platformEbrid(centerCode) : ANONYMOUS_SOURCE;
    c.socket.end(responseBytes(sessionId, businessType, source, target, code, reason));
  }

  async function hello(c: Conn, d: FrameDecodeSuccess): Promise<void> {
    let v;
    try {
      v = await auth.check(d);
    } catch (err) {
      // The registry could not be asked: close, the terminal retries.
      logger.error({ err, source: d.frame.source }, 'IP terminal hello not checked');
      return refuse(c);
    }
    if (c.socket.destroyed) return;
    if (!v.ok) {
      logger.info({ source: d.frame.source, remote: c.socket.remoteAddress, code: v.code, reason: v.reason }, 'IP terminal refused');
      return answerThenClose(c, d.frame.sessionId, d.frame.businessType, v.centerCode ?? null, d.frame.source, v.code, v.reason);
    }
    c.bind(v.centerCode, v.ebrid);
    const previous = bound.add(c);
    if (previous) {
      previous.done = true;
      previous.socket.destroy();
    }
    answer(c, d, ResultCode.Ok, '');
    await sink?.hello('ip', v.centerCode, v.ebrid, new Date());
    await status(c, v.heartbeat.playingEbmId);
  }

  function answer(c: Conn, d: FrameDecodeSuccess, code: number, description: string): void {
    delivered(c, c.write(responseBytes(d.frame.sessionId, d.frame.businessType, opts.platformEbrid(c.centerCode!), c.ebrid, code, description)));
  }

  function onRequest(c: Conn, d: FrameDecodeSuccess): void | Promise<void> {
    if (d.frame.businessType !== BusinessType.Heartbeat) return answer(c, d, ResultCode.IllegalContent, 'NOT_SUPPORTED');
    const r = decodeRequest(d.frame.businessType, d.frame.content);
    if (!r.ok) return answer(c, d, r.code, r.message);
    answer(c, d, ResultCode.Ok, '');
    const hb = r.request as HeartbeatRequest;
    if (hb.state === 3) logger.warn({ ebrid: c.ebrid }, 'IP terminal reports a fault');
    return status(c, hb.playingEbmId);
  }

  function onResponse(c: Conn, d: FrameDecodeSuccess): void | Promise<void> {
    const p = c.pending.get(d.frame.sessionId);
    if (!p) return logger.debug({ ebrid: c.ebrid, sessionId: d.frame.sessionId }, 'IP terminal answered no pending command');
    const r = decodeResponse(d.frame.businessType, d.frame.content);
    if (!r.ok) return logger.warn({ ebrid: c.ebrid, reason: r.message }, 'IP terminal response not understood');
    // A refusal of a request the terminal could not read comes with another business type (frames.ts); a success must match.
    const expected = p.type === 'start' ? BusinessType.StartBroadcast : BusinessType.StopBroadcast;
    if (d.frame.businessType !== expected && r.response.result === ResultCode.Ok) return;
    c.pending.delete(d.frame.sessionId);
    const ack = ackOfResponse(p.type, p.ebmid, r.response.result, r.response.description);
    if (ack.state === 'playing') {
      const before = c.playing;
      c.playing = p.ebmid;
      if (before && before !== p.ebmid) return after(report(c, { ebmid: before, state: 'queued', reason: 'PREEMPTED' }), () => report(c, ack));
    } else if (ack.state === 'stopped' && c.playing === p.ebmid) {
      c.playing = null;
    }
    return report(c, ack);
  }

  /** What a heartbeat says the terminal plays, as acks when it changed. */
  function status(c: Conn, playing: string | null): void | Promise<void> {
    const before = c.playing;
    if (before === playing) return;
    c.playing = playing;
    const first = before ? report(c, playing ? { ebmid: before, state: 'queued', reason: 'PREEMPTED' } : { ebmid: before, state: 'stopped', reason: 'ENDED' }) : undefined;
    return playing ? after(first, () => report(c, { ebmid: playing, state: 'playing' })) : first;
  }

  function report(c: Conn, ack: BrainAck): void | Promise<void> {
    return sink?.ack('ip', c.centerCode!, c.ebrid!, stampAck(ack, isoAt()));
  }

  function delivered(c: Conn, outcome: 'ok' | 'closed' | 'slow'): boolean {
    if (outcome === 'slow') logger.warn({ ebrid: c.ebrid }, 'IP terminal does not read: connection dropped');
    return outcome === 'ok';
  }

  let lastSweep = Date.now();
  function sweep(): void {
    const now = Date.now();
    const helloMs = (opts.helloTimeoutSeconds ?? 10) * 1000;
    const silentMs = (opts.silentAfterSeconds ?? 300) * 1000;
    const heard = new Map<string, string[]>(); // center → terminals heard since the last sweep
    for (const c of conns) {
      if (c.ebrid && c.centerCode && c.lastSeen >= lastSweep) {
        const list = heard.get(c.centerCode);
        if (list) list.push(c.ebrid);
        else heard.set(c.centerCode, [c.ebrid]);
      }
      // Only a connection that sent no frame times out: in a reconnect storm hellos wait for verification.
      if (!c.ebrid && !c.heard && now - c.openedAt > helloMs) refuse(c);
      else if (c.ebrid && now - c.lastSeen > silentMs) {
        logger.info({ ebrid: c.ebrid }, 'IP terminal silent: connection closed');
        c.socket.destroy();
      }
      c.forgetPending(now, PENDING_MS);
    }
    lastSweep = now;
    // Liveness for the registry (and the watchdog), in one batch per center.
    for (const [center, ebrids] of heard) void sink?.seen?.('ip', center, ebrids, new Date(now))?.catch((err: unknown) => logger.error({ err }, 'reporting IP terminals heard failed'));
    auth.sweep();
  }

  function idle(): Promise<void> {
    return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
  }

  return {
    adopt,
    get connections() {
      return conns.size;
    },
    start(s) {
      sink = s;
      stopping = false;
      sweeper = setInterval(sweep, (opts.sweepSeconds ?? 5) * 1000);
      sweeper.unref();
    },
    async deliver(centerCode, areas, cmd, sessionId, frame) {
      const inside = bound.inside(centerCode, areas);
      if (inside.length === 0) return 0;
      // A Buffer once, not one made by every socket.write from the Uint8Array.
      const bytes = asBuffer(await frame());
      let n = 0;
      const sent = sentCommand(cmd);
      for (const c of inside) if (delivered(c, c.send(sent, sessionId, bytes))) n++;
      return n;
    },
    async deliverTo(centerCode, ebrid, cmd, sessionId, frame) {
      if (!bound.get(centerCode, ebrid)) return false;
      const bytes = await frame();
      const c = bound.get(centerCode, ebrid);
      return c ? delivered(c, c.send(sentCommand(cmd), sessionId, bytes)) : false;
    },
    drop(centerCode, ebrid) {
      const c = bound.get(centerCode, ebrid);
      if (!c) return;
      bound.remove(c);
      c.done = true;
      c.socket.destroy();
    },
    idle,
    async stop() {
      stopping = true;
      if (sweeper) clearInterval(sweeper);
      sweeper = null;
      for (const c of conns) c.socket.pause();
      await idle();
      for (const c of conns) {
        c.done = true;
        c.socket.destroy();
      }
      idleWaiters = [];
    },
  };
}
