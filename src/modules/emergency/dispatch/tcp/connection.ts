/**
 * One IP terminal's TCP connection as the driver keeps it: its framer, what it is
 * bound to after the hello, what it last said it plays, the commands awaiting an
 * answer, and a work queue that handles its frames in order. Reading pauses while
 * too many frames wait (the sink is slow); writing refuses to buffer without bound
 * (a terminal that does not read is dropped).
 */
import type { Socket } from 'node:net';
import { FrameSplitter } from '../../terminal-protocol/index.ts';
import { areaChain, type Command } from '../wire.ts';
import { runInOrder } from './in-order.ts';

/** Largest frame a terminal may send: heartbeats and answers are small. */
const MAX_FRAME_BYTES = 8192;
/** Frames waiting for processing before reading pauses; it resumes at a quarter. */
const MAX_BACKLOG = 64;
/** Unsent bytes (in Node, beyond the kernel's few MB) past which a terminal counts as not reading. */
const MAX_UNSENT_BYTES = 256 * 1024;
/**
 * Commands awaiting an answer past which a terminal counts as not reading: the kernel's
 * buffers hold thousands of frames before Node's fill, and a board that does not read
 * may still send heartbeats, so unanswered commands are the sign that comes first.
 */
const MAX_UNANSWERED = 64;

/** A command sent and not yet answered: one record per command, shared by every connection it was written to. */
export interface SentCommand {
  readonly type: Command['type'];
  readonly ebmid: string;
  /** When it was sent (ms). */
  readonly at: number;
}

export function sentCommand(cmd: Command): SentCommand {
  return { type: cmd.type, ebmid: cmd.ebmid, at: Date.now() };
}

/**
 * The commands a connection awaits answers to, by session id: seldom more than one or
 * two, so two short arrays searched in order. A Map here reallocated its table as its
 * one entry came and went, thousands of times per burst, and every table lived just
 * long enough to be promoted and collected the expensive way.
 */
export class PendingCommands {
  readonly #ids: number[] = [];
  readonly #sent: SentCommand[] = [];

  get size(): number {
    return this.#ids.length;
  }

  get(sessionId: number): SentCommand | undefined {
    const i = this.#ids.indexOf(sessionId);
    return i < 0 ? undefined : this.#sent[i];
  }

  set(sessionId: number, sent: SentCommand): void {
    const i = this.#ids.indexOf(sessionId);
    if (i >= 0) {
      this.#sent[i] = sent;
      return;
    }
    this.#ids.push(sessionId);
    this.#sent.push(sent);
  }

  delete(sessionId: number): boolean {
    const i = this.#ids.indexOf(sessionId);
    if (i < 0) return false;
    this.#removeAt(i);
    return true;
  }

  /** Forgets commands sent more than `ms` before `now`. */
  forgetOlder(now: number, ms: number): void {
    for (let i = this.#ids.length - 1; i >= 0; i--) if (now - this.#sent[i]!.at > ms) this.#removeAt(i);
  }

  /** Order is kept (answers mostly come in the order commands went out). */
  #removeAt(i: number): void {
    this.#ids.splice(i, 1);
    this.#sent.splice(i, 1);
  }
}

export class TerminalConnection {
  readonly socket: Socket;
  readonly splitter = new FrameSplitter({ maxFrameBytes: MAX_FRAME_BYTES });
  readonly openedAt = Date.now();
  lastSeen = Date.now();
  ebrid: string | null = null;
  centerCode: string | null = null;
  /** The terminal's area (EBRID digits 1..12) and every ancestor. */
  areas: ReadonlySet<string> = new Set();
  /** What the terminal last said (or was last answered) it plays. */
  playing: string | null = null;
  /** session id → the command sent under it, until answered. */
  readonly pending = new PendingCommands();
  /** Its first frame arrived (it may still wait for verification behind others). */
  heard = false;
  /** Garbage bytes skipped so far. */
  garbage = 0;
  /** Refused, replaced by a newer connection of its terminal, or the driver stops: ignore it, no gone(). */
  done: boolean;
  #work: Promise<void> = Promise.resolve();
  #backlog = 0;

  constructor(socket: Socket, done: boolean) {
    this.socket = socket;
    this.done = done;
  }

  get usable(): boolean {
    return !this.done && !this.socket.destroyed;
  }

  bind(centerCode: string, ebrid: string): void {
    this.centerCode = centerCode;
    this.ebrid = ebrid;
    this.areas = new Set(areaChain(ebrid.slice(1, 13)));
    this.lastSeen = Date.now();
  }

  /**
   * Runs `fn` after the work queued before it: at once when none is queued. Returns the
   * new tail when work remains (for the driver's idle()), nothing when `fn` finished.
   */
  run(fn: () => void | Promise<void>, onError: (err: unknown) => void): Promise<void> | undefined {
    const work = runInOrder(this.#backlog > 0 ? this.#work : undefined, fn, onError);
    if (!work) return undefined;
    if (++this.#backlog > MAX_BACKLOG) this.socket.pause();
    this.#work = work.finally(() => {
      if (--this.#backlog <= MAX_BACKLOG / 4 && this.socket.isPaused() && !this.socket.destroyed) this.socket.resume();
    });
    return this.#work;
  }

  /** Writes, unless closed; a terminal with too much unread is dropped ('slow'). */
  write(bytes: Uint8Array): 'ok' | 'closed' | 'slow' {
    if (!this.usable) return 'closed';
    this.socket.write(bytes);
    // Checked after the write, so the write that crosses the line drops it now, not at the next one.
    return this.socket.writableLength > MAX_UNSENT_BYTES ? this.drop() : 'ok';
  }

  /** Sends a command frame and remembers it until answered. */
  send(sent: SentCommand, sessionId: number, bytes: Uint8Array): 'ok' | 'closed' | 'slow' {
    if (!this.usable) return 'closed';
    if (this.pending.size >= MAX_UNANSWERED) return this.drop();
    this.pending.set(sessionId, sent);
    return this.write(bytes);
  }

  /** A terminal that does not read: closed (reported gone); after its next hello it gets what it missed. */
  private drop(): 'slow' {
    this.socket.destroy();
    return 'slow';
  }

  /** Forgets commands unanswered for `ms` (dispatch's watchdog re-sends them). */
  forgetPending(now: number, ms: number): void {
    this.pending.forgetOlder(now, ms);
  }
}
