/**
 * The EBMStateResponse a peer gets for one of our broadcasts (GD/J 083 digest: BrdStateCode
 * 0 not handled, 1 waiting, 2 playing, 3 succeeded, 4 failed, 5 cancelled; coverage rate,
 * areas and counts reached). Pure: the broadcast's status and coverage come in.
 */
import { BRD_STATE, isAreaCode, type AreaCode, type BrdStateCode, type Ebmid, type EbmStateResponse } from '../ebm/index.ts';

/** What is reported on: one of our broadcasts, or an alert we received and did not adopt. */
export type Reported =
  | { kind: 'broadcast'; status: string; startAt: string; total: number; reached: number; reachedAreas: string[] }
  | { kind: 'notAdopted' };

/** The state code of a broadcast of ours, by its status. */
export function brdStateOf(r: Reported, now: Date): BrdStateCode {
  if (r.kind === 'notAdopted') return BRD_STATE.notHandled;
  switch (r.status) {
    case 'draft':
    case 'pending':
      return BRD_STATE.waiting;
    case 'approved':
      // Approved ahead of its start time: signed and dispatched at start, not yet playing.
      return Date.parse(r.startAt) > now.getTime() ? BRD_STATE.waiting : BRD_STATE.playing;
    case 'completed':
      return r.total > 0 && r.reached === 0 ? BRD_STATE.failed : BRD_STATE.succeeded;
    case 'cancelled':
      return BRD_STATE.cancelled;
    default: // rejected: this platform decided not to broadcast it
      return BRD_STATE.notHandled;
  }
}

/** BrdStateDesc, in Chinese for the peer's operators. */
const DESC: Record<BrdStateCode, string> = { 0: '未处理', 1: '等待播发', 2: '正在播发', 3: '播发完成', 4: '播发失败', 5: '已取消' };

/**
 * The report. ResBrdStat counts terminals only ("0,0,0,n"): this county platform reaches
 * its loudspeakers directly, with no lower platforms, adapters or transmitters between.
 * Per-resource items (ResBrdInfo) are left out: thousands of terminals are the CSV
 * report's business, not a state answer's.
 */
export function stateResponseOf(ebmid: Ebmid, r: Reported, now = new Date()): EbmStateResponse {
  const code = brdStateOf(r, now);
  if (r.kind === 'notAdopted') return { rptTime: now, ebmid, brdStateCode: code, brdStateDesc: `${DESC[code]}：已收到，未采用`, resBrdItems: [] };
  const areaCodes = r.reachedAreas.filter(isAreaCode) as AreaCode[];
  return {
    rptTime: now, ebmid, brdStateCode: code, brdStateDesc: `${DESC[code]}：终端 ${r.reached}/${r.total}`,
    coverage: {
      ...(r.total > 0 ? { coverageRate: r.reached / r.total } : {}),
      ...(areaCodes.length > 0 ? { areaCodes } : {}),
      resBrdStat: { platforms: 0, adapters: 0, devices: 0, terminals: r.reached },
    },
    resBrdItems: [],
  };
}
