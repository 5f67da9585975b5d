/**
 * Receiving a package from another platform (GD/J 083): choose the receiving center,
 * inspect (inspect.ts), check replay (replay.ts), then store, audit and emit in one
 * transaction, and answer with a signed receipt (a state request is answered with the
 * broadcast's EBMStateResponse instead, state-request.ts). Every refusal is stored (state
 * `refused`, with its reason) and audited as well: the operation log GD/J 088 asks for.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { emit } from '../../../platform/events/index.ts';
import { isUniqueViolation } from '../../../platform/db/sql.ts';
import type { Ebm, ResultCode } from '../ebm/index.ts';
import { ensurePlatformKey } from '../broadcasts/keys.ts';
import { destinationOf, ebdidOfFileName, inspectPackage, type Refusal, type Verified } from './inspect.ts';
import { checkSequence, recordSequence } from './replay.ts';
import { signedReceipt, type Receipt } from './receipt.ts';
import { answerStateRequest } from './state-request.ts';
import * as repo from './repository.ts';

export interface ReceiveInput {
  tar: Buffer;
  /** The multipart part's file name, `EBDT_<EBDID>.tar`. */
  fileName?: string;
  /** From `/api/eb/ebd/:centerCode`; otherwise DEST/EBRID chooses. */
  centerCode?: string;
  ip: string | null;
}

export interface ReceiveOutcome {
  resultCode: ResultCode;
  /** The signed answer: an EBDResponse receipt, or the EBMStateResponse to a state request. */
  receipt: Receipt;
  /** The stored row (accepted or refused); none for a heartbeat or a state request. */
  inboundId?: string;
}

/** Receives one package. Throws only when no center here is addressed (EB_EBD_DESTINATION_UNKNOWN). */
export async function receive(db: Db, dataDir: string, input: ReceiveInput): Promise<ReceiveOutcome> {
  const center = input.centerCode !== undefined
    ? await repo.receiverByCode(db, input.centerCode)
    : await repo.receiverByEbrid(db, destinationOf(input.tar) ?? '');
  if (!center) throw appError('EB_EBD_DESTINATION_UNKNOWN');
  await ensurePlatformKey(db, dataDir, center.id);
  const expected = ebdidOfFileName(input.fileName);
  const v = inspectPackage(input.tar, { trust: await repo.inboundTrustList(db, center.id), platformEbrid: center.platformEbrid, ...(expected ? { expectedEbdid: expected } : {}) });
  if (!v.ok) return refuse(db, dataDir, center, input.ip, v);
  const body = v.ebd.body;
  if (body.kind !== 'EBM' && body.kind !== 'ConnectionCheck' && body.kind !== 'EBMStateRequest') {
    const type = body.kind === 'opaque' ? body.ebdType : body.kind;
    return refuse(db, dataDir, center, input.ip, refusalOf(v, 5, 'UNSUPPORTED_TYPE', `EBDType ${type} is not handled by this platform`));
  }
  const asked = body.kind === 'EBMStateRequest' ? body.ebmStateRequest.ebmid : undefined;
  const target = asked ? await repo.ebmidTarget(db, center.id, asked) : undefined;
  if (asked && !target) return refuse(db, dataDir, center, input.ip, refusalOf(v, 5, 'UNKNOWN_EBMID', `EBMID ${asked} is no broadcast of this platform and no alert it received`));
  try {
    const out = await db.transaction().execute(async (tx): Promise<ReceiveOutcome | { refused: 'REPLAYED' | 'OUT_OF_ORDER'; highest: bigint | undefined }> => {
      const seq = await checkSequence(tx, center.id, v.sender, v.ebdid, v.sequence);
      if (seq.verdict !== 'ok') return { refused: seq.verdict, highest: seq.highest };
      await recordSequence(tx, center.id, v.sender, v.ebdid, v.sequence, seq.highest);
      if (asked && target) return { resultCode: 1, receipt: await answerStateRequest(tx, dataDir, center, input.ip, v, asked, target) };
      if (v.ebd.body.kind !== 'EBM') {
        const receipt = await signedReceipt(tx, dataDir, center.id, { platformEbrid: center.platformEbrid, to: v.sender, related: v.ebdid, resultCode: 1, desc: 'heartbeat received' });
        return { resultCode: 1, receipt };
      }
      const id = await accept(tx, center.id, input.ip, v, v.ebd.body.ebm, seq.epoch);
      const receipt = await signedReceipt(tx, dataDir, center.id, { platformEbrid: center.platformEbrid, to: v.sender, related: v.ebdid, resultCode: 1, desc: 'parsed and verified' });
      return { resultCode: 1, receipt, inboundId: id };
    });
    if (!('refused' in out)) return out;
    const message = out.refused === 'REPLAYED'
      ? `EBDID ${v.ebdid} was received already (replay)`
      : `EBDID sequence ${v.sequence} is too far below the highest seen from ${v.sender} (${out.highest ?? '?'})`;
    return refuse(db, dataDir, center, input.ip, refusalOf(v, 5, out.refused, message));
  } catch (err) {
    // A copy of the same package won the race between our check and our insert.
    if (!isUniqueViolation(err)) throw err;
    return refuse(db, dataDir, center, input.ip, refusalOf(v, 5, 'REPLAYED', `EBDID ${v.ebdid} was accepted already`));
  }
}

