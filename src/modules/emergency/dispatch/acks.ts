/**
 * Terminals' acknowledgements, applied to deliveries. A county broadcast brings
 * thousands of acks within a second, so they are collected for a few milliseconds and
 * applied in bulk: one UPDATE per (broadcast, state) for each chunk of terminals, and
 * one for their registry status. Rare answers (queued, rejected) go one by one.
 *
 * Acks only move a delivery forward (pending/offline/sent/failed → queued → playing →
 * stopped), with two exceptions: a terminal that was playing and is preempted by a
 * higher broadcast reports `queued` (reason PREEMPTED), and `rejected` fails only a
 * delivery that was `sent` (a forged command cannot fail one that plays or stopped).
 */
import { sql } from 'kysely';
import { pino, type Logger } from 'pino';
import type { Db, Executor } from '../../../platform/db/index.ts';
import { engineOf } from '../../../platform/db/engine.ts';
import type { Ack } from './wire.ts';
import type { DeliveryState } from './types.ts';

/** The states a delivery may be in for an ack of each kind to move it. */
const FROM: Record<'playing' | 'stopped' | 'queued' | 'preempted' | 'rejected', DeliveryState[]> = {
  playing: ['pending', 'offline', 'sent', 'failed', 'queued'],
  stopped: ['pending', 'offline', 'sent', 'failed', 'queued', 'playing'],
  queued: ['pending', 'offline', 'sent', 'failed'],
  preempted: ['pending', 'offline', 'sent', 'failed', 'playing'],
  rejected: ['sent'],
};
const CHUNK = 400;

export interface TerminalAck { ebrid: string; ack: Ack }

async function broadcastIdsOf(exec: Executor, centerId: string, ebmids: string[]): Promise<Map<string, string>> {
  const rows = await exec.selectFrom('eb_broadcasts').select(['id', 'ebmid']).where('center_id', '=', centerId).where('ebmid', 'in', ebmids).execute();
  return new Map(rows.map((r) => [r.ebmid!, r.id]));
}

/** One bulk move of many terminals' deliveries of one broadcast to `playing` or `stopped`. */
async function moveMany(tx: Executor, centerId: string, broadcastId: string, state: 'playing' | 'stopped', acks: TerminalAck[]): Promise<void> {
  if (engineOf(tx) === 'sqlite') return moveManySqlite(tx, centerId, broadcastId, state, acks);
  const now = new Date().toISOString();
  const stamp = state === 'playing' ? sql.ref('playing_at') : sql.ref('stopped_at');
  for (let i = 0; i < acks.length; i += CHUNK) {
    const chunk = acks.slice(i, i + CHUNK);
    const values = sql.join(chunk.map((a) => sql`(${a.ebrid}, ${a.ack.at})`));
    await sql`WITH v(ebrid, at) AS (VALUES ${values})
      UPDATE eb_deliveries SET state = ${state}, ${stamp} = v.at, acked_at = v.at, updated_at = ${now}
      FROM v WHERE eb_deliveries.center_id = ${centerId} AND eb_deliveries.broadcast_id = ${broadcastId}
        AND eb_deliveries.ebrid = v.ebrid AND eb_deliveries.state IN (${sql.join(FROM[state])})`.execute(tx);
    await moveStatus(tx, centerId, state, now, sql.join(chunk.map((a) => a.ebrid)));
  }
}

/**
 * SQLite joins an UPDATE with a VALUES list by scanning the list for every row (17 s for
 * 20,000 acks), and so does a correlated lookup in it. So the batch goes into a temporary
 * table keyed by EBRID (this connection's own), and one UPDATE reads each row's time
 * from it through that key.
 */
