/**
 * Anti-replay. GD/J 081 demands it without saying how; ours has three layers:
 *   1. freshness: verifySignatureValue rejects SigTime outside ±maxSkewSeconds;
 *   2. per sender, the highest accepted sequence number (the EBDID's 16-digit
 *      sequence, increasing per sender, GD/J 080), with a small reordering window
 *      for packets sent in parallel that overtake each other (the idea of IPsec's
 *      anti-replay window, RFC 4303 §3.4.3);
 *   3. per sender, the ids of messages seen while they are still fresh enough for
 *      layer 1 to let them through (an id is kept until SigTime + window has passed).
 * The Dallas sirens (2017) went off from replayed commands: every layer matters.
 *
 * Call `check` only AFTER the signature verified: it records what it accepts, and a
 * forged packet with a huge sequence number would otherwise lock the sender out.
 * A peer that resets its sequence (reinstall, new database) is OUT_OF_ORDER until an
 * operator calls `forget(sender)`. Persisting the state is the caller's job:
 * `snapshot()` after changes, `restore()` at start-up.
 */
import { DEFAULT_MAX_SKEW_SECONDS } from './verify.ts';

/** What {@link ReplayGuard.check} decides. */
export type ReplayVerdict = 'ok' | 'REPLAYED' | 'OUT_OF_ORDER';

/** Options of {@link ReplayGuard}. */
export interface ReplayGuardOptions {
  /** Must equal the verifier's maxSkewSeconds; default 300. */
  windowSeconds?: number;
  /** How far below the highest sequence an unseen packet is still accepted; 0 = strictly increasing. Default 64. */
  reorderWindow?: number;
  /** Seen ids kept per sender at most (oldest dropped first; the sequence check still covers them). Default 10,000. */
  maxIdsPerSender?: number;
}

/** The persisted form: plain JSON. */
export interface ReplayGuardSnapshot {
  version: 1;
  senders: Array<{ sender: string; highestSeq: string; acceptedSeqs: string[]; seen: Array<[messageId: string, sigTimeSeconds: number]> }>;
}

/**
 * A sequence number in one canonical form: a number while it is a safe integer (the
 * usual case: cheap to compare and to hash), a bigint only above 2^53 (a 16-digit EBDID
 * sequence may be). One value never has two forms, so a Set of them is exact.
 */
type Seq = number | bigint;

interface SenderState {
  highest: Seq;
  /**
   * Accepted sequence numbers, every one in [highest - reorderWindow, highest] among
   * them; older ones are dropped only now and then (when there are twice as many), so
   * a new highest does not walk the set. Checks look at the window first, so a number
   * left below it counts for nothing.
   */
  accepted: Set<Seq>;
  /** messageId → SigTime in seconds, in insertion order. */
  seen: Map<string, number>;
  /** SigTime of the oldest id in `seen` (or less): nothing to purge before it expires. */
  oldest: number;
}

function toSeq(seq: bigint | number | string): Seq {
  if (typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0) return seq;
  if (typeof seq === 'bigint' && seq >= 0n) return canonical(seq);
  if (typeof seq === 'string' && /^\d{1,20}$/.test(seq)) return canonical(BigInt(seq));
  throw new RangeError('sequence number must be a non-negative integer (bigint, safe number or decimal string)');
}

