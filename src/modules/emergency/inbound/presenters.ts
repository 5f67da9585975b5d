/** The fields of incoming packages and trusted certificates that leave the server. */
import type { CertRow, InboundRow } from './repository.ts';

/** A list entry: no XML. */
export function presentInbound(r: InboundRow) {
  return {
    id: r.id, state: r.state, resultCode: Number(r.result_code), reason: r.reason, reasonText: r.reason_text,
    sender: r.sender_ebrid, senderName: r.sender_name, ebdid: r.ebdid, ebmid: r.ebmid, certSerial: r.cert_serial,
    msgType: r.msg_type === null ? null : Number(r.msg_type), severity: r.severity === null ? null : Number(r.severity), eventType: r.event_type,
    title: r.title, areaCodes: r.area_codes ? (JSON.parse(r.area_codes) as string[]) : [],
    sendTime: r.send_time, startAt: r.start_at, endAt: r.end_at, receivedAt: r.received_at,
    decidedAt: r.decided_at, decisionNote: r.decision_note, broadcastId: r.broadcast_id,
  };
}

/** One package with its text, audio and the raw XML as received. */
export function presentInboundDetail(r: InboundRow, decidedByName: string | null) {
  return {
    ...presentInbound(r), text: r.text, audioUrl: r.audio_url, remoteIp: r.remote_ip,
    decidedBy: r.decided_by ? { id: r.decided_by, name: decidedByName ?? '' } : null,
    ebdXml: r.ebd_xml, signatureXml: r.signature_xml,
  };
}

export function presentCert(c: CertRow, now = Date.now()) {
  const state: 'revoked' | 'expired' | 'notYetValid' | 'valid' = c.revoked_at ? 'revoked' : Date.parse(c.valid_to) < now ? 'expired' : Date.parse(c.valid_from) > now ? 'notYetValid' : 'valid';
  return {
    certSerial: c.cert_serial, publicKey: c.public_key, subject: c.subject, validFrom: c.valid_from, validTo: c.valid_to,
    revokedAt: c.revoked_at, createdAt: c.created_at, state,
  };
}
