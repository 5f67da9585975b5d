/**
 * Dispatch of approved broadcasts to terminals, through the terminal drivers (driver.ts:
 * MQTT for 4G terminals, GD/J 089 TCP for IP terminals).
 *
 *   approved   → every driver sends the signed start to the broadcast's areas (the
 *                minimal cover); then, in ONE transaction (ctx.once 'dispatch:<id>'), one
 *                `eb_deliveries` row per terminal in the broadcast's areas (descendants
 *                included): `sent` for terminals the registry has online, `pending` for
 *                offline ones (they get it at their hello). Acks wait for the rows.
 *   hello      → the terminal is reachable again; every still-valid broadcast it does not
 *                yet play is re-sent to it alone, and a cancelled one it was sent or plays
 *                gets the stop.
 *   ack        → acks.ts (batched).
 *   cancelled  → every driver sends the signed stop to the same areas.
 *
 * Sending is at least once (a re-run job sends again, with a new seq); terminals ignore
 * a start of an EBMID they already play, so repeats are harmless.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../../../platform/db/index.ts';
import type { EbBroadcastsTable } from '../../../platform/db/schema.ts';
import type { JobContext } from '../../../platform/jobs/index.ts';
import { failpoint } from '../../../platform/failpoints.ts';
import { setResourceStatus } from '../registry/status.ts';
import { areaPrefix } from '../registry/codes.ts';
import { parseAreaCode } from '../ebm/index.ts';
import { platformSigner } from '../broadcasts/keys.ts';
import { nextCounter } from '../broadcasts/ebm-build.ts';
import { shownText } from '../audio/index.ts';
import { NotExpressible, type DriverProtocol, type TerminalDriver } from './driver.ts';
import { minimalAreas, type Command, type StartCommand, type StopCommand } from './wire.ts';

export interface DispatchDeps {
  db: Db;
  drivers: TerminalDriver[];
  dataDir: string;
  /** Keeps this process's acks from being applied until `until` settles (the deliveries they move are being written). */
  holdAcks?: (until: Promise<void>) => void;
  /** Resolves when this process's terminals have stopped answering for a moment (the burst after a start is over). */
  afterBurst?: () => Promise<void>;
}

const DUE_AGAIN = ['pending', 'sent', 'failed', 'offline', 'queued'];

export async function centerCodeOf(exec: Executor, centerId: string): Promise<string> {
  return (await exec.selectFrom('centers').select('code').where('id', '=', centerId).executeTakeFirstOrThrow()).code;
}

export async function broadcastOf(exec: Executor, centerId: string, id: string): Promise<EbBroadcastsTable | undefined> {
  return exec.selectFrom('eb_broadcasts').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}

export async function nextSeq(db: Db, centerId: string): Promise<number> {
  return db.transaction().execute((tx) => nextCounter(tx, centerId, 'dispatch:seq'));
}

export function startOf(b: EbBroadcastsTable, seq: number): StartCommand {
  return {
    v: 1, type: 'start', ebmid: b.ebmid!, msgType: Number(b.msg_type), severity: Number(b.severity), eventType: b.event_type,
    areas: JSON.parse(b.area_codes) as string[], start: b.start_at, end: b.end_at,
    audio: b.audio ? (({ kind, url }) => ({ kind, url }))(JSON.parse(b.audio) as { kind: string; url: string }) : null,
    text: shownText(b.text, Number(b.msg_type)), seq,
  };
}

export function stopOf(b: EbBroadcastsTable, seq: number): StopCommand {
  return { v: 1, type: 'stop', ebmid: b.ebmid!, cancelEbmid: b.cancel_ebmid, seq };
}

/** A driver whose protocol cannot carry a command, and why: its terminals' deliveries fail. */
interface Unsendable { protocol: DriverProtocol; reason: string }

/**
 * Every driver sends to the areas. A command a driver's protocol cannot carry is
 * returned (the caller fails that driver's deliveries with the reason) and does not stop
 * the others; any other failure (broker down) is thrown after all drivers tried, so the
 * job retries.
 */
async function toAreas(deps: DispatchDeps, centerId: string, b: EbBroadcastsTable, cmd: Command): Promise<Unsendable[]> {
  const signer = await platformSigner(deps.db, deps.dataDir, centerId);
  const target = { centerCode: await centerCodeOf(deps.db, centerId), areas: minimalAreas(JSON.parse(b.area_codes) as string[]) };
  const results = await Promise.allSettled(deps.drivers.map((d) => d.toAreas(target, cmd, signer)));
  let retry: unknown = null;
  const unsendable: Unsendable[] = [];
  for (const [i, r] of results.entries()) {
    if (r.status === 'fulfilled') continue;
    if (r.reason instanceof NotExpressible) unsendable.push({ protocol: deps.drivers[i]!.protocol, reason: r.reason.reason });
    else retry ??= r.reason;
  }
  if (retry) throw retry;
  return unsendable;
}