function canonical(n: bigint): Seq {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** Whether `seq` lies more than `window` below `highest` (`<` and `>` compare the two forms exactly; subtraction needs one). */
function farBelow(highest: Seq, seq: Seq, window: number): boolean {
  return typeof highest === 'number' && typeof seq === 'number' ? highest - seq > window : BigInt(highest) - BigInt(seq) > BigInt(window);
}

function toSeconds(d: Date, name: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return Math.floor(ms / 1000);
}

/** In-memory anti-replay state for all senders. */
export class ReplayGuard {
  readonly #senders = new Map<string, SenderState>();
  /** The sender checked last and its state: a terminal hears one platform, over and over. */
  #lastSender: string | null = null;
  #lastState: SenderState | null = null;
  readonly #window: number;
  readonly #reorder: number;
  readonly #maxIds: number;

  constructor(opts: ReplayGuardOptions = {}) {
    this.#window = opts.windowSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
    const reorder = opts.reorderWindow ?? 64;
    this.#maxIds = opts.maxIdsPerSender ?? 10_000;
    if (!Number.isFinite(this.#window) || this.#window < 0) throw new RangeError('windowSeconds must be a non-negative number');
    if (!Number.isSafeInteger(reorder) || reorder < 0) throw new RangeError('reorderWindow must be a non-negative integer');
    if (!Number.isSafeInteger(this.#maxIds) || this.#maxIds < 1) throw new RangeError('maxIdsPerSender must be a positive integer');
    this.#reorder = reorder;
  }

  /**
   * Decides on a verified message and, when 'ok', records it.
   * @param sender  the authenticated sender (its EBRID, or the certificate serial)
   * @param seq     its sequence number, increasing per sender
   * @param messageId  a unique id of the message (the EBDID)
   * @param sigTime the verified SigTime
   * @param now     the receiver's clock; default now
   * Throws RangeError only on arguments of the wrong type or range (a programming error).
   */
  check(sender: string, seq: bigint | number | string, messageId: string, sigTime: Date, now: Date = new Date()): ReplayVerdict {
    const n = toSeq(seq);
    const t = toSeconds(sigTime, 'sigTime');
    const st = sender === this.#lastSender ? this.#lastState : this.#stateOf(sender);
    if (!st) {
      this.#senders.set(sender, { highest: n, accepted: new Set([n]), seen: new Map([[messageId, t]]), oldest: t });
      return 'ok';
    }
    const nowS = toSeconds(now, 'now');
    if (st.oldest + this.#window < nowS) this.#purge(st, nowS);
    if (st.seen.has(messageId)) return 'REPLAYED';
    if (n <= st.highest) {
      if (farBelow(st.highest, n, this.#reorder)) return 'OUT_OF_ORDER';
      if (st.accepted.has(n)) return 'REPLAYED';
      st.accepted.add(n);
    } else {
      st.highest = n;
      st.accepted.add(n);
      if (st.accepted.size > 2 * (this.#reorder + 1)) this.#trimAccepted(st);
    }
    if (st.seen.size === 0) st.oldest = t;
    st.seen.set(messageId, t);
    if (st.seen.size > this.#maxIds) {
      for (const id of st.seen.keys()) {
        if (st.seen.size <= this.#maxIds) break;
        st.seen.delete(id);
      }
    }
    return 'ok';
  }

  #stateOf(sender: string): SenderState | undefined {
    const st = this.#senders.get(sender);
    if (st) {
      this.#lastSender = sender;
      this.#lastState = st;
    }
    return st;
  }

  /** The highest accepted sequence of a sender, if any. */
  highestSeq(sender: string): bigint | undefined {
    const st = this.#senders.get(sender);
    return st && BigInt(st.highest);
  }

  /** Drops a sender's state, e.g. after it legitimately reset its sequence. An operator's action: audit it. */
  forget(sender: string): boolean {
    this.#lastSender = null;
    this.#lastState = null;
    return this.#senders.delete(sender);
  }

  /** The state as plain JSON, for the caller to persist. Pass `now` to leave out ids that expired. */
  snapshot(now?: Date): ReplayGuardSnapshot {
    const nowS = now ? toSeconds(now, 'now') : undefined;
    const senders: ReplayGuardSnapshot['senders'] = [];
    for (const [sender, st] of this.#senders) {
      if (nowS !== undefined) this.#purge(st, nowS);
      senders.push({
        sender,
        highestSeq: st.highest.toString(),
        acceptedSeqs: [...st.accepted].filter((a) => !farBelow(st.highest, a, this.#reorder)).map(String),
        seen: [...st.seen],
      });
    }
    return { version: 1, senders };
  }

  /** Replaces the state with a snapshot. Throws TypeError on a malformed one: better to stop than to accept replays. */
  restore(snapshot: ReplayGuardSnapshot): void {
    if (snapshot?.version !== 1 || !Array.isArray(snapshot.senders)) throw new TypeError('not a version 1 ReplayGuard snapshot');
    const next = new Map<string, SenderState>();
    for (const s of snapshot.senders) {
      const ok =
        typeof s?.sender === 'string' &&
        typeof s.highestSeq === 'string' && /^\d{1,20}$/.test(s.highestSeq) &&
        Array.isArray(s.acceptedSeqs) && s.acceptedSeqs.every((a) => typeof a === 'string' && /^\d{1,20}$/.test(a)) &&
        Array.isArray(s.seen) && s.seen.every((e) => Array.isArray(e) && typeof e[0] === 'string' && Number.isSafeInteger(e[1]));
      if (!ok || next.has(s.sender)) throw new TypeError(`ReplayGuard snapshot: bad or duplicate entry for sender ${String(s?.sender)}`);
      const highest = toSeq(s.highestSeq);
      const accepted = new Set(s.acceptedSeqs.map(toSeq).filter((a) => a <= highest && !farBelow(highest, a, this.#reorder)));
      accepted.add(highest);
      const seen = new Map(s.seen.slice(-this.#maxIds));
      next.set(s.sender, { highest, accepted, seen, oldest: Math.min(...seen.values()) });
    }
    this.#senders.clear();
    this.#lastSender = null;
    this.#lastState = null;
    for (const [k, v] of next) this.#senders.set(k, v);
  }

  /**
   * Drops ids whose SigTime is so old that the freshness check rejects them anyway.
   * Ids arrive roughly in SigTime order, so it stops at the first fresh one: an expired
   * id behind it is kept a little longer, which is harmless, and a check stays O(expired).
   */
  #purge(st: SenderState, nowS: number): void {
    st.oldest = Infinity;
    for (const [id, t] of st.seen) {
      if (t + this.#window >= nowS) {
        st.oldest = t;
        break;
      }
      st.seen.delete(id);
    }
  }

  /** Drops accepted numbers that fell below the window. */
  #trimAccepted(st: SenderState): void {
    for (const a of st.accepted) if (farBelow(st.highest, a, this.#reorder)) st.accepted.delete(a);
  }
}
