/**
 * Dispatch of approved broadcasts to MQTT (4G) terminals.
 *
 *   approved   → in ONE transaction (ctx.once 'dispatch:<id>') one `eb_deliveries` row per
 *                terminal in the broadcast's areas (descendants included), all `pending`;
 *                then the signed start goes out once per area topic (the minimal cover of
 *                the broadcast's areas), and the deliveries of terminals the registry has
 *                online become `sent`. Offline terminals stay `pending`.
 *   hello      → the terminal is online again; every still-valid (approved, end in the
 *                future) broadcast it does not yet play is re-sent to its own topic, and
 *                a cancelled one it was sent or plays gets the stop there.
 *   ack        → playing / stopped move the delivery forward (never back) and set the
 *                registry status (playing / online); `rejected` marks a `sent` delivery
 *                `failed` with the reason (a forged command cannot fail a delivery that
 *                plays or stopped).
 *   cancelled  → the signed stop goes out on the same area topics; acks move deliveries to `stopped`.
 *
 * Publishing is at least once (a re-run job publishes again, with a new seq); terminals
 * ignore a start of an EBMID they already play, so repeats are harmless.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../../../platform/db/index.ts';
import type { EbBroadcastsTable } from '../../../platform/db/schema.ts';
import type { MqttBus } from '../../../platform/mqtt.ts';
import type { JobContext } from '../../../platform/jobs/index.ts';
import { listTerminalsInAreas, setResourceStatus } from '../registry/status.ts';
import { platformSigner } from '../broadcasts/keys.ts';
import { nextCounter } from '../broadcasts/ebm-build.ts';
import { type DeliveryState } from './types.ts';
import { encodeCommand, minimalAreas, topics, type Ack, type StartCommand, type StopCommand } from './wire.ts';

export interface DispatchDeps {
  db: Db;
  mqtt: MqttBus;
  dataDir: string;
}

const PUBLISH = { qos: 1, retain: false } as const;

/** The order deliveries move in; an ack never moves one back. */
const RANK: Record<DeliveryState, number> = { pending: 0, offline: 0, sent: 1, failed: 1, playing: 2, stopped: 3 };

export async function centerCodeOf(exec: Executor, centerId: string): Promise<string> {
  return (await exec.selectFrom('centers').select('code').where('id', '=', centerId).executeTakeFirstOrThrow()).code;
}

async function broadcastOf(exec: Executor, centerId: string, id: string): Promise<EbBroadcastsTable | undefined> {
  return exec.selectFrom('eb_broadcasts').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}

async function nextSeq(db: Db, centerId: string): Promise<number> {
  return db.transaction().execute((tx) => nextCounter(tx, centerId, 'dispatch:seq'));
}

function startOf(b: EbBroadcastsTable, seq: number): StartCommand {
  return {
    v: 1, type: 'start', ebmid: b.ebmid!, msgType: Number(b.msg_type), severity: Number(b.severity), eventType: b.event_type,
    areas: JSON.parse(b.area_codes) as string[], start: b.start_at, end: b.end_at,
    audio: b.audio ? (JSON.parse(b.audio) as { kind: string; url: string }) : null, text: b.text, seq,
  };
}

async function signed(deps: DispatchDeps, centerId: string, cmd: StartCommand | StopCommand): Promise<Buffer> {
  return encodeCommand(cmd, await platformSigner(deps.db, deps.dataDir, centerId));
}