async function moveManySqlite(tx: Executor, centerId: string, broadcastId: string, state: 'playing' | 'stopped', acks: TerminalAck[]): Promise<void> {
  const now = new Date().toISOString();
  const stamp = state === 'playing' ? sql.ref('playing_at') : sql.ref('stopped_at');
  await sql`CREATE TEMP TABLE IF NOT EXISTS eb_ack_batch (ebrid TEXT PRIMARY KEY, at TEXT NOT NULL)`.execute(tx);
  await sql`DELETE FROM eb_ack_batch`.execute(tx);
  for (let i = 0; i < acks.length; i += CHUNK) {
    const values = sql.join(acks.slice(i, i + CHUNK).map((a) => sql`(${a.ebrid}, ${a.ack.at})`));
    await sql`INSERT INTO eb_ack_batch (ebrid, at) VALUES ${values} ON CONFLICT (ebrid) DO UPDATE SET at = excluded.at`.execute(tx);
  }
  const at = sql`(SELECT b.at FROM eb_ack_batch b WHERE b.ebrid = eb_deliveries.ebrid)`;
  await sql`UPDATE eb_deliveries SET state = ${state}, ${stamp} = ${at}, acked_at = ${at}, updated_at = ${now}
    WHERE center_id = ${centerId} AND broadcast_id = ${broadcastId} AND state IN (${sql.join(FROM[state])})
      AND ebrid IN (SELECT ebrid FROM eb_ack_batch)`.execute(tx);
  await moveStatus(tx, centerId, state, now, sql`SELECT ebrid FROM eb_ack_batch`);
  await sql`DELETE FROM eb_ack_batch`.execute(tx);
}

/** The terminals' registry status follows: playing, or back to online after a stop. */
async function moveStatus(tx: Executor, centerId: string, state: 'playing' | 'stopped', now: string, ebrids: ReturnType<typeof sql>): Promise<void> {
  const status = state === 'playing' ? 'playing' : 'online';
  await sql`UPDATE eb_resources SET status = ${status},
      status_since = CASE WHEN status = ${status} THEN status_since ELSE ${now} END, last_seen_at = ${now}, updated_at = ${now}
    WHERE center_id = ${centerId} AND ebrid IN (${ebrids})
      AND (${state === 'playing' ? sql`status <> 'playing'` : sql`status = 'playing'`} OR last_seen_at IS NULL OR last_seen_at < ${now})`.execute(tx);
}

/** One terminal's queued / rejected answer. */
async function moveOne(tx: Executor, centerId: string, broadcastId: string, { ebrid, ack }: TerminalAck): Promise<void> {
  const kind = ack.state === 'queued' ? (ack.reason === 'PREEMPTED' ? 'preempted' : 'queued') : 'rejected';
  const next: DeliveryState = ack.state === 'queued' ? 'queued' : 'failed';
  const now = new Date().toISOString();
  const moved = await tx.updateTable('eb_deliveries')
    .set({ state: next, acked_at: ack.at, updated_at: now, ...(ack.reason ? { last_error: ack.reason } : {}) })
    .where('center_id', '=', centerId).where('broadcast_id', '=', broadcastId).where('ebrid', '=', ebrid).where('state', 'in', FROM[kind])
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0 && ack.state === 'rejected') {
    // Keep the reason for the record, without moving the delivery.
    await tx.updateTable('eb_deliveries').set({ last_error: ack.reason ?? 'rejected', acked_at: ack.at, updated_at: now })
      .where('center_id', '=', centerId).where('broadcast_id', '=', broadcastId).where('ebrid', '=', ebrid).execute();
  }
}

/** Applies a batch of acks from terminals of one center, in one transaction. */
export async function applyAcks(db: Db, centerId: string, acks: TerminalAck[]): Promise<void> {
  const usable = acks.filter((a) => a.ack.ebmid);
  if (!usable.length) return;
  await db.transaction().execute(async (tx) => {
    const ids = await broadcastIdsOf(tx, centerId, [...new Set(usable.map((a) => a.ack.ebmid!))]);
    const groups = new Map<string, TerminalAck[]>();
    for (const a of usable) {
      const broadcastId = ids.get(a.ack.ebmid!);
      if (!broadcastId) continue; // not a broadcast of this center: a forged or stray ack
      if (a.ack.state === 'playing' || a.ack.state === 'stopped') {
        const key = `${broadcastId}\u0000${a.ack.state}`;
        const group = groups.get(key);
        if (group) group.push(a);
        else groups.set(key, [a]);
      } else {
        await moveOne(tx, centerId, broadcastId, a);
      }
    }
    for (const [key, list] of groups) {
      const [broadcastId, state] = key.split('\u0000') as [string, 'playing' | 'stopped'];
      // The newest ack of a terminal wins within a batch.
      const latest = new Map(list.map((a) => [a.ebrid, a]));
      await moveMany(tx, centerId, broadcastId, state, [...latest.values()]);
    }
  });
}

