/**
 * A simulated 4G loudspeaker terminal speaking the MQTT wire format of wire.ts, for
 * tests and demos. It behaves as a real terminal must (GD/J 081 / 089):
 *
 * - subscribes to its area chain (province … its own area) and its own terminal topic,
 *   and says hello on every connect;
 * - VERIFIES every command against its trust list before acting and acks `rejected`
 *   with the reason for unsigned, tampered (BAD_SIGNATURE), unknown-certificate,
 *   stale or future (outside ±maxSkewSeconds, default 300) and replayed commands
 *   (ReplayGuard on the platform's cert serial + seq, plus the EBMIDs it has finished);
 * - a start of the EBMID it already plays is acked `playing` again (idempotent re-send);
 *   a stop of an EBMID it already stopped is acked `stopped` again (stopping is safe);
 * - priority: real (msgType 1) over drills, then lower severity number first
 *   (0 = unknown ranks last). A strictly higher start preempts the current one, which
 *   goes back to the queue; an equal or lower one is QUEUED (no ack until it plays) and
 *   starts when the current one stops, if still within its end time.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { ReplayGuard, type TrustList } from '../../../platform/crypto/index.ts';
import { areaChain, decodeCommand, topics, type Ack, type AckState, type StartCommand } from './wire.ts';

export interface SimTerminalOptions {
  url: string;
  centerCode: string;
  ebrid: string;
  areaCode: string;
  trust: TrustList;
  maxSkewSeconds?: number;
}

/** Higher priority sorts first. */
function rank(c: StartCommand): [number, number] {
  return [c.msgType === 1 ? 0 : 1, c.severity === 0 ? 9 : c.severity];
}
function outranks(a: StartCommand, b: StartCommand): boolean {
  const [x, y] = [rank(a), rank(b)];
  return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
}

export class SimTerminal {
  readonly opts: SimTerminalOptions;
  /** What it plays now. */
  current: StartCommand | null = null;
  readonly queue: StartCommand[] = [];
  /** EBMIDs it played or was told to stop: a later start of one is a replay. */
  readonly finished = new Set<string>();
  /** Every ack it sent, oldest first. */
  readonly acks: Ack[] = [];
  #client: MqttClient | null = null;
  readonly #guard: ReplayGuard;
  #work: Promise<void> = Promise.resolve();

  constructor(opts: SimTerminalOptions) {
    this.opts = opts;
    this.#guard = new ReplayGuard({ windowSeconds: opts.maxSkewSeconds ?? 300, reorderWindow: 16 });
  }

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  /** Connects, subscribes and says hello. */
  async start(): Promise<void> {
    const { url, centerCode, ebrid, areaCode } = this.opts;
    const client = await mqtt.connectAsync(url, { clientId: `sim-${ebrid}`, clean: true, reconnectPeriod: 0 });
    this.#client = client;
    client.on('message', (_topic, payload) => {
      this.#work = this.#work.then(() => this.#onCommand(payload)).catch(() => undefined);
    });
    await client.subscribeAsync([...areaChain(areaCode).map((a) => topics.area(centerCode, a)), topics.terminal(centerCode, ebrid)], { qos: 1 });
    await client.publishAsync(topics.hello(centerCode, ebrid), JSON.stringify({ at: new Date().toISOString() }), { qos: 1 });
  }

  /** Disconnects (the terminal goes offline; it keeps its state). */
  async stop(): Promise<void> {
    const c = this.#client;
    this.#client = null;
    await c?.endAsync();
  }

  /** Resolves when the commands received so far are handled. */
  settled(): Promise<void> {
    return this.#work;
  }

  acksFor(ebmid: string): Ack[] {
    return this.acks.filter((a) => a.ebmid === ebmid);
  }

  async #ack(ebmid: string | null, state: AckState, reason?: string): Promise<void> {
    const ack: Ack = { ebmid, state, ...(reason ? { reason } : {}), at: new Date().toISOString() };
    this.acks.push(ack);
    await this.#client?.publishAsync(topics.ack(this.opts.centerCode, this.opts.ebrid), JSON.stringify(ack), { qos: 1 });
  }

  async #onCommand(payload: Buffer): Promise<void> {
    const d = decodeCommand(payload, this.opts.trust, new Date());
    if (!d.ok) return this.#ack(d.ebmid, 'rejected', d.reason);
    const cmd = d.cmd;
    if (cmd.type === 'start') {
      if (this.current?.ebmid === cmd.ebmid) return this.#ack(cmd.ebmid, 'playing');
      if (this.queue.some((q) => q.ebmid === cmd.ebmid)) return;
      if (this.finished.has(cmd.ebmid)) return this.#ack(cmd.ebmid, 'rejected', 'REPLAYED');
    } else if (this.finished.has(cmd.ebmid) && this.current?.ebmid !== cmd.ebmid) {
      return this.#ack(cmd.ebmid, 'stopped');
    }
    const verdict = this.#guard.check(d.verdict.certSerial, cmd.seq, `${cmd.type}:${cmd.ebmid}`, d.verdict.sigTime);
    if (verdict !== 'ok') return this.#ack(cmd.ebmid, 'rejected', verdict);
    if (cmd.type === 'stop') return this.#stop(cmd.ebmid);
    if (Date.parse(cmd.end) <= Date.now()) return this.#ack(cmd.ebmid, 'rejected', 'EXPIRED');
    if (!this.current) return this.#play(cmd);
    if (outranks(cmd, this.current)) {
      this.queue.push(this.current);
      return this.#play(cmd);
    }
    this.queue.push(cmd);
  }

  async #play(cmd: StartCommand): Promise<void> {
    this.current = cmd;
    await this.#ack(cmd.ebmid, 'playing');
  }

  async #stop(ebmid: string): Promise<void> {
    this.finished.add(ebmid);
    const i = this.queue.findIndex((q) => q.ebmid === ebmid);
    if (i >= 0) this.queue.splice(i, 1);
    const wasCurrent = this.current?.ebmid === ebmid;
    if (wasCurrent) this.current = null;
    await this.#ack(ebmid, 'stopped');
    if (!wasCurrent) return;
    const now = Date.now();
    const next = this.queue.filter((q) => Date.parse(q.end) > now).sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0))[0];
    if (!next) return;
    this.queue.splice(this.queue.indexOf(next), 1);
    await this.#play(next);
  }
}