/** Creates the deliveries (once) and publishes the start. Returns how many deliveries the broadcast has. */
export async function dispatchApproved(deps: DispatchDeps, ctx: Pick<JobContext, 'once'>, centerId: string, broadcastId: string): Promise<number> {
  await ctx.once(`dispatch:${broadcastId}`, async (tx) => {
    const b = await broadcastOf(tx, centerId, broadcastId);
    if (!b) return 0;
    const terminals = await listTerminalsInAreas(tx, centerId, JSON.parse(b.area_codes) as string[]);
    const now = new Date().toISOString();
    const rows = terminals.map((t) => ({
      id: randomUUID(), center_id: centerId, broadcast_id: broadcastId, terminal_id: t.id, ebrid: t.ebrid, area_code: t.areaCode, state: 'pending',
      attempts: 0, sent_at: null, acked_at: null, playing_at: null, stopped_at: null, last_error: null, created_at: now, updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 200) await tx.insertInto('eb_deliveries').values(rows.slice(i, i + 200)).execute();
    return rows.length;
  });
  return publishStart(deps, centerId, broadcastId);
}

/** Publishes the signed start to the broadcast's area topics; marks online terminals' pending deliveries sent. */
export async function publishStart(deps: DispatchDeps, centerId: string, broadcastId: string): Promise<number> {
  const b = await broadcastOf(deps.db, centerId, broadcastId);
  if (!b || b.status !== 'approved' || !b.ebmid || Date.parse(b.end_at) <= Date.now()) return 0;
  const code = await centerCodeOf(deps.db, centerId);
  const payload = await signed(deps, centerId, startOf(b, await nextSeq(deps.db, centerId)));
  for (const area of minimalAreas(JSON.parse(b.area_codes) as string[])) await deps.mqtt.publish(topics.area(code, area), payload, PUBLISH);
  const now = new Date().toISOString();
  const d = deps.db;
  await d.updateTable('eb_deliveries').set({ state: 'sent', attempts: sql<number>`attempts + 1`, sent_at: now, updated_at: now })
    .where('center_id', '=', centerId).where('broadcast_id', '=', broadcastId).where('state', '=', 'pending')
    .where('terminal_id', 'in', (eb) => eb.selectFrom('eb_resources').select('id').where('center_id', '=', centerId).where('status', '!=', 'offline'))
    .execute();
  const n = await d.selectFrom('eb_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('broadcast_id', '=', broadcastId).executeTakeFirstOrThrow();
  return Number(n.n);
}

/** Publishes the signed stop of a cancelled broadcast to its area topics. */
export async function publishStop(deps: DispatchDeps, centerId: string, broadcastId: string): Promise<void> {
  const b = await broadcastOf(deps.db, centerId, broadcastId);
  if (!b?.ebmid) return;
  const code = await centerCodeOf(deps.db, centerId);
  const payload = await signed(deps, centerId, { v: 1, type: 'stop', ebmid: b.ebmid, cancelEbmid: b.cancel_ebmid, seq: await nextSeq(deps.db, centerId) });
  for (const area of minimalAreas(JSON.parse(b.area_codes) as string[])) await deps.mqtt.publish(topics.area(code, area), payload, PUBLISH);
}

/** A terminal (re)connected: mark it online and send it what it is missing. Returns the number of commands sent. */
export async function handleHello(deps: DispatchDeps, centerId: string, ebrid: string, at: Date = new Date()): Promise<number> {
  const report = await setResourceStatus(deps.db, centerId, ebrid, 'online', at);
  if (!report) return 0; // not our terminal (error 59)
  const code = await centerCodeOf(deps.db, centerId);
  const due = await deps.db.selectFrom('eb_deliveries as d').innerJoin('eb_broadcasts as b', 'b.id', 'd.broadcast_id')
    .select(['d.id as deliveryId', 'd.state', 'b.id as broadcastId', 'b.status', 'b.end_at'])
    .where('d.center_id', '=', centerId).where('d.ebrid', '=', ebrid).where('d.state', 'in', ['pending', 'sent', 'failed', 'offline', 'playing'])
    .execute();
  let sent = 0;
  const now = new Date().toISOString();
  for (const r of due) {
    const b = (await broadcastOf(deps.db, centerId, r.broadcastId))!;
    let cmd: StartCommand | StopCommand | null = null;
    if (b.status === 'approved' && r.state !== 'playing' && Date.parse(b.end_at) > Date.now()) cmd = startOf(b, await nextSeq(deps.db, centerId));
    if (b.status === 'cancelled' && (r.state === 'sent' || r.state === 'playing')) cmd = { v: 1, type: 'stop', ebmid: b.ebmid!, cancelEbmid: b.cancel_ebmid, seq: await nextSeq(deps.db, centerId) };
    if (!cmd) continue;
    await deps.mqtt.publish(topics.terminal(code, ebrid), await signed(deps, centerId, cmd), PUBLISH);
    sent++;
    if (cmd.type === 'start') {
      await deps.db.updateTable('eb_deliveries').set({ state: 'sent', attempts: sql<number>`attempts + 1`, sent_at: now, updated_at: now })
        .where('id', '=', r.deliveryId).where('state', 'in', ['pending', 'sent', 'failed', 'offline']).execute();
    }
  }
  return sent;
}

/** Applies a terminal's acknowledgement. Returns the delivery's state afterwards, or null when nothing matched. */
export async function handleAck(db: Db, centerId: string, ebrid: string, ack: Ack): Promise<DeliveryState | null> {
  if (!ack.ebmid) return null;
  const applied = await db.transaction().execute(async (tx) => {
    const d = tx;
    const row = await d.selectFrom('eb_deliveries as d').innerJoin('eb_broadcasts as b', 'b.id', 'd.broadcast_id').selectAll('d')
      .where('d.center_id', '=', centerId).where('d.ebrid', '=', ebrid).where('b.center_id', '=', centerId).where('b.ebmid', '=', ack.ebmid)
      .executeTakeFirst();
    if (!row) return null;
    const current = row.state as DeliveryState;
    const next: DeliveryState = ack.state === 'rejected' ? 'failed' : ack.state;
    const moves = ack.state === 'rejected' ? current === 'sent' : RANK[next] > RANK[current];
    const patch = {
      acked_at: ack.at, updated_at: new Date().toISOString(),
      ...(moves ? { state: next } : {}),
      ...(moves && next === 'playing' ? { playing_at: ack.at } : {}),
      ...(moves && next === 'stopped' ? { stopped_at: ack.at } : {}),
      ...(ack.state === 'rejected' ? { last_error: ack.reason ?? 'rejected' } : {}),
    };
    await d.updateTable('eb_deliveries').set(patch).where('id', '=', row.id).execute();
    return { state: moves ? next : current, moved: moves };
  });
  if (!applied) return null;
  if (applied.moved && ack.state !== 'rejected') await setResourceStatus(db, centerId, ebrid, ack.state === 'playing' ? 'playing' : 'online', ack.at);
  return applied.state;
}