/** Fails the open deliveries of the terminals a driver could not send to. */
async function failUnsendable(db: Db, centerId: string, broadcastId: string, unsendable: Unsendable[]): Promise<void> {
  for (const u of unsendable) {
    const now = new Date().toISOString();
    await db.updateTable('eb_deliveries').set({ state: 'failed', last_error: u.reason, updated_at: now })
      .where('center_id', '=', centerId).where('broadcast_id', '=', broadcastId).where('state', 'in', ['pending', 'sent'])
      .where('terminal_id', 'in', (eb) => eb.selectFrom('eb_resources').select('id').where('center_id', '=', centerId).where('protocol', '=', u.protocol))
      .execute();
  }
}

/**
 * One delivery per terminal in the broadcast's areas, made by the database in one
 * INSERT … SELECT (a county's thousands of rows in milliseconds): `sent` for terminals
 * the registry has reachable (the start went out just before), `pending` for offline
 * ones (sent at their hello). The id is broadcast:terminal, so it is the same on any retry.
 */
async function makeDeliveries(tx: Executor, centerId: string, b: EbBroadcastsTable): Promise<void> {
  const prefixes = [...new Set((JSON.parse(b.area_codes) as string[]).map((c) => areaPrefix(parseAreaCode(c))))];
  const now = new Date().toISOString();
  await tx.insertInto('eb_deliveries')
    .columns(['id', 'center_id', 'broadcast_id', 'terminal_id', 'ebrid', 'area_code', 'state', 'attempts', 'sent_at', 'created_at', 'updated_at'])
    .expression((eb) => eb.selectFrom('eb_resources as r')
      .select([
        sql<string>`CAST(${b.id} AS text) || ':' || r.id`.as('id'), sql<string>`CAST(${centerId} AS text)`.as('center_id'), sql<string>`CAST(${b.id} AS text)`.as('broadcast_id'),
        'r.id as terminal_id', 'r.ebrid', 'r.area_code',
        sql<string>`CASE WHEN r.status = 'offline' THEN 'pending' ELSE 'sent' END`.as('state'),
        sql<number>`CASE WHEN r.status = 'offline' THEN 0 ELSE 1 END`.as('attempts'),
        sql<string | null>`CASE WHEN r.status = 'offline' THEN NULL ELSE CAST(${now} AS text) END`.as('sent_at'),
        sql<string>`CAST(${now} AS text)`.as('created_at'), sql<string>`CAST(${now} AS text)`.as('updated_at'),
      ])
      .where('r.center_id', '=', centerId).where('r.kind', '=', 'terminal')
      .$if(!prefixes.includes(''), (q) => q.where((w) => w.or(prefixes.map((p) => w('r.area_code', 'like', `${p}%`))))))
    .execute();
}

/** How long a dispatch took, for the log (and bench:eb). */
export interface DispatchTiming { deliveries: number; sendMs: number; makeMs: number }

/**
 * Sends the start, then records the deliveries (once). Sending first puts the first
 * loudspeaker on air before the database has written a county's thousands of rows,
 * and the rows are written once the terminals' answers pause (`afterBurst`, at most a
 * few seconds), so no long statement holds up reading them; this process's acks wait
 * for the rows (`holdAcks`). A crash between the two leaves
 * no rows: the job runs again, sends again (terminals ignore a start of what they play)
 * and makes them. When sending fails the rows are still made (the coverage shows who is
 * waiting), then the failure is thrown so the job retries.
 */
