/**
 * Emergency broadcasts: an operator authors (draft → pending), a second person approves
 * a real send (drills may be approved by their author), and approval signs the EBD and
 * prepares the signed cancel at once, so stopping it later is one action.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../../platform/db/index.ts';
import type { EbBroadcastsTable } from '../../../platform/db/schema.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { emit } from '../../../platform/events/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { pageOf } from '../../../platform/http/schemas.ts';
import { containsText } from '../../../platform/db/sql.ts';
import { signEbdFile } from '../../../platform/crypto/index.ts';
import { allocateEbdid, allocateEbmid, ebdXmlOf, ebmOf, platformEbrid } from './ebm-build.ts';
import { platformSigner } from './keys.ts';
import type { BroadcastIn, BroadcastListQuery } from './schema.ts';
import { resolveAudio } from '../audio/index.ts';
import { assertMayBroadcast, auditingRefusals, broadcastVisibility } from '../grants/index.ts';
import { correctionLinks, replaceCorrected } from './correction.ts';

type Row = EbBroadcastsTable & { author_name: string; approver_name: string | null; related_id: string | null; corrected_by_id: string | null; corrected_by_ebmid: string | null };

function rows(exec: Executor) {
  return exec.selectFrom('eb_broadcasts as b').innerJoin('users as a', 'a.id', 'b.author_id').leftJoin('users as p', 'p.id', 'b.approver_id')
    .selectAll('b').select(['a.display_name as author_name', 'p.display_name as approver_name']).select((eb) => correctionLinks(eb));
}

export function present(b: Row) {
  return {
    id: b.id, ebmid: b.ebmid, msgType: Number(b.msg_type), drill: Number(b.msg_type) >= 3, eventType: b.event_type, severity: Number(b.severity),
    title: b.title, text: b.text, areaCodes: JSON.parse(b.area_codes) as string[], startAt: b.start_at, endAt: b.end_at,
    audio: b.audio ? (JSON.parse(b.audio) as { kind: string; url: string }) : null, status: b.status,
    author: { id: b.author_id, name: b.author_name },
    approver: b.approver_id && b.approved_at ? { id: b.approver_id, name: b.approver_name ?? '', at: b.approved_at } : null,
    decisionNote: b.decision_note, cancelEbmid: b.cancel_ebmid, cancelledAt: b.cancelled_at, cancelReason: b.cancel_reason, signed: !!b.signature_xml,
    createdAt: b.created_at, updatedAt: b.updated_at,
    // 更正: the EBMID this corrects (RelatedInfo), and the links both ways.
    relatedEbmid: b.related_ebmid, correctionOf: b.related_ebmid ? { id: b.related_id, ebmid: b.related_ebmid } : null,
    correctedBy: b.corrected_by_id && b.corrected_by_ebmid ? { id: b.corrected_by_id, ebmid: b.corrected_by_ebmid } : null,
  };
}

/**
 * One broadcast of the caller's center, as the caller may see it: one outside a town or
 * village operator's area (grants: the list's rule) is not found, like a missing one.
 */
export async function load(exec: Executor, ctx: RequestContext, id: string): Promise<Row> {
  const b = await rows(exec).where('b.center_id', '=', ctx.actor.centerId).where('b.id', '=', id)
    .where(await broadcastVisibility(exec, ctx)).executeTakeFirst();
  if (!b) throw appError('EB_BROADCAST_NOT_FOUND');
  return b;
}

async function validate(exec: Executor, centerId: string, b: BroadcastIn): Promise<void> {
  const start = Date.parse(b.startAt);
  const end = Date.parse(b.endAt);
  if (!(end > start) || end <= Date.now()) throw appError('EB_TIME_WINDOW_INVALID', { field: 'endAt' });
  const known = await exec.selectFrom('areas').select('code').where('center_id', '=', centerId).where('code', 'in', b.areaCodes).execute();
  const missing = b.areaCodes.filter((c) => !known.some((k) => k.code === c));
  if (missing.length) throw appError('AREA_NOT_FOUND', { field: 'areaCodes', message: `Unknown area code: ${missing.join(', ')}.` });
}

function who(ctx: RequestContext) {
  return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
}

export async function list(db: Db, ctx: RequestContext, q: BroadcastListQuery) {
  const { page, pageSize, offset } = pageOf(q);
  let base = db.selectFrom('eb_broadcasts as b').where('b.center_id', '=', ctx.actor.centerId);
  base = base.where(await broadcastVisibility(db, ctx));
  if (q.status) base = base.where('b.status', '=', q.status);
  if (q.drill !== undefined) base = base.where('b.msg_type', q.drill ? '>=' : '<', 3);
  if (q.q) base = base.where(containsText('b.title', q.q));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const ids = (await base.select('b.id').orderBy('b.created_at', 'desc').orderBy('b.id').offset(offset).limit(pageSize).execute()).map((r) => r.id);
  const found = ids.length ? await rows(db).where('b.id', 'in', ids).execute() : [];
  return { items: ids.map((id) => found.find((r) => r.id === id)!).map(present), total: Number(total.n), page, pageSize };
}

