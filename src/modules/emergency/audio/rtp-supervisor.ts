/**
 * The platform's RTP sending for broadcasts whose MP3 goes out as RTP (delivery 'rtp'):
 * terminals are told to join the rtp:// address (GD/J 089 audio kind 1), so something
 * must be sending there for as long as the broadcast is valid. One ffmpeg at a time per
 * broadcast plays the MP3 at real speed, again and again, from its start time until its
 * end time.
 *
 * What should be sending is always read from the database (approved, not yet ended,
 * delivery rtp), never kept only in memory: the approved event starts a sender, the
 * cancelled event (a cancel, or a correction replacing it) stops it, a start after a
 * restart finds the ones still valid, and a periodic pass catches what another process
 * changed and broadcasts that ended. Stopping the server stops every sender.
 */
import { pino, type Logger } from 'pino';
import type { Db } from '../../../platform/db/index.ts';
import type { ModuleBackground, ModuleBackgroundHandle } from '../../../platform/module.ts';
import { DEFAULT_AUDIO_TOOLS, type AudioTools } from './ffmpeg.ts';
import { audioRoot, parseBroadcastAudio } from './links.ts';
import { rtpBroadcastsInValidity } from './repository.ts';
import { AudioStore } from './store.ts';
import { startRtpStream, type RunningStream } from './stream.ts';

/** Subscriber name of the RTP sender on broadcast events (its own jobs, apart from dispatch's). */
export const RTP_SUBSCRIBER = 'eb.audio.rtp';

/** One broadcast's RTP sending: what, where, and while when. */
export interface RtpSend {
  broadcastId: string;
  centerId: string;
  file: string;
  url: string;
  startAt: number;
  endAt: number;
}

export interface RtpSupervisorOptions {
  tools?: AudioTools;
  /** Period of the pass that reconciles senders with the database (ms). Default 30 s. */
  recheckMs?: number;
  /** Pause before ffmpeg is tried again after it failed (ms). Default 5 s. */
  retryMs?: number;
}

export interface RtpSupervisor extends ModuleBackgroundHandle {
  ready: Promise<void>;
  /** Stops every sender; resolves once their ffmpeg processes have exited. */
  stop(): Promise<void>;
  /** Ids of the broadcasts being sent now. */
  sending(): string[];
  /** Starts and stops senders to match the database; resolves when done. */
  reconcile(): Promise<void>;
}

// setTimeout takes at most 2^31-1 ms; a longer wait ends early and is checked again.
const MAX_TIMER_MS = 2_147_483_647;

/** Repeats the MP3 to the address until stopped or the end time passes. */
class RtpSender {
  private stopped = false;
  private current: RunningStream | null = null;
  private wake: () => void = () => {};
  readonly done: Promise<void>;

  constructor(readonly send: RtpSend, private readonly tools: AudioTools, private readonly retryMs: number, private readonly logger: Logger) {
    this.done = this.run();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    const { broadcastId, file, url, startAt, endAt } = this.send;
    while (!this.stopped && Date.now() < startAt) await this.pause(startAt - Date.now());
    while (!this.stopped && Date.now() < endAt) {
      const stream = startRtpStream(file, url, this.tools);
      this.current = stream;
      const endTimer = setTimeout(() => void stream.stop(), Math.min(endAt - Date.now(), MAX_TIMER_MS));
      const code = await stream.exited;
      clearTimeout(endTimer);
      this.current = null;
      if (!this.stopped && code !== 0 && Date.now() < endAt) {
        this.logger.error({ broadcastId, url, file, exitCode: code }, 'RTP sending failed (ffmpeg); trying again');
        await this.pause(this.retryMs);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.current?.stop();
    await this.done;
  }
}

/** Broadcasts that should be sending now, or from their start time if it lies ahead. */
async function sendsDue(db: Db, store: AudioStore, now: Date): Promise<RtpSend[]> {
  const rows = await rtpBroadcastsInValidity(db, now);
  return rows.flatMap((r) => {
    const audio = parseBroadcastAudio(r.audio);
    if (audio?.delivery !== 'rtp' || !audio.sm3) return [];
    return [{ broadcastId: r.id, centerId: r.center_id, file: store.pathOf(r.center_id, audio.sm3), url: audio.url, startAt: Date.parse(r.start_at), endAt: Date.parse(r.end_at) }];
  });
}

/** Starts the RTP sender: subscribes to broadcast events and finds what should be sending now. */
export function rtpSupervisor(bg: ModuleBackground, opts: RtpSupervisorOptions = {}): RtpSupervisor {
  const logger = bg.logger ?? pino({ level: 'silent' });
  const tools = opts.tools ?? DEFAULT_AUDIO_TOOLS;
  const store = new AudioStore(audioRoot(bg.config.dataDir));
  const senders = new Map<string, RtpSender>();
  let closed = false;

  async function stopSending(broadcastId: string, reason: string): Promise<void> {
    const sender = senders.get(broadcastId);
    if (!sender) return;
    senders.delete(broadcastId);
    await sender.stop();
    logger.info({ broadcastId, url: sender.send.url, reason }, 'RTP sending stopped');
  }

  async function pass(): Promise<void> {
    if (closed) return;
    const due = await sendsDue(bg.db, store, new Date());
    const wanted = new Set(due.map((s) => s.broadcastId));
    for (const id of [...senders.keys()]) if (!wanted.has(id)) await stopSending(id, 'no longer approved or its end time passed');
    for (const send of due) {
      if (senders.has(send.broadcastId) || closed) continue;
      senders.set(send.broadcastId, new RtpSender(send, tools, opts.retryMs ?? 5000, logger));
      logger.info({ broadcastId: send.broadcastId, url: send.url, until: new Date(send.endAt).toISOString() }, 'RTP sending started');
    }
  }

  // One pass at a time: an event and the timer never start the same sender twice.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = (fn: () => Promise<void>): Promise<void> => {
    const next = queue.then(fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const reconcile = (): Promise<void> => exclusive(pass);

  bg.events.subscribe('eb.broadcast.approved', RTP_SUBSCRIBER, async () => reconcile());
  bg.events.subscribe<{ broadcastId: string; correctedBy?: string }>('eb.broadcast.cancelled', RTP_SUBSCRIBER, async (event) => {
    await exclusive(() => stopSending(event.payload.broadcastId, event.payload.correctedBy ? `replaced by correction ${event.payload.correctedBy}` : 'cancelled'));
  });

  const ready = reconcile().catch((err: unknown) => logger.error({ err }, 'RTP sending could not be resumed at start'));
  const period = opts.recheckMs ?? 30_000;
  const timer = period > 0 ? setInterval(() => void reconcile().catch((err: unknown) => logger.error({ err }, 'RTP sender pass failed')), period) : null;
  timer?.unref();

  return {
    ready,
    sending: () => [...senders.keys()],
    reconcile,
    async stop() {
      closed = true;
      if (timer) clearInterval(timer);
      await exclusive(async () => {
        await Promise.all([...senders.keys()].map((id) => stopSending(id, 'server stopping')));
      });
    },
  };
}

/** The emergency module's background with the RTP sender alongside (started and stopped with it). */
export function withRtpSending<H extends ModuleBackgroundHandle>(bg: ModuleBackground, handle: H): H {
  const rtp = rtpSupervisor(bg);
  return {
    ...handle,
    ready: Promise.all([handle.ready, rtp.ready]).then(() => undefined),
    async stop() {
      await Promise.all([handle.stop?.(), rtp.stop()]);
    },
  };
}
