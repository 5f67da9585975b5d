/**
 * What a loudspeaker terminal does with a VERIFIED command, whatever transport brought
 * it: the simulated MQTT terminal (sim-terminal.ts) and the simulated GD/J 089 IP
 * terminal (tcp/sim-terminal.ts) both delegate here, so they cannot disagree.
 *
 * - priority: real (msgType 1) over drills and daily, then lower severity number first
 *   (0 = unknown ranks last). A strictly higher start preempts the current one, which
 *   goes back to the queue and is reported `queued` / PREEMPTED; an equal or lower one
 *   is reported `queued` / BUSY_HIGHER_PRIORITY and plays when the ones above it stop,
 *   if still within its end time (then it is reported `playing`);
 * - idempotence: a start of what it plays is `playing` again, of what it queues is
 *   `queued` again; a stop of an EBMID it already finished is `stopped` again;
 * - replay: the ReplayGuard on (certificate serial, seq) plus the EBMIDs it finished:
 *   a finished EBMID never starts again (REPLAYED);
 * - expiry: a start past its end time is rejected (EXPIRED); `expire(now)` ends the
 *   current one when its end time passes and plays the next.
 * The replay state can be saved and restored (`snapshot` / `restore`) so a restarted
 * terminal keeps refusing what it already accepted.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { ReplayGuard, type ReplayGuardSnapshot } from '../../../platform/crypto/index.ts';
import type { Ack, Command, StartCommand, VerifySignature } from './wire.ts';

/** An ack without its time: the transport stamps and sends it. */
export type BrainAck = Omit<Ack, 'at'>;

/** How a simulated terminal keeps what it said, besides sending it. */
export interface AckRecording {
  /** Called with every ack as the terminal sends it, with its time in ms and how long it waited for its command's signature verdict (a fleet's log). */
  onAck?: (ack: BrainAck, atMs: number, verifyWaitMs: number) => void;
  /** Keep every ack in `acks` (default true; a fleet that logs them through onAck does not). */
  keepAcks?: boolean;
}

/** An ack as reported, stamped `at` (an ISO time); `reason` only when there is one. */
export function stampAck(a: BrainAck, at: string): Ack {
  const ack: Ack = { ebmid: a.ebmid, state: a.state, at };
  if (a.reason !== undefined) ack.reason = a.reason;
  return ack;
}

/**
 * Checks a signature through a simulator's shared verifier, noting on the terminal how
 * long it waited for the verdict (`verifyWaitMs`: 0 when the verdict was at hand), which
 * a benchmark reports apart: a real terminal verifies on its own chip.
 */
export function verifyTimed(verify: VerifySignature, terminal: { verifyWaitMs: number }, bytes: Uint8Array, value: Uint8Array, now: Date): ReturnType<VerifySignature> {
  const verdict = verify(bytes, value, now);
  if (!(verdict instanceof Promise)) {
    terminal.verifyWaitMs = 0;
    return verdict;
  }
  const asked = performance.now();
  return verdict.then((v) => {
    terminal.verifyWaitMs = performance.now() - asked;
    return v;
  });
}

/** Who signed a verified command, and when (from its checked signature). */
export interface SignedBy {
  certSerial: string;
  sigTime: Date;
}

/** The persisted form of a terminal's replay state: plain JSON. */
export interface BrainSnapshot {
  version: 1;
  replay: ReplayGuardSnapshot;
  finished: string[];
}

/** Finished EBMIDs remembered at most (oldest dropped; the sequence check still covers them). */
const MAX_FINISHED = 5_000;

/**
 * Higher priority sorts first: a real alert over a drill; then the issuing platform's
 * level (GD/J 089: upper level over lower; the EBMID begins with the platform's EBRID,
 * whose first digit is its level, 1 nation … 4 county, 5 town, 6 village); then severity
 * (1 red first, 0 unknown last).
 */
function rank(c: StartCommand): [number, number, number] {
  const level = Number(c.ebmid[0]);
  return [c.msgType === 1 ? 0 : 1, level >= 1 && level <= 6 ? level : 9, c.severity === 0 ? 9 : c.severity];
}