function refusalOf(v: Verified, resultCode: Refusal['resultCode'], reason: Refusal['reason'], message: string): Refusal {
  return { ok: false, resultCode, reason, message, claims: { ebdid: v.ebdid, sender: v.sender, certSerial: v.certSerial, businessXml: v.businessXml, signatureXml: v.signatureXml } };
}

/** The first Chinese MsgContent (or the first of any language). */
function mainContent(ebm: Ebm) {
  return ebm.contents.find((c) => c.languageCode === 'zho') ?? ebm.contents[0];
}

/** Stores the alert in the sender's current `epoch`: the unique index decides between racing copies within it. */
async function accept(tx: Executor, centerId: string, ip: string | null, v: Verified, ebm: Ebm, epoch: number): Promise<string> {
  const id = randomUUID();
  const content = mainContent(ebm);
  const areas = [...new Set(ebm.contents.flatMap((c) => c.areaCodes))];
  const stream = ebm.contents.flatMap((c) => c.auxiliaries).find((a) => a.auxiliaryType === 61);
  const b = ebm.basicInfo;
  await repo.insertMessage(tx, {
    id, center_id: centerId, state: 'new', result_code: 1, reason: null, reason_text: null, sender_ebrid: v.sender, ebdid: v.ebdid, cert_serial: v.certSerial,
    ebmid: ebm.ebmid, msg_type: b.msgType, severity: b.severity, event_type: b.eventType, sender_name: b.senderName,
    title: content?.msgTitle ?? (ebm.related?.ebmid ? `取消 ${ebm.related.ebmid}` : ''), text: content?.msgDesc ?? '', area_codes: JSON.stringify(areas),
    send_time: b.sendTime.toISOString(), start_at: b.startTime.toISOString(), end_at: b.endTime.toISOString(), audio_url: stream?.auxiliaryDesc ?? null,
    ebd_xml: v.businessXml, signature_xml: v.signatureXml, remote_ip: ip, received_at: new Date().toISOString(),
    decided_by: null, decided_at: null, decision_note: null, broadcast_id: null, sender_epoch: epoch,
  });
  const detail = { sender: v.sender, ebdid: v.ebdid, ebmid: ebm.ebmid, msgType: b.msgType, severity: b.severity, certSerial: v.certSerial };
  await recordAudit(tx, { centerId, actor: null, ip, action: 'eb.inbound.receive', subjectType: 'eb_inbound', subjectId: id, detail });
  await emit(tx, { centerId, type: 'eb.inbound.received', payload: { inboundId: id, ...detail } });
  return id;
}

async function refuse(db: Db, dataDir: string, center: repo.Receiver, ip: string | null, r: Refusal): Promise<ReceiveOutcome> {
  return db.transaction().execute(async (tx) => {
    const id = randomUUID();
    await repo.insertMessage(tx, {
      id, center_id: center.id, state: 'refused', result_code: r.resultCode, reason: r.reason, reason_text: r.message.slice(0, 1000),
      sender_ebrid: r.claims.sender ?? null, ebdid: r.claims.ebdid ?? null, cert_serial: r.claims.certSerial ?? null,
      ebmid: null, msg_type: null, severity: null, event_type: null, sender_name: null, title: null, text: null, area_codes: null,
      send_time: null, start_at: null, end_at: null, audio_url: null, ebd_xml: r.claims.businessXml ?? null, signature_xml: r.claims.signatureXml ?? null,
      remote_ip: ip, received_at: new Date().toISOString(), decided_by: null, decided_at: null, decision_note: null, broadcast_id: null,
      sender_epoch: 0, // refusals are outside every epoch's uniqueness
    });
    await recordAudit(tx, { centerId: center.id, actor: null, ip, action: 'eb.inbound.refuse', subjectType: 'eb_inbound', subjectId: id, detail: { reason: r.reason, resultCode: r.resultCode, sender: r.claims.sender ?? null, ebdid: r.claims.ebdid ?? null } });
    const receipt = await signedReceipt(tx, dataDir, center.id, {
      platformEbrid: center.platformEbrid, ...(r.claims.sender ? { to: r.claims.sender } : {}), ...(r.claims.ebdid ? { related: r.claims.ebdid } : {}),
      resultCode: r.resultCode, desc: `${r.reason}: ${r.message}`,
    });
    return { resultCode: r.resultCode, receipt, inboundId: id };
  });
}