export async function create(db: Db, ctx: RequestContext, b: BroadcastIn) {
  await validate(db, ctx.actor.centerId, b);
  await auditingRefusals(db, ctx, { action: 'eb.broadcast.create' }, () => assertMayBroadcast(db, ctx, b));
  const now = new Date().toISOString();
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('eb_broadcasts').values({
      id, center_id: ctx.actor.centerId, ebmid: null, msg_type: b.msgType, event_type: b.eventType, severity: b.severity, title: b.title.trim(), text: b.text.trim(),
      area_codes: JSON.stringify(b.areaCodes), start_at: new Date(b.startAt).toISOString(), end_at: new Date(b.endAt).toISOString(), audio: await resolveAudio(tx, ctx.actor.centerId, b.audio, b.msgType),
      status: 'draft', author_id: ctx.actor.userId, approver_id: null, approved_at: null, decision_note: null, related_ebmid: null, ebdid: null, ebd_xml: null,
      signature_xml: null, cancel_ebmid: null, cancel_ebd_xml: null, cancel_signature_xml: null, cancelled_at: null, cancelled_by: null, cancel_reason: null, created_at: now, updated_at: now,
    }).execute();
    await recordAudit(tx, { ...who(ctx), action: 'eb.broadcast.create', subjectType: 'eb_broadcast', subjectId: id, detail: { title: b.title, msgType: b.msgType, areas: b.areaCodes } });
  });
  return present(await load(db, ctx, id));
}

/** Changes a draft (its author only); anything past draft is fixed, or signed. */
export async function update(db: Db, ctx: RequestContext, id: string, b: BroadcastIn) {
  await validate(db, ctx.actor.centerId, b);
  await auditingRefusals(db, ctx, { action: 'eb.broadcast.update', broadcastId: id }, () => assertMayBroadcast(db, ctx, b));
  return db.transaction().execute(async (tx) => {
    const row = await load(tx, ctx, id);
    if (row.status !== 'draft') throw appError('EB_INVALID_TRANSITION', { message: `A ${row.status} broadcast cannot be changed; only drafts can.` });
    if (row.author_id !== ctx.actor.userId) throw appError('PERMISSION_DENIED', { message: 'Only its author changes a draft.' });
    await tx.updateTable('eb_broadcasts').set({
      msg_type: b.msgType, event_type: b.eventType, severity: b.severity, title: b.title.trim(), text: b.text.trim(), area_codes: JSON.stringify(b.areaCodes),
      start_at: new Date(b.startAt).toISOString(), end_at: new Date(b.endAt).toISOString(), audio: await resolveAudio(tx, ctx.actor.centerId, b.audio, b.msgType), updated_at: new Date().toISOString(),
    }).where('id', '=', id).execute();
    await recordAudit(tx, { ...who(ctx), action: 'eb.broadcast.update', subjectType: 'eb_broadcast', subjectId: id, detail: { title: b.title, msgType: b.msgType } });
    return present(await load(tx, ctx, id));
  });
}

