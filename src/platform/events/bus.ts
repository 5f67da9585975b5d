/**
 * Domain events, delivered through the outbox and the job queue.
 *
 *   emit(tx, event)  →  outbox row, in the same transaction as the change
 *   relay(db)        →  one job `event:<subscriber>` per (event, subscriber), keyed
 *                       `<eventId>:<subscriber>`, and the row marked dispatched, in
 *                       one transaction: a crash leaves either both or neither, and
 *                       the key stops a second relay from doubling a delivery
 *   JobRunner        →  runs the subscriber's handler, with retries and `ctx.once`
 *
 * The relay has its own polling loop (`start(db, pollMs)` / `stop()`), apart from the
 * JobRunner, so a process can relay without running jobs or the other way round. Any
 * number of processes may relay at once. Every process must subscribe the same
 * subscribers (they are part of the code): the relay fans an event out to the
 * subscribers known to the process that relays it.
 */
import { pino, type Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { enqueue, type JobContext, type JobRunner } from '../jobs/index.ts';
import { takeUndispatched, type OutboxRow } from './repository.ts';
import { later, type Later } from '../later.ts';

/** An event as a subscriber receives it. */
export interface DomainEvent<P = unknown> {
  id: string;
  centerId: string | null;
  type: string;
  payload: P;
  createdAt: string;
}

/** Reacts to one event; throw to have it retried. Make effects idempotent with `ctx.once`. */
export type EventHandler<P = unknown> = (event: DomainEvent<P>, ctx: JobContext) => Promise<void>;

export interface EventBusOptions {
  logger?: Logger;
  /** Events relayed per transaction (default 100). */
  batchSize?: number;
  /** maxAttempts of each delivery job (default: the queue's default). */
  maxAttempts?: number;
}

/** How a subscriber's deliveries are retried: the attempts and a cap on the delay between them. */
export interface DeliveryRetries {
  maxAttempts?: number;
  backoffCapMs?: number;
}

/** The job name that delivers events to `subscriber`. */
export function deliveryJobName(subscriber: string): string {
  return `event:${subscriber}`;
}

/** Routes outbox events to subscribers through the job queue. */
export class EventBus {
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly maxAttempts?: number;
  /** subscriber → event type → handler */
  private readonly subscribers = new Map<string, Map<string, EventHandler>>();
  /** subscriber → how its deliveries are retried, when not the bus's default. */
  private readonly retriesOf = new Map<string, DeliveryRetries>();
  private readonly runners: JobRunner[] = [];
  private timer: Later | null = null;
  private relaying: Promise<void> | null = null;
  private started = false;

  constructor(opts: EventBusOptions = {}) {
    this.logger = opts.logger ?? pino({ level: 'silent' });
    this.batchSize = Math.max(1, opts.batchSize ?? 100);
    this.maxAttempts = opts.maxAttempts;
  }

  /**
   * Has `subscriber` handle events of `type`. A subscriber is one delivery stream: its
   * name must stay stable (it is in job names and idempotency keys). `retries` sets how
   * its deliveries are retried (default: the bus's attempts, the runner's backoff); give
   * it with the subscriber's first subscription.
   */
  subscribe<P>(type: string, subscriber: string, handler: EventHandler<P>, retries?: DeliveryRetries): void {
    if (!type || !subscriber) throw new Error('EventBus: type and subscriber are required');
    if (retries) this.retriesOf.set(subscriber, retries);
    let byType = this.subscribers.get(subscriber);
    const isNew = !byType;
    if (!byType) {
      byType = new Map();
      this.subscribers.set(subscriber, byType);
    }
    if (byType.has(type)) throw new Error(`EventBus: "${subscriber}" subscribes to "${type}" already`);
    // The payload is JSON from the outbox: its type is the emitter's promise.
    byType.set(type, (event, ctx) => handler(event as DomainEvent<P>, ctx));
    if (isNew) for (const runner of this.runners) this.registerOn(runner, subscriber);
  }

  /** Registers a delivery job handler per subscriber (now and later ones) on `runner`. */
  attach(runner: JobRunner): void {
    this.runners.push(runner);
    for (const subscriber of this.subscribers.keys()) this.registerOn(runner, subscriber);
  }

  /** Moves one batch of undispatched events into delivery jobs; returns how many events it moved. */
  async relay(db: Db): Promise<number> {
    return db.transaction().execute(async (tx) => {
      const rows = await takeUndispatched(tx, this.batchSize, new Date());
      for (const row of rows) {
        const event = toEvent(row);
        for (const subscriber of this.subscribersOf(row.type)) {
          await enqueue(tx, deliveryJobName(subscriber), event, {
            idempotencyKey: `${row.id}:${subscriber}`,
            centerId: row.center_id,
            ...(this.maxAttempts === undefined ? {} : { maxAttempts: this.maxAttempts }),
          });
        }
      }
      return rows.length;
    });
  }

  /** Relays every `pollMs` (at once again after a full batch) until stop(). */
  start(db: Db, pollMs: number): void {
    if (this.started) return;
    this.started = true;
    const loop = async (): Promise<void> => {
      let moved = 0;
      try {
        moved = await this.relay(db);
      } catch (err) {
        this.logger.error({ err }, 'relaying events failed; retrying at the next poll');
      }
      // What was relayed is due now: the runners need not wait for their next poll.
      if (moved > 0) for (const r of this.runners) r.nudge();
      if (this.started) this.timer = later(tick, moved >= this.batchSize || this.again ? 0 : pollMs);
    };
    this.tickNow = () => {
      if (!this.started) return;
      // Relaying right now: it may have looked before the event was committed; look again
      // as soon as it ends rather than a whole pollMs later.
      if (!this.timer) {
        this.again = true;
        return;
      }
      this.timer.cancel();
      this.timer = later(tick, 0);
    };
    const tick = (): void => {
      this.timer = null;
      this.again = false;
      this.relaying = loop().finally(() => {
        this.relaying = null;
      });
    };
    this.timer = later(tick, 0);
  }

  private tickNow: () => void = () => {};
  /** Nudged while relaying: relay again at once. */
  private again = false;

  /**
   * Relay now instead of at the next poll: called after a transaction that emitted an
   * event somebody waits for (an emergency broadcast's approval or cancel).
   */
  nudge(): void {
    this.tickNow();
  }

  /** Stops the relay loop, after the batch in progress. */
  async stop(): Promise<void> {
    this.started = false;
    this.timer?.cancel();
    this.timer = null;
    await this.relaying;
  }

  private subscribersOf(type: string): string[] {
    return [...this.subscribers].filter(([, byType]) => byType.has(type)).map(([subscriber]) => subscriber);
  }

  private registerOn(runner: JobRunner, subscriber: string): void {
    runner.register<DomainEvent>(deliveryJobName(subscriber), async (event, ctx) => {
      const handler = this.subscribers.get(subscriber)?.get(event.type);
      if (!handler) {
        // Subscription removed since the event was relayed: nothing to deliver.
        this.logger.warn({ subscriber, type: event.type, eventId: event.id }, 'no handler for relayed event; dropped');
        return;
      }
      await handler(event, ctx);
    }, this.retriesOf.get(subscriber) ?? {});
  }
}

function toEvent(row: OutboxRow): DomainEvent {
  return { id: row.id, centerId: row.center_id, type: row.type, payload: JSON.parse(row.payload) as unknown, createdAt: row.created_at };
}
