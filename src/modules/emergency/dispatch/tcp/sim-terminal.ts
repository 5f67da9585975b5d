/**
 * A simulated GD/J 089 appendix-D IP loudspeaker terminal, for tests and demos. It
 * behaves as a real one must:
 *
 * - connects to the platform's listener and says hello with a heartbeat SIGNED by its
 *   own SM2 key and certificate serial; `start()` fails with the platform's result code
 *   when refused; later heartbeats carry the CRC only (the connection is bound);
 * - VERIFIES every command frame before acting and answers with the result code:
 *   15 CRC (bit flip), 13/14/58 unreadable content, 52 unsigned / bad signature / unknown
 *   certificate / stale / from the future / replayed (the description names which),
 *   59 not addressed to it (neither its EBRID nor an area it lies in), 58 expired;
 * - hands verified starts and stops to the TerminalBrain (sim-brain.ts): 0 playing or
 *   stopped, 73 queued behind a higher priority; when what it plays changes otherwise
 *   (preempted one resumed, end reached) it sends a heartbeat at once;
 * - options: clock offset (its clock is wrong by that much), latency (delay before each
 *   answer), fault ('state': heartbeats say fault and commands get 31 busy; 'silent':
 *   commands get no answer), stateFile (replay state kept across restarts).
 */