export async function submit(db: Db, ctx: RequestContext, id: string) {
  return auditingRefusals(db, ctx, { action: 'eb.broadcast.submit', broadcastId: id }, () => db.transaction().execute(async (tx) => {
    const b = await load(tx, ctx, id);
    if (b.status !== 'draft') throw appError('EB_INVALID_TRANSITION', { message: `A ${b.status} broadcast cannot be submitted.` });
    await assertMayBroadcast(tx, ctx, b);
    await tx.updateTable('eb_broadcasts').set({ status: 'pending', updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    await recordAudit(tx, { ...who(ctx), action: 'eb.broadcast.submit', subjectType: 'eb_broadcast', subjectId: id });
    await emit(tx, { centerId: b.center_id, type: 'eb.broadcast.submitted', payload: { broadcastId: id } });
    return present(await load(tx, ctx, id));
  }));
}

/** Approve (sign the EBD and its cancel) or reject a pending broadcast. */
export async function decide(db: Db, dataDir: string, ctx: RequestContext, id: string, approve: boolean, note?: string) {
  return auditingRefusals(db, ctx, { action: 'eb.broadcast.approve', broadcastId: id }, () => db.transaction().execute(async (tx) => {
    const b = await load(tx, ctx, id);
    if (b.status !== 'pending') throw appError('EB_INVALID_TRANSITION', { message: `A ${b.status} broadcast is not waiting for approval.` });
    if (Number(b.msg_type) === 1 && b.author_id === ctx.actor.userId) throw appError('EB_APPROVER_IS_AUTHOR');
    if (approve) await assertMayBroadcast(tx, ctx, b);
    const now = new Date();
    if (!approve) {
      await tx.updateTable('eb_broadcasts').set({ status: 'rejected', approver_id: ctx.actor.userId, approved_at: now.toISOString(), decision_note: note ?? null, updated_at: now.toISOString() }).where('id', '=', id).execute();
      await recordAudit(tx, { ...who(ctx), action: 'eb.broadcast.reject', subjectType: 'eb_broadcast', subjectId: id, detail: { note: note ?? null } });
      return present(await load(tx, ctx, id));
    }
    const signer = await platformSigner(tx, dataDir, ctx.actor.centerId);
    const center = await tx.selectFrom('centers').select(['name', 'area_code']).where('id', '=', b.center_id).executeTakeFirstOrThrow();
    const platform = { ebrid: platformEbrid(center.area_code ?? '000000000000'), name: center.name };
    const ebmid = await allocateEbmid(tx, b.center_id, platform.ebrid, now);
    const cancelEbmid = await allocateEbmid(tx, b.center_id, platform.ebrid, now);
    const ebdid = await allocateEbdid(tx, b.center_id, platform.ebrid);
    const cancelEbdid = await allocateEbdid(tx, b.center_id, platform.ebrid);
    const ebdXml = ebdXmlOf(ebmOf(b, ebmid, platform, now), ebdid, platform, now);
    const cancelXml = ebdXmlOf(ebmOf(b, cancelEbmid, platform, now, ebmid), cancelEbdid, platform, now);
    const signatureXml = await signEbdFile(signer, ebdid, Buffer.from(ebdXml, 'utf8'));
    const cancelSignature = await signEbdFile(signer, cancelEbdid, Buffer.from(cancelXml, 'utf8'));
    await tx.updateTable('eb_broadcasts').set({
      status: 'approved', ebmid, ebdid, ebd_xml: ebdXml, signature_xml: signatureXml, cancel_ebmid: cancelEbmid, cancel_ebd_xml: cancelXml, cancel_signature_xml: cancelSignature,
      approver_id: ctx.actor.userId, approved_at: now.toISOString(), decision_note: note ?? null, updated_at: now.toISOString(),
    }).where('id', '=', id).execute();
    // A correction replaces what it corrects: the original's stop goes out first (correction.ts).
    if (b.related_ebmid) await replaceCorrected(tx, ctx, b.related_ebmid, ebmid);
    await recordAudit(tx, { ...who(ctx), action: 'eb.broadcast.approve', subjectType: 'eb_broadcast', subjectId: id, detail: { ebmid, ebdid, drill: Number(b.msg_type) >= 3, certSerial: signer.certSerial } });
    await emit(tx, { centerId: b.center_id, type: 'eb.broadcast.approved', payload: { broadcastId: id, ebmid } });
    return present(await load(tx, ctx, id));
  }));
}

/** One action: the prepared, signed cancel goes out; terminals stop. */
export async function cancel(db: Db, ctx: RequestContext, id: string, reason?: string) {
  return db.transaction().execute(async (tx) => {
    const b = await load(tx, ctx, id);
    const now = new Date().toISOString();
    const patch = { status: 'cancelled', cancelled_at: now, cancelled_by: ctx.actor.userId, cancel_reason: reason?.trim() || null, updated_at: now };
    if (b.status === 'draft' || b.status === 'pending') {
      await tx.updateTable('eb_broadcasts').set(patch).where('id', '=', id).execute();
    } else if (b.status === 'approved') {
      await tx.updateTable('eb_broadcasts').set(patch).where('id', '=', id).execute();
      await emit(tx, { centerId: b.center_id, type: 'eb.broadcast.cancelled', payload: { broadcastId: id, ebmid: b.ebmid, cancelEbmid: b.cancel_ebmid } });
    } else {
      throw appError('EB_INVALID_TRANSITION', { message: `A ${b.status} broadcast cannot be cancelled.` });
    }
    await recordAudit(tx, { ...who(ctx), action: 'eb.broadcast.cancel', subjectType: 'eb_broadcast', subjectId: id, detail: { reason: reason ?? null, ebmid: b.ebmid, cancelEbmid: b.cancel_ebmid } });
    return present(await load(tx, ctx, id));
  });
}
