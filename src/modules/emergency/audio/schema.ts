/** Request and response schemas of broadcast audio. */
import { Type, type Static } from 'typebox';
import { CENTER_ID_PATTERN, SM3_PATTERN } from './store.ts';

export const TtsBody = Type.Object({
  /** The broadcast's text; the server adds the drill slate for drills. */
  text: Type.String({ minLength: 1, maxLength: 4000 }),
  msgType: Type.Union([Type.Literal(1), Type.Literal(3), Type.Literal(4), Type.Literal(5)]),
}, { additionalProperties: false });
export type TtsBody = Static<typeof TtsBody>;

export const AudioOut = Type.Object({
  id: Type.String(),
  source: Type.String({ description: 'tts, upload or record' }),
  sm3: Type.String({ description: 'SM3 of the MP3, 64 hex digits (also in the signed EBM)' }),
  size: Type.Integer(),
  durationMs: Type.Integer(),
  fileName: Type.String(),
  text: Type.Union([Type.String(), Type.Null()], { description: 'The words spoken (TTS), slate included' }),
  url: Type.String({ description: 'Where terminals fetch the MP3 (PUBLIC_URL + path)' }),
  path: Type.String({ description: 'The same, relative to this server (for the console)' }),
  streamUrl: Type.String({ description: 'The same audio as a real-time HTTP MP3 stream' }),
  createdBy: Type.String(),
  createdAt: Type.String(),
});
export type AudioOut = Static<typeof AudioOut>;

export const AudioFileParams = Type.Object({
  center: Type.String({ pattern: CENTER_ID_PATTERN }),
  sm3: Type.String({ pattern: SM3_PATTERN }),
}, { additionalProperties: false });
