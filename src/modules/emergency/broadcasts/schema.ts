/** Request and response schemas of emergency broadcasts. */
import { Type, type Static } from 'typebox';
import { oneOf, PageQuery } from '../../../platform/http/schemas.ts';

const AreaCode = Type.String({ pattern: '^\\d{12}$' });
const DateTime = Type.String({ format: 'date-time' });

/**
 * An MP3 made by /api/eb/audio (TTS, upload, recording): the server fills in its URL, SM3 and size.
 * `delivery` says how terminals receive it (default: the file); RTP needs `rtpUrl` (checked by the server).
 */
const AudioAssetRef = Type.Object({
  kind: Type.Literal('file'), audioId: Type.String({ format: 'uuid' }),
  delivery: Type.Optional(Type.Union([Type.Literal('file'), Type.Literal('http-stream'), Type.Literal('rtp')], { description: 'file (default): the MP3 URL; http-stream: its paced HTTP stream; rtp: sent by the platform to rtpUrl' })),
  rtpUrl: Type.Optional(Type.String({ maxLength: 100, description: 'rtp://<IPv4>:<port>, multicast usual (e.g. rtp://239.1.2.3:5004); only with delivery rtp' })),
}, { additionalProperties: false });

export const BroadcastIn = Type.Object({
  /** 1 real; 3 platform drill, 4 front-end drill, 5 terminal drill (2 = cancel is made by the platform). */
  msgType: Type.Union([Type.Literal(1), Type.Literal(3), Type.Literal(4), Type.Literal(5)]),
  eventType: Type.String({ pattern: '^\\d{5}$' }),
  /** 1 red / I … 4 blue / IV; 0 unknown. */
  severity: Type.Integer({ minimum: 0, maximum: 4 }),
  title: Type.String({ minLength: 1, maxLength: 100 }),
  text: Type.String({ minLength: 1, maxLength: 4000 }),
  areaCodes: Type.Array(AreaCode, { minItems: 1, maxItems: 500, uniqueItems: true }),
  startAt: DateTime,
  endAt: DateTime,
  audio: Type.Optional(Type.Union([Type.Object({ kind: Type.Union([Type.Literal('stream'), Type.Literal('file')]), url: Type.String({ minLength: 1, maxLength: 500, pattern: '^(https?|rtp|rtsp)://' }) }, { additionalProperties: false }), AudioAssetRef, Type.Null()])),
}, { additionalProperties: false });
export type BroadcastIn = Static<typeof BroadcastIn>;

export const BroadcastOut = Type.Object({
  id: Type.String(), ebmid: Type.Union([Type.String(), Type.Null()]), msgType: Type.Integer(), drill: Type.Boolean(),
  eventType: Type.String(), severity: Type.Integer(), title: Type.String(), text: Type.String(), areaCodes: Type.Array(Type.String()),
  startAt: Type.String(), endAt: Type.String(), audio: Type.Union([Type.Object({
    kind: Type.String(), url: Type.String({ description: 'What terminals receive: the MP3 URL, its HTTP stream, or the rtp:// address' }),
    audioId: Type.Optional(Type.String()), sm3: Type.Optional(Type.String()), size: Type.Optional(Type.Integer()),
    delivery: Type.Optional(Type.String({ description: 'http-stream or rtp when an MP3 asset goes out live; absent: a file' })),
    fileUrl: Type.Optional(Type.String({ description: 'The MP3 itself, when terminals receive a stream of it' })),
  }), Type.Null()]),
  status: Type.String(), author: Type.Object({ id: Type.String(), name: Type.String() }),
  approver: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), at: Type.String() }), Type.Null()]),
  decisionNote: Type.Union([Type.String(), Type.Null()]), cancelEbmid: Type.Union([Type.String(), Type.Null()]), cancelledAt: Type.Union([Type.String(), Type.Null()]),
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  signed: Type.Boolean(), createdAt: Type.String(), updatedAt: Type.String(),
  /** 更正: the EBMID this broadcast corrects (its EBM's RelatedInfo), with its id when it is of this center. */
  relatedEbmid: Type.Union([Type.String(), Type.Null()]),
  correctionOf: Type.Union([Type.Object({ id: Type.Union([Type.String(), Type.Null()]), ebmid: Type.String() }), Type.Null()]),
  /** The newest sent correction of this broadcast. */
  correctedBy: Type.Union([Type.Object({ id: Type.String(), ebmid: Type.String() }), Type.Null()]),
});

/** Optional edited text a correction starts from (each gets 【更正】 once at the front). */
export const CorrectionBody = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
}, { additionalProperties: false });

export const BroadcastListQuery = Type.Object({
  status: Type.Optional(oneOf(['draft', 'pending', 'approved', 'rejected', 'cancelled', 'completed'] as const)),
  drill: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  ...PageQuery,
}, { additionalProperties: false });
export type BroadcastListQuery = Static<typeof BroadcastListQuery>;

export const DecisionBody = Type.Object({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
