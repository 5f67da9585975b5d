/**
 * The dispatch watchdog, run every few seconds in each server process (its effects are
 * idempotent, so several processes may run it):
 *
 * 1. A `sent` delivery with no answer after EB_ACK_TIMEOUT_SECONDS is sent again to that
 *    terminal alone; after the third send without an answer it becomes `offline`
 *    (last_error NO_ACK) and waits for the terminal's next hello.
 * 2. A terminal not heard from for EB_OFFLINE_AFTER_SECONDS (no heartbeat, hello or ack)
 *    is marked offline in the registry; its unanswered deliveries become `offline`.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/index.ts';
import { platformSigner } from '../broadcasts/keys.ts';
import { setResourceStatus } from '../registry/status.ts';
import { broadcastOf, centerCodeOf, driverFor, dueCommand, nextSeq, type DispatchDeps } from './service.ts';
import type { DriverProtocol } from './driver.ts';

export const MAX_SENDS = 3;

export interface WatchdogOptions {
  ackTimeoutSeconds: number;
  offlineAfterSeconds: number;
}

/** One pass. Returns what it did, for logs and tests. */
export async function watchdogPass(deps: DispatchDeps, opts: WatchdogOptions, now: Date = new Date()): Promise<{ resent: number; gaveUp: number; wentOffline: number }> {
  const db: Db = deps.db;
  const ackDeadline = new Date(now.getTime() - opts.ackTimeoutSeconds * 1000).toISOString();
  const stamp = now.toISOString();
  let resent = 0;

  const gaveUp = await db.updateTable('eb_deliveries').set({ state: 'offline', last_error: 'NO_ACK', updated_at: stamp })
    .where('state', '=', 'sent').where('sent_at', '<', ackDeadline).where('attempts', '>=', MAX_SENDS).executeTakeFirst();

  const late = await db.selectFrom('eb_deliveries as d').innerJoin('eb_resources as r', 'r.id', 'd.terminal_id')
    .select(['d.id', 'd.center_id', 'd.broadcast_id', 'd.ebrid', 'd.state', 'r.protocol'])
    .where('d.state', '=', 'sent').where('d.sent_at', '<', ackDeadline).where('d.attempts', '<', MAX_SENDS).where('r.status', '!=', 'offline')
    .limit(5000).execute();
  for (const row of late) {
    const driver = driverFor(deps, (row.protocol ?? 'mqtt') as DriverProtocol);
    const b = await broadcastOf(db, row.center_id, row.broadcast_id);
    if (!driver || !b) continue;
    const cmd = await dueCommand(b, row.state, () => nextSeq(db, row.center_id));
    if (!cmd || cmd.type !== 'start') continue;
    const moved = await db.updateTable('eb_deliveries').set({ attempts: sql<number>`attempts + 1`, sent_at: stamp, updated_at: stamp })
      .where('id', '=', row.id).where('state', '=', 'sent').where('sent_at', '<', ackDeadline).executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) continue; // another process took it
    if (await driver.toTerminal(await centerCodeOf(db, row.center_id), row.ebrid, cmd, await platformSigner(db, deps.dataDir, row.center_id))) resent++;
  }

  const silentSince = new Date(now.getTime() - opts.offlineAfterSeconds * 1000).toISOString();
  const silent = await db.selectFrom('eb_resources').select(['center_id', 'ebrid'])
    .where('kind', '=', 'terminal').where('status', '!=', 'offline').where('last_seen_at', '<', silentSince).limit(5000).execute();
  for (const t of silent) {
    await setResourceStatus(db, t.center_id, t.ebrid, 'offline', now);
    await db.updateTable('eb_deliveries').set({ state: 'offline', last_error: 'TERMINAL_SILENT', updated_at: stamp })
      .where('center_id', '=', t.center_id).where('ebrid', '=', t.ebrid).where('state', '=', 'sent').execute();
  }
  return { resent, gaveUp: Number(gaveUp.numUpdatedRows), wentOffline: silent.length };
}