/** A batch that failed is tried again after 100 ms, 200 ms, … up to 5 s. */
const RETRY_BASE_MS = 100;
const RETRY_CAP_MS = 5000;

/** More acks than this waiting (the database has been failing a while): new ones are refused. */
export class AckBacklogFull extends Error {
  constructor(limit: number) {
    super(`ack backlog full (${limit} acks waiting for the database): ack not kept`);
    this.name = 'AckBacklogFull';
  }
}

interface Waiting { acks: TerminalAck[]; done: { resolve(): void; reject(e: unknown): void }[] }

/**
 * Collects acks and applies them in batches: once no ack came for `delayMs` (a county's
 * burst is applied after it, so the database work does not compete with the terminals
 * still answering), at the latest when the oldest has waited `maxDelayMs` (1 s: live
 * counts move during a long burst), or at once when `max` are waiting. `push` resolves
 * when its ack is applied.
 *
 * A batch the database refuses (connection lost, SQLite busy) is kept and tried again
 * with a growing delay: a terminal sends its ack once, so an ack dropped here would
 * leave its delivery `sent` until the watchdog re-sends the start. Memory is bounded by
 * `maxWaiting`: past it, `push` rejects at once (and the watchdog's re-send recovers).
 */
export class AckBatcher {
  #waiting = new Map<string, Waiting>();
  #timer: NodeJS.Timeout | null = null;
  #count = 0;
  #failures = 0;
  #running: Promise<void> = Promise.resolve();
  readonly #db: Db;
  readonly #delayMs: number;
  readonly #maxDelayMs: number;
  #firstAt = 0;
  #lastAt = 0;
  readonly #max: number;
  readonly #maxWaiting: number;
  readonly #logger: Logger;

  constructor(db: Db, opts: { delayMs?: number; maxDelayMs?: number; max?: number; maxWaiting?: number; logger?: Logger } = {}) {
    this.#db = db;
    this.#delayMs = opts.delayMs ?? 15;
    this.#maxDelayMs = Math.max(this.#delayMs, opts.maxDelayMs ?? 1000);
    this.#max = opts.max ?? 5000;
    this.#maxWaiting = opts.maxWaiting ?? 200_000;
    this.#logger = opts.logger ?? pino({ level: 'silent' });
  }

  /** Acks waiting to be applied (including batches waiting for a retry). */
  get waiting(): number {
    return this.#count;
  }

