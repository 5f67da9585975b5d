/**
 * What staff do with incoming alerts: look (list, detail with the XML as received),
 * adopt one as a DRAFT broadcast of this center (limited to its own areas; the normal
 * two-person approval follows), or dismiss it with a reason.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { pageOf } from '../../../platform/http/schemas.ts';
import { assertMayBroadcast, auditingRefusals, operatorScope } from '../grants/index.ts';
import { areasInScope, localAreas } from './areas.ts';
import { presentInbound, presentInboundDetail } from './presenters.ts';
import * as repo from './repository.ts';
import type { InboundListQuery } from './schema.ts';

function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

export async function list(db: Db, ctx: RequestContext, q: InboundListQuery) {
  const { page, pageSize, offset } = pageOf(q);
  const { rows, total } = await repo.listMessages(db, ctx.actor.centerId, { ...(q.state ? { state: q.state } : {}), ...(q.q ? { q: q.q } : {}), offset, limit: pageSize });
  return { items: rows.map(presentInbound), total, page, pageSize };
}

export async function get(db: Db, ctx: RequestContext, id: string) {
  const row = await repo.loadMessage(db, ctx.actor.centerId, id);
  if (!row) throw appError('EB_INBOUND_NOT_FOUND');
  const by = row.decided_by ? await db.selectFrom('users').select('display_name').where('center_id', '=', ctx.actor.centerId).where('id', '=', row.decided_by).executeTakeFirst() : undefined;
  return presentInboundDetail(row, by?.display_name ?? null);
}

/** Broadcast title and text limits (broadcasts/schema.ts BroadcastIn). */
const MAX_TITLE = 100;
const MAX_TEXT = 4000;
const AUDIO_URL = /^(https?|rtp|rtsp):\/\//;

/**
 * Adopts a new alert: a draft broadcast authored by the operator, for this center's areas
 * only, and for a town or village operator only the part inside their own area. Authoring
 * a draft, it meets the grants rule as broadcasts/service.ts create() does (refusals audited).
 */
export async function adopt(db: Db, ctx: RequestContext, id: string) {
  const centerId = ctx.actor.centerId;
  const broadcastId = await auditingRefusals(db, ctx, { action: 'eb.broadcast.create' }, () => db.transaction().execute(async (tx) => {
    const row = await repo.loadMessage(tx, centerId, id);
    if (!row) throw appError('EB_INBOUND_NOT_FOUND');
    if (row.state !== 'new') throw appError('EB_INBOUND_NOT_ADOPTABLE', { message: `This alert is ${row.state}; only a new one can be adopted.` });
    if (Number(row.msg_type) === 2) throw appError('EB_INBOUND_NOT_ADOPTABLE', { message: 'This is a cancel: cancel the broadcast it refers to instead.' });
    const local = localAreas(JSON.parse(row.area_codes ?? '[]') as string[], await repo.centerAreas(tx, centerId));
    if (local.length === 0) throw appError('EB_INBOUND_NO_LOCAL_AREA');
    const scope = await operatorScope(tx, ctx);
    const areas = scope ? areasInScope(local, scope) : local;
    // Nothing inside the operator's area: the rule refuses the center's areas, naming one (outside_scope).
    await assertMayBroadcast(tx, ctx, { areaCodes: areas.length > 0 ? areas : local, msgType: Number(row.msg_type), severity: Number(row.severity ?? 0) });
    if (areas.length === 0) throw appError('EB_AREA_NOT_GRANTED', { field: 'areaCodes', message: 'This alert names no area inside your own: nothing for you to broadcast.' });
    if (!row.end_at || Date.parse(row.end_at) <= Date.now()) throw appError('EB_TIME_WINDOW_INVALID', { field: 'endAt', message: 'This alert has ended already: nothing to broadcast.' });
    const now = new Date().toISOString();
    const bid = randomUUID();
    const audio = row.audio_url && AUDIO_URL.test(row.audio_url) && row.audio_url.length <= 500 ? JSON.stringify({ kind: 'stream', url: row.audio_url }) : null;
    // The insert shape of broadcasts/service.ts create(): a draft, nothing signed yet.
    await tx.insertInto('eb_broadcasts').values({
      id: bid, center_id: centerId, ebmid: null, msg_type: Number(row.msg_type), event_type: row.event_type ?? '00000', severity: Number(row.severity ?? 0),
      title: (row.title ?? '').trim().slice(0, MAX_TITLE) || '上级预警', text: (row.text ?? '').trim().slice(0, MAX_TEXT) || (row.title ?? ''),
      area_codes: JSON.stringify(areas), start_at: row.start_at ?? now, end_at: row.end_at, audio,
      status: 'draft', author_id: ctx.actor.userId, approver_id: null, approved_at: null, decision_note: null, related_ebmid: null, ebdid: null, ebd_xml: null,
      signature_xml: null, cancel_ebmid: null, cancel_ebd_xml: null, cancel_signature_xml: null, cancelled_at: null, cancelled_by: null, cancel_reason: null, created_at: now, updated_at: now,
    }).execute();
    if (!(await repo.decideMessage(tx, centerId, id, { state: 'adopted', decided_by: ctx.actor.userId, decided_at: now, decision_note: null, broadcast_id: bid }))) {
      throw appError('EB_INBOUND_NOT_ADOPTABLE', { message: 'Someone decided on this alert at the same time: reload.' });
    }
    await recordAudit(tx, { ...who(ctx), action: 'eb.broadcast.create', subjectType: 'eb_broadcast', subjectId: bid, detail: { title: row.title, msgType: Number(row.msg_type), areas, fromInbound: id, ebmid: row.ebmid } });
    await recordAudit(tx, { ...who(ctx), action: 'eb.inbound.adopt', subjectType: 'eb_inbound', subjectId: id, detail: { broadcastId: bid, ebmid: row.ebmid, sender: row.sender_ebrid, areas } });
    return bid;
  }));
  return { ...(await get(db, ctx, id)), broadcastId };
}

/** Dismisses a new alert with a reason (kept in the log). */
export async function dismiss(db: Db, ctx: RequestContext, id: string, reason: string) {
  const centerId = ctx.actor.centerId;
  await db.transaction().execute(async (tx) => {
    const row = await repo.loadMessage(tx, centerId, id);
    if (!row) throw appError('EB_INBOUND_NOT_FOUND');
    const now = new Date().toISOString();
    if (row.state !== 'new' || !(await repo.decideMessage(tx, centerId, id, { state: 'dismissed', decided_by: ctx.actor.userId, decided_at: now, decision_note: reason.trim(), broadcast_id: null }))) {
      throw appError('EB_INBOUND_NOT_ADOPTABLE', { message: `This alert is ${row.state}; only a new one can be dismissed.` });
    }
    await recordAudit(tx, { ...who(ctx), action: 'eb.inbound.dismiss', subjectType: 'eb_inbound', subjectId: id, detail: { reason: reason.trim(), ebmid: row.ebmid, sender: row.sender_ebrid } });
  });
  return get(db, ctx, id);
}
