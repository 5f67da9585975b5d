/**
 * How far a broadcast got: per-terminal delivery states, with the terminals and areas
 * NOT reached listed first (what an operator acts on). Reached = playing or stopped
 * (a stopped terminal played it until the cancel).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { broadcastVisibility } from '../grants/index.ts';
import { DELIVERY_STATES, type DeliveryState } from './types.ts';

export interface Coverage {
  /** `reason`: the delivery's last_error (PREEMPTED, NO_AUDIO, NO_ACK, …), null when none. */
  notReached: { ebrid: string; areaCode: string; state: DeliveryState; reason: string | null }[];
  broadcastId: string;
  ebmid: string | null;
  status: string;
  total: number;
  reached: number;
  byState: Record<DeliveryState, number>;
  byArea: { areaCode: string; total: number; playing: number; stopped: number; notReached: number }[];
}

const REACHED: readonly DeliveryState[] = ['playing', 'stopped'];

/** A broadcast's coverage as `ctx`'s caller may see it (grants: another town's is not found). */
export async function coverageOf(exec: Executor, ctx: RequestContext, broadcastId: string): Promise<Coverage> {
  return coverageWhere(exec, ctx.actor.centerId, broadcastId, await broadcastVisibility(exec, ctx, 'area_codes'));
}

/** A broadcast's coverage for the center as a whole (a peer platform's state request: no caller scope). */
export function centerCoverage(exec: Executor, centerId: string, broadcastId: string): Promise<Coverage> {
  return coverageWhere(exec, centerId, broadcastId, sql<boolean>`1 = 1`);
}

async function coverageWhere(exec: Executor, centerId: string, broadcastId: string, visible: RawBuilder<boolean>): Promise<Coverage> {
  const b = await exec.selectFrom('eb_broadcasts').select(['id', 'ebmid', 'status']).where('center_id', '=', centerId).where('id', '=', broadcastId)
    .where(visible).executeTakeFirst();
  if (!b) throw appError('EB_BROADCAST_NOT_FOUND');
  const rows = await exec.selectFrom('eb_deliveries').select(['ebrid', 'area_code', 'state', 'last_error'])
    .where('center_id', '=', centerId).where('broadcast_id', '=', broadcastId).orderBy('area_code').orderBy('ebrid').execute();
  const byState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  const areas = new Map<string, Coverage['byArea'][number]>();
  const notReached: Coverage['notReached'] = [];
  for (const r of rows) {
    const state = r.state as DeliveryState;
    byState[state]++;
    const a = areas.get(r.area_code) ?? { areaCode: r.area_code, total: 0, playing: 0, stopped: 0, notReached: 0 };
    a.total++;
    if (state === 'playing') a.playing++;
    else if (state === 'stopped') a.stopped++;
    else {
      a.notReached++;
      notReached.push({ ebrid: r.ebrid, areaCode: r.area_code, state, reason: r.last_error ?? null });
    }
    areas.set(r.area_code, a);
  }
  const byArea = [...areas.values()].sort((x, y) => y.notReached - x.notReached || x.areaCode.localeCompare(y.areaCode));
  return {
    notReached, broadcastId: b.id, ebmid: b.ebmid, status: b.status, total: rows.length,
    reached: rows.filter((r) => REACHED.includes(r.state as DeliveryState)).length, byState, byArea,
  };
}