  /** Takes an ack and resolves when it is applied (rejects when refused or lost). */
  push(centerId: string, ack: TerminalAck): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.add(centerId, ack, { resolve, reject })) reject(new AckBacklogFull(this.#maxWaiting));
    });
  }

  /**
   * Takes an ack without waiting for it to be applied (a terminal's connection moves on
   * at once: nothing is held per ack while a burst is collected). False when refused
   * (the backlog is full; logged).
   */
  add(centerId: string, ack: TerminalAck, done?: Waiting['done'][number]): boolean {
    if (this.#count >= this.#maxWaiting) {
      this.#logger.error({ centerId, ebrid: ack.ebrid, ebmid: ack.ack.ebmid, waiting: this.#count }, 'ack backlog full: ack refused');
      return false;
    }
    const slot = this.#slot(centerId);
    slot.acks.push(ack);
    if (done) slot.done.push(done);
    this.#count += 1;
    this.#lastAt = performance.now();
    if (this.#failures > 0) return true; // a retry is scheduled: it takes this ack too
    if (this.#count >= this.#max) this.#flushSoon(0);
    else if (!this.#timer) {
      this.#firstAt = this.#lastAt;
      this.#quietThenFlush(this.#delayMs);
    }
    return true;
  }

  /** Flushes once acks paused for delayMs, or the first has waited maxDelayMs (one timer, re-armed, not one per ack). */
  #quietThenFlush(ms: number): void {
    this.#timer = setTimeout(() => {
      const now = performance.now();
      const quietIn = this.#lastAt + this.#delayMs - now;
      const latestIn = this.#firstAt + this.#maxDelayMs - now;
      if (quietIn > 1 && latestIn > 1) return this.#quietThenFlush(Math.min(quietIn, latestIn));
      this.#timer = null;
      void this.flush();
    }, ms);
  }

  #slot(centerId: string): Waiting {
    let slot = this.#waiting.get(centerId);
    if (!slot) {
      slot = { acks: [], done: [] };
      this.#waiting.set(centerId, slot);
    }
    return slot;
  }

  #flushSoon(ms: number): void {
    if (this.#timer && ms > 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, ms);
  }

  /**
   * Resolves once terminals have stopped answering for `quietMs` (checked from `quietMs`
   * on: a start just sent brings its first acks by then), or after `maxMs`. Dispatch
   * writes a county's deliveries then, after the burst, so long database statements do
   * not hold up reading the acks (nor the terminals, when a simulator shares the machine).
   */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const end = performance.now() + maxMs;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await sleep(quietMs);
    while (performance.now() < end && performance.now() - this.#lastAt < quietMs) await sleep(Math.max(1, quietMs - (performance.now() - this.#lastAt)));
  }

  /**
   * Applies nothing before `until` settles (acks keep being collected): dispatch holds
   * them while it writes the deliveries that the acks of a start just sent will move.
   */
  hold(until: Promise<unknown>): void {
    this.#running = this.#running.then(() => until.then(() => undefined, () => undefined));
  }

  /**
   * Applies everything waiting now (batches run one after another). A batch that fails
   * goes back to the front of the queue, and a retry is scheduled; `flush` itself
   * resolves either way.
   */
  flush(): Promise<void> {
    this.#running = this.#running.then(async () => {
      // Taken when this run starts, so a batch kept after a failure goes before later acks.
      const batch = [...this.#waiting.entries()];
      this.#waiting.clear();
      let failed = 0;
      for (const [centerId, slot] of batch) {
        try {
          await applyAcks(this.#db, centerId, slot.acks);
          this.#count -= slot.acks.length;
          slot.done.forEach((d) => d.resolve());
        } catch (err) {
          failed += slot.acks.length;
          this.#keep(centerId, slot);
          this.#logger.warn({ err, centerId, acks: slot.acks.length, attempt: this.#failures + 1 }, 'applying acks failed; kept for a retry');
        }
      }
      if (failed) this.#retryLater();
      else if (batch.length && this.#failures > 0) {
        this.#logger.info({ afterFailures: this.#failures }, 'acks applied again after failures');
        this.#failures = 0;
        if (this.#waiting.size) this.#flushSoon(0); // what came in during the retries
      }
    });
    return this.#running;
  }

  /** Puts a failed batch back before what arrived since (the newest ack of a terminal wins). */
  #keep(centerId: string, slot: Waiting): void {
    const later = this.#waiting.get(centerId);
    this.#waiting.set(centerId, later ? { acks: [...slot.acks, ...later.acks], done: [...slot.done, ...later.done] } : slot);
  }

  #retryLater(): void {
    const delay = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** this.#failures);
    this.#failures += 1;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, delay);
  }

  /**
   * Stops retrying (the process is stopping): flushes once more, then refuses what the
   * database still would not take, saying how many acks are lost.
   */
  async stop(): Promise<void> {
    await this.flush();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#count) return;
    this.#logger.error({ acks: this.#count }, 'stopping with acks the database did not take: they are lost (the watchdog re-sends those starts)');
    const lost = new Error('ack batcher stopped before the database took this ack');
    for (const slot of this.#waiting.values()) slot.done.forEach((d) => d.reject(lost));
    this.#waiting.clear();
    this.#count = 0;
    this.#failures = 0;
  }
}
