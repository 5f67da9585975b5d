/**
 * Corrections (更正): GD/J 082 lets a new EBM update an earlier one, its RelatedInfo naming
 * the EBMID it corrects. From an approved (or approved, then cancelled) broadcast one
 * action makes a draft prefilled from it, with `related_ebmid` set; it then goes the
 * normal way (edit, submit, a second person approves). When it is approved, the original,
 * if still on air, is cancelled in the same transaction, so its prepared signed stop goes
 * out before the correction starts: the correction replaces it on the terminals.
 */
import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder } from 'kysely';
import type { DB, EbBroadcastsTable } from '../../../platform/db/schema.ts';
import type { Db, Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { emit } from '../../../platform/events/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { assertMayBroadcast, auditingRefusals, broadcastVisibility } from '../grants/index.ts';

export const CORRECTION_MARK = '【更正】';
/** Statuses whose broadcast was signed and sent, so it has an EBMID to correct. */
const CORRECTABLE = ['approved', 'cancelled', 'completed'];

export interface CorrectionEdits {
  title?: string;
  text?: string;
}

/** The mark once at the front, within the field's length limit. */
function marked(s: string, max: number): string {
  const t = s.trim();
  return (t.startsWith(CORRECTION_MARK) ? t : CORRECTION_MARK + t).slice(0, max);
}

function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

/** Makes the correction draft of broadcast `id` (one the caller may see) and returns its id. */
export async function createCorrection(db: Db, ctx: RequestContext, id: string, edits: CorrectionEdits = {}): Promise<string> {
  const o = await db.selectFrom('eb_broadcasts').selectAll().where('center_id', '=', ctx.actor.centerId).where('id', '=', id)
    .where(await broadcastVisibility(db, ctx, 'area_codes')).executeTakeFirst();
  if (!o) throw appError('EB_BROADCAST_NOT_FOUND');
  if (!o.ebmid || !CORRECTABLE.includes(o.status)) {
    throw appError('EB_INVALID_TRANSITION', { message: `A ${o.status} broadcast was never sent: change or copy it instead of correcting it.` });
  }
  await auditingRefusals(db, ctx, { action: 'eb.broadcast.correction', broadcastId: id }, () => assertMayBroadcast(db, ctx, o));
  const now = new Date();
  // Starts now; keeps the original's end, unless that has passed (then: as long as the original ran).
  const end = Date.parse(o.end_at) > now.getTime() ? new Date(o.end_at) : new Date(now.getTime() + Math.max(3600_000, Date.parse(o.end_at) - Date.parse(o.start_at)));
  const newId = randomUUID();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('eb_broadcasts').values({
      id: newId, center_id: o.center_id, ebmid: null, msg_type: o.msg_type, event_type: o.event_type, severity: o.severity,
      title: marked(edits.title ?? o.title, 100), text: marked(edits.text ?? o.text, 4000), area_codes: o.area_codes,
      start_at: now.toISOString(), end_at: end.toISOString(),
      // No audio: the text changed, so the speech is made again (at submit, when none is chosen).
      audio: null,
      status: 'draft', author_id: ctx.actor.userId, approver_id: null, approved_at: null, decision_note: null, related_ebmid: o.ebmid, ebdid: null, ebd_xml: null,
      signature_xml: null, cancel_ebmid: null, cancel_ebd_xml: null, cancel_signature_xml: null, cancelled_at: null, cancelled_by: null, cancel_reason: null,
      created_at: now.toISOString(), updated_at: now.toISOString(),
    }).execute();
    await recordAudit(tx, { ...who(ctx), action: 'eb.broadcast.correction', subjectType: 'eb_broadcast', subjectId: newId, detail: { correctionOf: o.id, relatedEbmid: o.ebmid } });
  });
  return newId;
}

/**
 * Called by decide() when a correction is approved, inside its transaction and before the
 * correction's own approved event: the original, if still approved, is cancelled (its
 * prepared signed stop is dispatched by the eb.broadcast.cancelled event).
 */
export async function replaceCorrected(tx: Executor, ctx: RequestContext, relatedEbmid: string, correctionEbmid: string): Promise<void> {
  const o = await tx.selectFrom('eb_broadcasts').select(['id', 'status', 'ebmid', 'cancel_ebmid'])
    .where('center_id', '=', ctx.actor.centerId).where('ebmid', '=', relatedEbmid).executeTakeFirst();
  if (!o || o.status !== 'approved') return; // already stopped or over: nothing to replace
  const now = new Date().toISOString();
  const reason = `被更正 / corrected by ${correctionEbmid}`;
  await tx.updateTable('eb_broadcasts').set({ status: 'cancelled', cancelled_at: now, cancelled_by: ctx.actor.userId, cancel_reason: reason, updated_at: now })
    .where('id', '=', o.id).where('status', '=', 'approved').execute();
  await emit(tx, { centerId: ctx.actor.centerId, type: 'eb.broadcast.cancelled', payload: { broadcastId: o.id, ebmid: o.ebmid, cancelEbmid: o.cancel_ebmid, correctedBy: correctionEbmid } });
  await recordAudit(tx, { ...who(ctx), action: 'eb.broadcast.cancel', subjectType: 'eb_broadcast', subjectId: o.id, detail: { reason, ebmid: o.ebmid, cancelEbmid: o.cancel_ebmid, correctedBy: correctionEbmid } });
}

/**
 * Extra columns for a broadcast query over `eb_broadcasts as b`: the id of the broadcast a
 * correction corrects, and the newest sent correction of a broadcast (id and EBMID).
 */
export function correctionLinks(eb: ExpressionBuilder<DB & { b: EbBroadcastsTable }, 'b'>) {
  const sentCorrections = () => eb.selectFrom('eb_broadcasts as c').whereRef('c.center_id', '=', 'b.center_id').whereRef('c.related_ebmid', '=', 'b.ebmid')
    .where('c.ebmid', 'is not', null).orderBy('c.approved_at', 'desc').limit(1);
  return [
    eb.selectFrom('eb_broadcasts as o').select('o.id').whereRef('o.center_id', '=', 'b.center_id').whereRef('o.ebmid', '=', 'b.related_ebmid').limit(1).as('related_id'),
    sentCorrections().select('c.id').as('corrected_by_id'),
    sentCorrections().select('c.ebmid').as('corrected_by_ebmid'),
  ] as const;
}
