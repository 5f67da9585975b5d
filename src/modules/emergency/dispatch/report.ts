/**
 * The final report of a broadcast, terminal by terminal, as CSV (formatCsv: BOM, so
 * spreadsheets open the Chinese names right): the terminals NOT reached first (by area),
 * then the rest; each with its area, name, state, the reason it was not reached, and
 * when it was sent, began playing, stopped and last answered (Beijing time).
 */
import type { Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { broadcastVisibility } from '../grants/index.ts';
import { formatCsv } from '../registry/csv.ts';
import { beijingTime } from '../../../platform/crypto/index.ts';

const REACHED = new Set(['playing', 'stopped']);
const HEADER = ['reached', 'area_code', 'area_name', 'ebrid', 'terminal', 'state', 'reason', 'attempts', 'sent_at', 'playing_at', 'stopped_at', 'acked_at'];

const local = (iso: string | null) => (iso ? beijingTime(new Date(iso)) : '');

export async function coverageCsv(exec: Executor, ctx: RequestContext, broadcastId: string): Promise<{ name: string; csv: string }> {
  const centerId = ctx.actor.centerId;
  const b = await exec.selectFrom('eb_broadcasts').select(['id', 'ebmid']).where('center_id', '=', centerId).where('id', '=', broadcastId)
    .where(await broadcastVisibility(exec, ctx, 'area_codes')).executeTakeFirst();
  if (!b) throw appError('EB_BROADCAST_NOT_FOUND');
  const rows = await exec.selectFrom('eb_deliveries as d')
    .innerJoin('eb_resources as r', 'r.id', 'd.terminal_id')
    .leftJoin('areas as a', (j) => j.onRef('a.code', '=', 'd.area_code').onRef('a.center_id', '=', 'd.center_id'))
    .select(['d.ebrid', 'd.area_code', 'a.name as area_name', 'r.name', 'd.state', 'd.last_error', 'd.attempts', 'd.sent_at', 'd.playing_at', 'd.stopped_at', 'd.acked_at'])
    .where('d.center_id', '=', centerId).where('d.broadcast_id', '=', broadcastId)
    .orderBy('d.area_code').orderBy('d.ebrid').execute();
  const ordered = [...rows.filter((r) => !REACHED.has(r.state)), ...rows.filter((r) => REACHED.has(r.state))];
  const records = ordered.map((r) => [
    REACHED.has(r.state) ? 'yes' : 'NO', r.area_code, r.area_name ?? '', r.ebrid, r.name, r.state, REACHED.has(r.state) ? '' : (r.last_error ?? ''),
    String(r.attempts), local(r.sent_at), local(r.playing_at), local(r.stopped_at), local(r.acked_at),
  ]);
  return { name: `coverage-${b.ebmid ?? b.id}.csv`, csv: formatCsv([HEADER, ...records]) };
}
