/**
 * The new-broadcast form's values and how they become the API's body
 * (NewBroadcastPage.tsx): the field names the server's errors point at, the audio
 * (a made MP3 wins over a typed stream URL) and a fresh two-hour window.
 */
import dayjs, { type Dayjs } from 'dayjs';
import type { EbAudio, EbAudioDelivery, EbMsgType } from '../../api/types';

export interface Values {
  msgType?: EbMsgType;
  eventType: string;
  severity?: number;
  title: string;
  text: string;
  areaCodes: string[];
  window: [Dayjs, Dayjs];
  audioUrl?: string;
  /** How terminals receive a made MP3 (AudioDeliveryFields). */
  audioDelivery?: EbAudioDelivery;
  rtpUrl?: string;
}

/** Server field → form field. */
export const FIELD_OF: Record<string, keyof Values> = {
  msgType: 'msgType', eventType: 'eventType', severity: 'severity', title: 'title', text: 'text', areaCodes: 'areaCodes',
  startAt: 'window', endAt: 'window', audio: 'audioUrl', 'audio.rtpUrl': 'rtpUrl',
};

export const AUDIO_URL = /^(https?|rtp|rtsp):\/\/\S+$/;

export function freshWindow(): [Dayjs, Dayjs] {
  const start = dayjs().second(0).millisecond(0);
  return [start, start.add(2, 'hour')];
}

/** A made MP3 wins over a typed stream URL. */
function audioOf(v: Values, made: EbAudio | null) {
  const url = v.audioUrl?.trim();
  const delivery = v.audioDelivery ?? 'file';
  if (made && delivery === 'rtp') return { audio: { kind: 'file' as const, audioId: made.id, delivery, rtpUrl: v.rtpUrl?.trim() ?? '' } };
  if (made) return { audio: { kind: 'file' as const, audioId: made.id, ...(delivery === 'file' ? {} : { delivery }) } };
  return url ? { audio: { kind: 'stream' as const, url } } : {};
}

export function bodyOf(v: Values, made: EbAudio | null) {
  return {
    msgType: v.msgType,
    eventType: v.eventType.trim(),
    severity: v.severity,
    title: v.title.trim(),
    text: v.text.trim(),
    areaCodes: v.areaCodes,
    startAt: v.window[0].toISOString(),
    endAt: v.window[1].toISOString(),
    ...audioOf(v, made),
  };
}