/** True when `a` strictly outranks `b`. */
export function outranks(a: StartCommand, b: StartCommand): boolean {
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

/** `derive`, computed once per command object: a simulator shares one among thousands of terminals. */
function perCommand<C extends Command, T>(derive: (c: C) => T): (c: C) => T {
  const memo = new WeakMap<C, T>();
  return (c) => {
    if (memo.has(c)) return memo.get(c)!;
    const value = derive(c);
    memo.set(c, value);
    return value;
  };
}

/** A start's end time in ms. */
const endMs = perCommand((c: StartCommand) => Date.parse(c.end));
/** The replay guard's id of a command ("start:<EBMID>"). */
const messageIdOf = perCommand((c: Command) => `${c.type}:${c.ebmid}`);

export class TerminalBrain {
  /** What it plays now. */
  current: StartCommand | null = null;
  readonly queue: StartCommand[] = [];
  /** EBMIDs it played or was told to stop: a later start of one is a replay. */
  readonly finished = new Set<string>();
  /** Every EBMID it started playing, in order (a resume after preemption counts again; a re-send it already plays does not). */
  readonly plays: string[] = [];
  readonly #guard: ReplayGuard;
  readonly #windowSeconds: number;

  constructor(opts: { maxSkewSeconds?: number } = {}) {
    this.#windowSeconds = opts.maxSkewSeconds ?? 300;
    this.#guard = new ReplayGuard({ windowSeconds: this.#windowSeconds, reorderWindow: 16 });
  }

  /**
   * Acts on a command whose signature verified. Returns the acks it causes in the
   * order things happened (a preempted one before the one that takes over); exactly
   * one of them is about `cmd.ebmid`.
   */
  handle(cmd: Command, by: SignedBy, now: Date = new Date()): BrainAck[] {
    if (cmd.type === 'start') {
      if (this.current?.ebmid === cmd.ebmid) return [{ ebmid: cmd.ebmid, state: 'playing' }];
      for (const q of this.queue) if (q.ebmid === cmd.ebmid) return [{ ebmid: cmd.ebmid, state: 'queued', reason: 'BUSY_HIGHER_PRIORITY' }];
      if (this.finished.has(cmd.ebmid)) return [{ ebmid: cmd.ebmid, state: 'rejected', reason: 'REPLAYED' }];
    } else if (this.finished.has(cmd.ebmid) && this.current?.ebmid !== cmd.ebmid) {
      return [{ ebmid: cmd.ebmid, state: 'stopped' }];
    }
    const verdict = this.#guard.check(by.certSerial, cmd.seq, messageIdOf(cmd), by.sigTime, now);
    if (verdict !== 'ok') return [{ ebmid: cmd.ebmid, state: 'rejected', reason: verdict }];
    if (cmd.type === 'stop') return this.#stop(cmd.ebmid, now);
    if (endMs(cmd) <= now.getTime()) return [{ ebmid: cmd.ebmid, state: 'rejected', reason: 'EXPIRED' }];
    if (!this.current) return this.#play(cmd);
    if (outranks(cmd, this.current)) {
      const preempted = this.current;
      this.queue.push(preempted);
      return [{ ebmid: preempted.ebmid, state: 'queued', reason: 'PREEMPTED' }, ...this.#play(cmd)];
    }
    this.queue.push(cmd);
    return [{ ebmid: cmd.ebmid, state: 'queued', reason: 'BUSY_HIGHER_PRIORITY' }];
  }

  /** Ends the current broadcast if its end time has passed, and plays the next due one. */
  expire(now: Date = new Date()): BrainAck[] {
    const c = this.current;
    if (!c || endMs(c) > now.getTime()) return [];
    this.#finish(c.ebmid);
    this.current = null;
    return [{ ebmid: c.ebmid, state: 'stopped', reason: 'ENDED' }, ...this.#resume(now)];
  }

  /** The replay state, for the caller to persist after each accepted command. */
  snapshot(now: Date = new Date()): BrainSnapshot {
    return { version: 1, replay: this.#guard.snapshot(now), finished: [...this.finished] };
  }

  /** Restores a snapshot. Throws TypeError on a malformed one: better to stop than to accept replays. */
  restore(s: BrainSnapshot): void {
    if (s?.version !== 1 || !Array.isArray(s.finished) || !s.finished.every((e) => typeof e === 'string')) {
      throw new TypeError('not a version 1 terminal snapshot');
    }
    this.#guard.restore(s.replay);
    this.finished.clear();
    for (const e of s.finished.slice(-MAX_FINISHED)) this.finished.add(e);
  }

  #play(cmd: StartCommand): BrainAck[] {
    this.current = cmd;
    this.plays.push(cmd.ebmid);
    return [{ ebmid: cmd.ebmid, state: 'playing' }];
  }

  #finish(ebmid: string): void {
    this.finished.add(ebmid);
    if (this.finished.size > MAX_FINISHED) this.finished.delete(this.finished.values().next().value!);
  }

  #stop(ebmid: string, now: Date): BrainAck[] {
    this.#finish(ebmid);
    const i = this.queue.findIndex((q) => q.ebmid === ebmid);
    if (i >= 0) this.queue.splice(i, 1);
    const wasCurrent = this.current?.ebmid === ebmid;
    if (wasCurrent) this.current = null;
    return [{ ebmid, state: 'stopped' }, ...(wasCurrent ? this.#resume(now) : [])];
  }

  /** Plays the best queued broadcast still within its end time; drops expired ones. */
  #resume(now: Date): BrainAck[] {
    for (let i = this.queue.length - 1; i >= 0; i--) if (endMs(this.queue[i]!) <= now.getTime()) this.queue.splice(i, 1);
    const next = [...this.queue].sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0))[0];
    if (!next) return [];
    this.queue.splice(this.queue.indexOf(next), 1);
    return this.#play(next);
  }
}

/**
 * A terminal's periodic heartbeat: the first after a random part of the period, then
 * every period. Terminals are switched on at different moments, so a fleet's beats are
 * spread over the period rather than arriving in the burst its simulator connected in.
 * Returns the stop function.
 */
export function heartbeatTimer(seconds: number, beat: () => void): () => void {
  const period = seconds * 1000;
  let timer: NodeJS.Timeout = setTimeout(() => {
    beat();
    timer = setInterval(beat, period);
    timer.unref();
  }, Math.random() * period);
  timer.unref();
  return () => clearTimeout(timer);
}

/** Loads a saved snapshot into `brain`; a missing file is a fresh terminal. Throws on a corrupt one. */
export async function loadBrainState(brain: TerminalBrain, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  brain.restore(JSON.parse(text) as BrainSnapshot);
}

/** Saves `brain`'s snapshot atomically (temporary file, then rename): a crash leaves the old or the new state, never half. */
export async function saveBrainState(brain: TerminalBrain, file: string): Promise<void> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(brain.snapshot()), 'utf8');
  await rename(tmp, file);
}
