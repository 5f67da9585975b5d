/**
 * A simulated 4G loudspeaker terminal speaking the MQTT wire format of wire.ts, for
 * tests and demos. It behaves as a real terminal must (GD/J 081 / 089):
 *
 * - subscribes to its area chain (province … its own area) and its own terminal topic,
 *   and says hello on every connect;
 * - VERIFIES every command against its trust list before acting and acks `rejected`
 *   with the reason for unsigned, tampered (BAD_SIGNATURE), unknown-certificate,
 *   stale or future (outside ±maxSkewSeconds, default 300) commands;
 * - then hands the command to the TerminalBrain (sim-brain.ts): replay, priority,
 *   preemption (reported `queued` / PREEMPTED), queueing (`queued` /
 *   BUSY_HIGHER_PRIORITY), resuming (`playing`), idempotent re-sends, expiry;
 * - with `stateFile`, loads its replay state at start and saves it (atomically) after
 *   each accepted command, so a restarted terminal still refuses old commands.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { TrustList } from '../../../platform/crypto/index.ts';
import { heartbeatTimer, loadBrainState, saveBrainState, stampAck, TerminalBrain, verifyTimed, type AckRecording, type BrainAck } from './sim-brain.ts';
import { areaChain, decodeCommand, decodeCommandVia, topics, type Ack, type StartCommand, type VerifySignature } from './wire.ts';

export interface SimTerminalOptions extends AckRecording {
  url: string;
  centerCode: string;
  ebrid: string;
  areaCode: string;
  trust: TrustList;
  maxSkewSeconds?: number;
  /** Broker credentials, when the broker requires them. */
  username?: string;
  password?: string;
  /** Where to keep the replay state across restarts (JSON, written atomically). */
  stateFile?: string;
  /** Its clock is off by this much (ms): freshness is judged by its own clock. */
  clockOffsetMs?: number;
  /** Wait this long before answering (ms). */
  latencyMs?: number;
  /** 'silent': takes commands and never answers (a broken amplifier, a hung board). */
  fault?: 'none' | 'silent';
  /** Send a heartbeat every so many seconds (0: none). */
  heartbeatSeconds?: number;
  /** Check signatures with this instead of in this thread (a simulator's verifier pool). */
  verify?: VerifySignature;
  /** When the broker connection drops, connect again every so many ms, as real terminals do (default: never). */
  reconnectMs?: number;
}

export class SimTerminal {
  readonly opts: SimTerminalOptions;
  /** The protocol-independent terminal logic (priority, queue, replay). */
  readonly brain: TerminalBrain;
  /** Every ack it sent, oldest first. */
  readonly acks: Ack[] = [];
  /** How long it waited for the verdict on its last command's signature (a shared verifier, `opts.verify`); 0 when the verdict was at hand. */
  verifyWaitMs = 0;
  #client: MqttClient | null = null;
  #work: Promise<void> = Promise.resolve();
  #loaded = false;
  #stopBeating: (() => void) | null = null;

  constructor(opts: SimTerminalOptions) {
    this.opts = opts;
    this.brain = new TerminalBrain({ maxSkewSeconds: opts.maxSkewSeconds });
  }

  /** What it plays now. */
  get current(): StartCommand | null {
    return this.brain.current;
  }

  /** Accepted broadcasts waiting behind the current one. */
  get queue(): StartCommand[] {
    return this.brain.queue;
  }

  /** EBMIDs it played or was told to stop: a later start of one is a replay. */
  get finished(): Set<string> {
    return this.brain.finished;
  }

  /** Every EBMID it started playing, in order (see TerminalBrain.plays). */
  get plays(): readonly string[] {
    return this.brain.plays;
  }

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  /** Its clock (the real one plus the configured offset). */
  now(): Date {
    return new Date(Date.now() + (this.opts.clockOffsetMs ?? 0));
  }

  /** Connects (loading its saved replay state the first time), subscribes and says hello. */
  async start(): Promise<void> {
    const { url, centerCode, ebrid, areaCode, username, password, stateFile } = this.opts;
    if (stateFile && !this.#loaded) await loadBrainState(this.brain, stateFile);
    this.#loaded = true;
    const will = { topic: topics.gone(centerCode, ebrid), payload: Buffer.from('{}'), qos: 1 as const, retain: false };
    const client = await mqtt.connectAsync(url, { clientId: `sim-${ebrid}`, clean: true, reconnectPeriod: this.opts.reconnectMs ?? 0, will, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) });
    this.#client = client;
    if (this.opts.heartbeatSeconds) {
      this.#stopBeating = heartbeatTimer(this.opts.heartbeatSeconds, () => void client.publishAsync(topics.heartbeat(centerCode, ebrid), '{}', { qos: 0 }).catch(() => undefined));
    }
    client.on('message', (_topic, payload) => {
      this.#work = this.#work.then(() => this.#onCommand(payload)).catch(() => undefined);
    });
    await client.subscribeAsync([...areaChain(areaCode).map((a) => topics.area(centerCode, a)), topics.terminal(centerCode, ebrid)], { qos: 1 });
    await client.publishAsync(topics.hello(centerCode, ebrid), JSON.stringify({ at: new Date().toISOString() }), { qos: 1 });
    // Back after a drop (mqtt.js subscribes again by itself): say hello, to be sent what it missed.
    client.on('connect', () => void client.publishAsync(topics.hello(centerCode, ebrid), JSON.stringify({ at: new Date().toISOString() }), { qos: 1 }).catch(() => undefined));
  }

  /** Disconnects (the terminal goes offline; it keeps its state). */
  async stop(): Promise<void> {
    const c = this.#client;
    this.#client = null;
    this.#stopBeating?.();
    // Leaving cleanly: say so (the broker sends the will only when a connection dies).
    if (c?.connected) await c.publishAsync(topics.gone(this.opts.centerCode, this.opts.ebrid), '{}', { qos: 1 }).catch(() => undefined);
    await c?.endAsync();
  }

  /** Resolves when the commands received so far are handled. */
  settled(): Promise<void> {
    return this.#work;
  }

  acksFor(ebmid: string): Ack[] {
    return this.acks.filter((a) => a.ebmid === ebmid);
  }

  async #send(acks: BrainAck[]): Promise<void> {
    if (this.opts.fault === 'silent') return;
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    for (const a of acks) {
      const now = Date.now();
      const ack = stampAck(a, new Date(now).toISOString());
      if (this.opts.keepAcks !== false) this.acks.push(ack);
      this.opts.onAck?.(a, now, this.verifyWaitMs);
      await this.#client?.publishAsync(topics.ack(this.opts.centerCode, this.opts.ebrid), JSON.stringify(ack), { qos: 1 });
    }
  }

  async #onCommand(payload: Buffer): Promise<void> {
    const verify = this.opts.verify;
    const d = verify ? await decodeCommandVia(payload, (b, v, now) => verifyTimed(verify, this, b, v, now), this.now()) : decodeCommand(payload, this.opts.trust, this.now());
    if (!d.ok) return this.#send([{ ebmid: d.ebmid, state: 'rejected', reason: d.reason }]);
    const acks = this.brain.handle(d.cmd, d.verdict, this.now());
    const answer = acks.find((a) => a.ebmid === d.cmd.ebmid);
    if (this.opts.stateFile && answer?.state !== 'rejected') await saveBrainState(this.brain, this.opts.stateFile);
    await this.#send(acks);
  }
}