export async function dispatchApproved(deps: DispatchDeps, ctx: Pick<JobContext, 'once'>, centerId: string, broadcastId: string): Promise<DispatchTiming> {
  const t0 = performance.now();
  let recorded!: () => void;
  deps.holdAcks?.(new Promise<void>((resolve) => (recorded = resolve)));
  let failed: unknown = null;
  let unsendable: Unsendable[] = [];
  let t1: number;
  try {
    try {
      unsendable = await sendStart(deps, centerId, broadcastId);
    } catch (err) {
      failed = err;
    }
    failpoint('eb.dispatch.after-send');
    t1 = performance.now();
    if (!failed) await deps.afterBurst?.();
    await ctx.once(`dispatch:${broadcastId}`, async (tx) => {
      const b = await broadcastOf(tx, centerId, broadcastId);
      if (b) await makeDeliveries(tx, centerId, b);
    });
    if (!failed) await markSent(deps.db, centerId, broadcastId);
    await failUnsendable(deps.db, centerId, broadcastId, unsendable);
  } finally {
    recorded();
  }
  if (failed) throw failed;
  const n = await deps.db.selectFrom('eb_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('broadcast_id', '=', broadcastId).executeTakeFirstOrThrow();
  return { deliveries: Number(n.n), sendMs: Math.round(t1 - t0), makeMs: Math.round(performance.now() - t1) };
}

/** Sends the signed start to the broadcast's areas, if it is approved and not over; returns the drivers that cannot carry it. */
export async function sendStart(deps: DispatchDeps, centerId: string, broadcastId: string): Promise<Unsendable[]> {
  const b = await broadcastOf(deps.db, centerId, broadcastId);
  if (!b || b.status !== 'approved' || !b.ebmid || Date.parse(b.end_at) <= Date.now()) return [];
  return toAreas(deps, centerId, b, startOf(b, await nextSeq(deps.db, centerId)));
}

/**
 * After a re-sent start (a retried job): deliveries still `pending` from the first run
 * whose terminals are reachable now were sent to. Acks never move a delivery back, so
 * this cannot undo one already acked.
 */
async function markSent(db: Db, centerId: string, broadcastId: string): Promise<void> {
  const now = new Date().toISOString();
  await db.updateTable('eb_deliveries').set({ state: 'sent', attempts: sql<number>`attempts + 1`, sent_at: now, updated_at: now })
    .where('center_id', '=', centerId).where('broadcast_id', '=', broadcastId).where('state', '=', 'pending')
    .where('terminal_id', 'in', (eb) => eb.selectFrom('eb_resources').select('id').where('center_id', '=', centerId).where('status', '!=', 'offline'))
    .execute();
}

/** Sends the signed stop of a cancelled broadcast to its areas. */
export async function sendStop(deps: DispatchDeps, centerId: string, broadcastId: string): Promise<void> {
  const b = await broadcastOf(deps.db, centerId, broadcastId);
  if (!b?.ebmid) return;
  await failUnsendable(deps.db, centerId, broadcastId, await toAreas(deps, centerId, b, stopOf(b, await nextSeq(deps.db, centerId))));
}

export function driverFor(deps: DispatchDeps, protocol: DriverProtocol): TerminalDriver | undefined {
  return deps.drivers.find((d) => d.protocol === protocol);
}

/**
 * What one terminal should get now for one of its deliveries, or null. After a hello a
 * terminal that was playing gets the start again too: it may have restarted and lost
 * what it played (one that did not ignores the repeat).
 */
export function dueCommand(b: EbBroadcastsTable, deliveryState: string, seq: () => Promise<number>, afterHello = false): Promise<Command | null> | null {
  const due = DUE_AGAIN.includes(deliveryState) || (afterHello && deliveryState === 'playing');
  if (b.status === 'approved' && due && Date.parse(b.end_at) > Date.now()) return seq().then((s) => startOf(b, s));
  if (b.status === 'cancelled' && (deliveryState === 'sent' || deliveryState === 'playing' || deliveryState === 'queued')) return seq().then((s) => stopOf(b, s));
  return null;
}

/** A terminal is reachable again: mark it online and send it what it is missing. Returns the number of commands sent. */
export async function handleHello(deps: DispatchDeps, protocol: DriverProtocol, centerId: string, ebrid: string, at: Date = new Date()): Promise<number> {
  const report = await setResourceStatus(deps.db, centerId, ebrid, 'online', at);
  const driver = driverFor(deps, protocol);
  if (!report || !driver) return 0; // not our terminal (error 59)
  const code = await centerCodeOf(deps.db, centerId);
  const due = await deps.db.selectFrom('eb_deliveries').select(['id', 'state', 'broadcast_id'])
    .where('center_id', '=', centerId).where('ebrid', '=', ebrid).where('state', 'in', [...DUE_AGAIN, 'playing']).execute();
  let sent = 0;
  const signer = due.length ? await platformSigner(deps.db, deps.dataDir, centerId) : null;
  for (const r of due) {
    const b = (await broadcastOf(deps.db, centerId, r.broadcast_id))!;
    const cmd = await dueCommand(b, r.state, () => nextSeq(deps.db, centerId), true);
    if (!cmd) continue;
    if (!(await driver.toTerminal(code, ebrid, cmd, signer!))) continue;
    sent++;
    if (cmd.type === 'start' && r.state !== 'sent' && r.state !== 'queued' && r.state !== 'playing') {
      const now = new Date().toISOString();
      await deps.db.updateTable('eb_deliveries').set({ state: 'sent', attempts: sql<number>`attempts + 1`, sent_at: now, updated_at: now })
        .where('id', '=', r.id).where('state', 'in', ['pending', 'failed', 'offline']).execute();
    }
  }
  return sent;
}

/** A terminal's connection ended: it is offline until its next hello. */
export async function handleGone(db: Db, centerId: string, ebrid: string, at: Date = new Date()): Promise<void> {
  await setResourceStatus(db, centerId, ebrid, 'offline', at);
}
