/** Request and response schemas of incoming alerts and trusted certificates. */
import { Type, type Static } from 'typebox';
import { oneOf, PageQuery } from '../../../platform/http/schemas.ts';

const Str = Type.String();
const NStr = Type.Union([Type.String(), Type.Null()]);
const NInt = Type.Union([Type.Integer(), Type.Null()]);

export const INBOUND_STATES = ['new', 'adopted', 'dismissed', 'refused'] as const;

export const InboundListQuery = Type.Object({
  state: Type.Optional(oneOf(INBOUND_STATES)),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  ...PageQuery,
}, { additionalProperties: false });
export type InboundListQuery = Static<typeof InboundListQuery>;

const inboundFields = {
  id: Str, state: Str, resultCode: Type.Integer(), reason: NStr, reasonText: NStr, sender: NStr, senderName: NStr, ebdid: NStr, ebmid: NStr,
  certSerial: NStr, msgType: NInt, severity: NInt, eventType: NStr, title: NStr, areaCodes: Type.Array(Str), sendTime: NStr, startAt: NStr,
  endAt: NStr, receivedAt: Str, decidedAt: NStr, decisionNote: NStr, broadcastId: NStr,
};
export const InboundOut = Type.Object(inboundFields);
export const InboundDetailOut = Type.Object({
  ...inboundFields, text: NStr, audioUrl: NStr, remoteIp: NStr,
  decidedBy: Type.Union([Type.Object({ id: Str, name: Str }), Type.Null()]), ebdXml: NStr, signatureXml: NStr,
});

export const DismissBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

export const CenterCodeParams = Type.Object({ centerCode: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });

export const SerialParams = Type.Object({ serial: Type.String({ pattern: '^[0-9A-Fa-f]{12}$' }) }, { additionalProperties: false });

export const CertIn = Type.Object({
  /** 12 hex digits (48 bits, GD/J 081). */
  certSerial: Type.String({ pattern: '^[0-9A-Fa-f]{12}$' }),
  /** Uncompressed SM2 public key 04 ‖ x ‖ y, 130 hex digits. */
  publicKey: Type.String({ pattern: '^04[0-9A-Fa-f]{128}$' }),
  /** Who holds it; a 23-digit EBRID binds the certificate to that sender. */
  subject: Type.String({ minLength: 1, maxLength: 200 }),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Type.String({ format: 'date-time' }),
}, { additionalProperties: false });
export type CertIn = Static<typeof CertIn>;

export const CertOut = Type.Object({
  certSerial: Str, publicKey: Str, subject: Str, validFrom: Str, validTo: Str, revokedAt: NStr, createdAt: Str,
  state: oneOf(['valid', 'expired', 'notYetValid', 'revoked'] as const),
});

export const SenderParams = Type.Object({ ebrid: Type.String({ pattern: '^[0-9]{23}$' }) }, { additionalProperties: false });

export const ResetSenderBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

export const SenderOut = Type.Object({
  sender: Str, senderName: NStr,
  /** The highest EBDID sequence accepted (16 digits); null when nothing was accepted yet. */
  highestSeq: NStr, lastEbdid: NStr, lastAcceptedAt: NStr,
  /** The newest package from it, accepted or refused. */
  lastSeenAt: Str,
});