import net, { type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { isoAt } from '../../../../platform/iso-time.ts';
import { SoftwareSigner, verifySignatureValue, type TrustList } from '../../../../platform/crypto/index.ts';
import { BusinessType, FrameSplitter, PacketType, ResultCode, TerminalState, decodeResponse, nextSessionId, type FrameDecodeSuccess, type FramerEvent } from '../../terminal-protocol/index.ts';
import { heartbeatTimer, loadBrainState, saveBrainState, stampAck, TerminalBrain, verifyTimed, type AckRecording, type BrainAck, type SignedBy } from '../sim-brain.ts';
import { areaChain, type Ack, type StartCommand, type VerifySignature } from '../wire.ts';
import { resultOf } from './commands.ts';
import { Responder, UNREADABLE_REQUEST_TYPE, signedRequestBytes, unsignedRequestBytes } from './frames.ts';
import { areaIdOf, knownFrame, readFrame, type ReadFrame } from './sim-frames.ts';
import { runInOrder } from './in-order.ts';

/** The receive buffer of this process's simulated terminals (frames are small; a larger burst arrives in several reads). */
const READ_BUFFER = new Uint8Array(64 * 1024);
/** Answers a terminal remembers (for tests and demos): a long-running simulator must not keep every one. */
const ANSWERS_KEPT = 256;

export interface SimIpTerminalOptions extends AckRecording {
  host: string;
  port: number;
  ebrid: string;
  /** Default: EBRID digits 1..12. */
  areaCode?: string;
  /** The platform certificates it accepts. */
  trust: TrustList;
  /** Its own key and certificate serial (the platform's registry must hold the public key). */
  privateKeyHex: string;
  certSerial: string;
  maxSkewSeconds?: number;
  clockOffsetMs?: number;
  latencyMs?: number;
  fault?: 'none' | 'state' | 'silent';
  stateFile?: string;
  /** Periodic heartbeat (also ends expired broadcasts); 0 = only on changes. Default 0. */
  heartbeatSeconds?: number;
  /** Check signatures with this instead of in this thread (a simulator's verifier pool). */
  verify?: VerifySignature;
  /** When the connection drops (platform restarted), connect again every so many ms, as real terminals do. */
  reconnectMs?: number;
  /** Keep `answers` (default true; a fleet of thousands, which never reads them, does not). */
  keepAnswers?: boolean;
}

/** One answer it wrote. */
export interface SimAnswer {
  sessionId: number;
  businessType: number;
  result: number;
  description: string;
}

export class SimIpTerminal {
  readonly opts: SimIpTerminalOptions;
  readonly brain: TerminalBrain;
  /** What it reported about broadcasts, oldest first. */
  readonly acks: Ack[] = [];
  /** How long it waited for the verdict on its last command's signature (a shared verifier, `opts.verify`); 0 when the verdict was at hand. */
  verifyWaitMs = 0;
  /** The responses it wrote to platform requests lately (the last ANSWERS_KEPT at least), oldest first. */
  readonly answers: SimAnswer[] = [];
  readonly #signer: SoftwareSigner;
  /** Its area and every ancestor, and the area's number in this process (sim-frames.ts). */
  readonly #areaChain: readonly string[];
  readonly #areaId: number;
  #socket: Socket | null = null;
  #work: Promise<void> = Promise.resolve();
  /** Frames whose handling waits for something (a verifier thread, latency, the state file). */
  #inProgress = 0;
  #session = Date.now() & 0x3fffffff;
  #waiting = new Map<number, (r: { result: number; description: string }) => void>();
  readonly #responses: Responder;
  #stopBeating: (() => void) | null = null;
  #loaded = false;
  #stopping = false;

  constructor(opts: SimIpTerminalOptions) {
    this.opts = opts;
    this.brain = new TerminalBrain({ maxSkewSeconds: opts.maxSkewSeconds });
    this.#signer = new SoftwareSigner({ privateKeyHex: opts.privateKeyHex, certSerial: opts.certSerial, clock: () => this.now() });
    const area = opts.areaCode ?? opts.ebrid.slice(1, 13);
    this.#areaChain = areaChain(area);
    this.#areaId = areaIdOf(area);
    this.#responses = new Responder(opts.ebrid);
  }

  get current(): StartCommand | null {
    return this.brain.current;
  }

  get queue(): StartCommand[] {
    return this.brain.queue;
  }

  /** Every EBMID it started playing, in order (see TerminalBrain.plays). */
  get plays(): readonly string[] {
    return this.brain.plays;
  }

  get connected(): boolean {
    return this.#socket !== null && !this.#socket.destroyed;
  }

  /** Its clock (the real one plus the configured offset). */
  now(): Date {
    return new Date(Date.now() + (this.opts.clockOffsetMs ?? 0));
  }

  /** Connects and says hello; rejects with `code` set when the platform refuses it. */
  async start(): Promise<void> {
    if (this.opts.stateFile && !this.#loaded) await loadBrainState(this.brain, this.opts.stateFile);
    this.#loaded = true;
    this.#stopping = false;
    await this.#connect();
    if (this.opts.heartbeatSeconds) {
      this.#stopBeating = heartbeatTimer(this.opts.heartbeatSeconds, () => void this.tick().catch(() => undefined));
    }
  }

  /** Connects again after a drop, every reconnectMs, until it is back or stopped. */
  #retry(): void {
    const again = setTimeout(() => {
      if (this.#stopping) return;
      this.#connect().catch(() => { if (!this.#stopping) this.#retry(); });
    }, this.opts.reconnectMs);
    again.unref();
  }

  async #connect(): Promise<void> {
    const splitter = new FrameSplitter();
    // Bytes are read into one buffer the process's terminals share, as a board reads into
    // its one receive buffer: no allocation per read, and none of a stream's bookkeeping.
    // What must outlive the callback is copied (the framer's buffer, readFrame's memo).
    const onread = {
      buffer: READ_BUFFER,
      callback: (n: number, buffer: Uint8Array): boolean => {
        const chunk = buffer.subarray(0, n);
        // The usual case: the chunk is exactly a frame this process read lately (every
        // terminal gets the same area frame), so framing and CRC gave their verdict already.
        if (splitter.bufferedBytes === 0) {
          const known = knownFrame(chunk);
          if (known) {
            this.#handle(known);
            return true;
          }
        }
        for (const ev of splitter.push(chunk)) this.#take(ev);
        return true;
      },
    };
    const socket = net.connect({ host: this.opts.host, port: this.opts.port, noDelay: true, onread });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    this.#socket = socket;
    socket.on('error', () => undefined);
    const closed = new Promise<never>((_, reject) => socket.once('close', () => reject(Object.assign(new Error('connection closed before the hello was answered'), { code: -1 }))));
    const answer = await Promise.race([this.heartbeat({ signed: true }), closed]);
    if (answer.result !== ResultCode.Ok) {
      socket.destroy();
      throw Object.assign(new Error(`refused by the platform: ${answer.result} ${answer.description}`), { code: answer.result, reason: answer.description });
    }
    socket.once('close', () => {
      if (this.#socket === socket && !this.#stopping && this.opts.reconnectMs) this.#retry();
    });
  }

  /**
   * Sends a heartbeat with its state; resolves with the platform's answer. The hello
   * (`signed`, the first frame of a connection) is signed with its key; later ones carry
   * the CRC only, as the GD/J 089 back channel does (the connection is bound by then).
   */
  async heartbeat({ signed = false }: { signed?: boolean } = {}): Promise<{ result: number; description: string }> {
    if (!this.#socket || this.#socket.destroyed) throw new Error(`terminal ${this.opts.ebrid} is not connected`);
    this.#session = nextSessionId(this.#session);
    const sessionId = this.#session;
    const state = this.opts.fault === 'state' ? TerminalState.Fault : this.brain.current ? TerminalState.Playing : TerminalState.Idle;
    const request = { type: BusinessType.Heartbeat, state, playingEbmId: this.brain.current?.ebmid ?? null, volume: 60 } as const;
    const bytes = signed ? await signedRequestBytes(sessionId, this.opts.ebrid, [], request, this.#signer) : unsignedRequestBytes(sessionId, this.opts.ebrid, [], request);
    const answered = new Promise<{ result: number; description: string }>((resolve) => this.#waiting.set(sessionId, resolve));
    this.#socket?.write(bytes);
    return answered;
  }

  /** Ends what passed its end time (as its clock says) and reports it with a heartbeat. */
  async tick(): Promise<void> {
    const acks = this.brain.expire(this.now());
    this.#record(acks);
    if (this.connected) await this.heartbeat();
  }

  /** Disconnects (the terminal goes offline; it keeps its state). */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#stopBeating?.();
    this.#stopBeating = null;
    const s = this.#socket;
    this.#socket = null;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => s.once('close', () => resolve()).end());
  }

  /** Resolves when the frames received so far are handled. */
  settled(): Promise<void> {
    return this.#work;
  }

  acksFor(ebmid: string): Ack[] {
    return this.acks.filter((a) => a.ebmid === ebmid);
  }

  /** Writes raw bytes (tests: garbage, forged frames). */
  writeRaw(bytes: Uint8Array): void {
    this.#socket?.write(bytes);
  }

  #record(acks: BrainAck[], now: Date = this.now()): void {
    const ms = now.getTime();
    if (this.opts.keepAcks !== false) {
      const at = isoAt(ms);
      for (const a of acks) this.acks.push(stampAck(a, at));
    }
    if (this.opts.onAck) for (const a of acks) this.opts.onAck(a, ms, this.verifyWaitMs);
  }

  /**
   * Handles a frame now when nothing before it is still in progress, else after it:
   * frames are handled in order, and the usual case (verdict known, no latency) needs no
   * promise at all, as a terminal's firmware would not.
   */
  #take(ev: FramerEvent): void {
    if (ev.kind === 'frame') {
      this.#handle(readFrame(ev.bytes)); // read now: the bytes may be the shared read buffer's
    } else if (ev.kind === 'invalid') {
      this.#run(() => this.#onUnreadable(ev.failure.sessionId, ev.failure.packetType, ev.failure.code, ev.failure.message));
    }
  }

  /** A read frame, in its turn (at once when nothing before it is still in progress: no closure then). */
  #handle(read: ReadFrame): void {
    if (this.#inProgress > 0) return this.#run(() => this.#onFrame(read));
    let work: void | Promise<void>;
    try {
      work = this.#onFrame(read);
    } catch {
      return; // dropped, as a board would
    }
    if (work) this.#run(() => work);
  }

  /** Frames are handled in order; a frame it cannot handle is dropped, as a board would. */
  #run(fn: () => void | Promise<void>): void {
    const work = runInOrder(this.#inProgress > 0 ? this.#work : undefined, fn, () => undefined);
    if (!work) return;
    this.#inProgress++;
    this.#work = work.finally(() => {
      this.#inProgress--;
    });
  }

  #answer(sessionId: number, businessType: number, result: number, description: string): void | Promise<void> {
    if (this.opts.latencyMs) return delay(this.opts.latencyMs).then(() => this.#answerNow(sessionId, businessType, result, description));
    this.#answerNow(sessionId, businessType, result, description);
  }

  #answerNow(sessionId: number, businessType: number, result: number, description: string): void {
    if (this.opts.keepAnswers !== false) {
      if (this.answers.length >= 2 * ANSWERS_KEPT) this.answers.splice(0, ANSWERS_KEPT);
      this.answers.push({ sessionId, businessType, result, description });
    }
    if (this.connected) this.#socket!.write(this.#responses.bytes(sessionId, businessType, result, description));
  }

  #onUnreadable(sessionId: number | undefined, packetType: number | undefined, code: number, message: string): void | Promise<void> {
    if (packetType === PacketType.Request && sessionId !== undefined && this.opts.fault !== 'silent') return this.#answer(sessionId, UNREADABLE_REQUEST_TYPE, code, message);
  }

  #onFrame(read: ReadFrame): void | Promise<void> {
    const d = read.decoded;
    if (!d.ok) return this.#onUnreadable(d.sessionId, d.packetType, d.code, d.message);
    const f = d.frame;
    if (f.packetType === PacketType.Response) {
      const r = decodeResponse(f.businessType, f.content);
      const waiting = this.#waiting.get(f.sessionId);
      this.#waiting.delete(f.sessionId);
      if (r.ok) waiting?.({ result: r.response.result, description: r.response.description });
      return;
    }
    if (this.opts.fault === 'silent') return;
    const now = this.now();
    const verified = this.#verify(d, now);
    return verified instanceof Promise ? verified.then((v) => this.#onRequest(read, v, this.now())) : this.#onRequest(read, verified, now);
  }

  /** A request frame after its signature check: addressing, content, then the brain. */
  #onRequest(read: ReadFrame, verified: SignedBy | string, now: Date): void | Promise<void> {
    const f = (read.decoded as FrameDecodeSuccess).frame;
    if (typeof verified === 'string') return this.#refuse(read, ResultCode.IllegalCertificate, verified);
    if (!read.addresses(this.#areaId, this.#areaChain, this.opts.ebrid)) return this.#refuse(read, ResultCode.UnknownResourceCode, 'NOT_ADDRESSED');
    const req = read.request();
    if (!req.ok) return this.#refuse(read, req.code, req.message);
    if (this.opts.fault === 'state') return this.#refuse(read, ResultCode.Busy, 'FAULT');
    const cmd = read.command();
    if (!cmd) return this.#refuse(read, ResultCode.IllegalContent, 'NOT_SUPPORTED');
    const acks = this.brain.handle(cmd, verified, now);
    let answer = acks[0]!;
    for (const a of acks) if (a.ebmid === cmd.ebmid) answer = a;
    if (this.opts.stateFile && answer.state !== 'rejected') return saveBrainState(this.brain, this.opts.stateFile).then(() => this.#reply(f, acks, answer, this.now()));
    return this.#reply(f, acks, answer, now);
  }

  #refuse(read: ReadFrame, result: number, reason: string): void | Promise<void> {
    const f = (read.decoded as FrameDecodeSuccess).frame;
    const req = read.request();
    const ebmid = req.ok && 'ebmId' in req.request ? req.request.ebmId : null;
    this.#record([{ ebmid, state: 'rejected', reason }]);
    return this.#answer(f.sessionId, f.businessType, result, reason);
  }

  /** Records what the brain did and answers; when what it plays changed besides, a heartbeat follows the answer (not awaited: its answer is read by this same work queue). */
  #reply(f: { sessionId: number; businessType: number }, acks: BrainAck[], answer: BrainAck, now: Date): void | Promise<void> {
    this.#record(acks, now);
    const answered = this.#answer(f.sessionId, f.businessType, resultOf(answer), answer.reason ?? '');
    if (acks.length === 1) return answered;
    if (answered) return answered.then(() => this.#beatQuietly());
    this.#beatQuietly();
  }

  #beatQuietly(): void {
    void this.heartbeat().catch(() => undefined);
  }

  /** The signer of a verified frame, or why it is refused (a promise while a verifier thread works on it). */
  #verify(d: FrameDecodeSuccess, now: Date): SignedBy | string | Promise<SignedBy | string> {
    if (!d.signature) return 'UNSIGNED';
    const v = this.opts.verify
      ? verifyTimed(this.opts.verify, this, d.signedBytes, d.signature.value, now)
      : verifySignatureValue(d.signedBytes, d.signature.value, this.opts.trust, { now, maxSkewSeconds: this.opts.maxSkewSeconds ?? 300 });
    return v instanceof Promise ? v.then((x) => (x.ok ? x : x.reason)) : v.ok ? v : v.reason;
  }
}
