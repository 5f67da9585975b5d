/**
 * How a broadcast refers to its audio. The author sends `{ kind: 'file', audioId }`;
 * the server stores `{ kind: 'file', url, audioId, sm3, size }` so dispatch can hand
 * terminals the URL, and the EBM can carry the file with its size and SM3 (GD/J 081:
 * a terminal plays a file only if it matches the signed digest). A hand-typed
 * `{ kind, url }` (an external stream) is kept as it was.
 *
 * The author may have the asset delivered live instead (`delivery`): 'http-stream' (the
 * asset's paced MP3 stream) or 'rtp' (sent by the platform to `rtpUrl`, rtp-supervisor.ts).
 * Then `kind` is 'stream' and `url` is what terminals receive, so dispatch and the
 * GD/J 089 mapping (http(s) → audio kind 2, rtp:// → kind 1) need to know nothing more;
 * `fileUrl` keeps the MP3's own address. No `delivery` means a file (broadcasts stored
 * before the choice existed read the same).
 */
import path from 'node:path';
import type { Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { AUXILIARY_TYPE, type Auxiliary } from '../ebm/index.ts';
import { findAudio } from './repository.ts';
import { hasSlate, isDrillType } from './slate.ts';
import { AudioStore } from './store.ts';

/** How an MP3 asset reaches terminals: its file URL, its paced HTTP stream, or RTP sent by the platform. */
export type AudioDelivery = 'file' | 'http-stream' | 'rtp';

/** What a broadcast's `audio` may be on the way in. */
export type BroadcastAudioIn =
  | { kind: 'stream' | 'file'; url: string }
  | { kind: 'file'; audioId: string; delivery?: AudioDelivery; rtpUrl?: string }
  | null | undefined;

/** What is stored (eb_broadcasts.audio, JSON) and shown. */
export interface BroadcastAudio {
  kind: string;
  /** What terminals receive: the MP3 URL, its stream URL, or the rtp:// address. */
  url: string;
  audioId?: string;
  sm3?: string;
  size?: number;
  /** Absent for a file. */
  delivery?: Exclude<AudioDelivery, 'file'>;
  /** The MP3's URL when terminals receive a stream of it. */
  fileUrl?: string;
}

// Set from PUBLIC_URL when the audio routes are registered: broadcast services receive no config.
let publicUrl = 'http://127.0.0.1:3000';

/** The base URL links to audio start with (PUBLIC_URL). */
export function setAudioPublicUrl(url: string): void {
  publicUrl = url.replace(/\/+$/, '');
}

/** `/eb-audio/<center>/<sm3>.mp3`: the public, content-addressed path of an MP3. */
export function audioPath(centerId: string, sm3: string): string {
  return `/eb-audio/${centerId}/${sm3}.mp3`;
}

export function audioUrl(centerId: string, sm3: string, base = publicUrl): string {
  return `${base}${audioPath(centerId, sm3)}`;
}

/** The same MP3 as a real-time HTTP stream (the paced stream route). */
export function audioStreamUrl(centerId: string, sm3: string, base = publicUrl): string {
  return `${base}${audioPath(centerId, sm3).replace(/\.mp3$/, '/stream')}`;
}

/**
 * The rtp:// address an author typed, or VALIDATION_FAILED naming `audio.rtpUrl`.
 * Only `rtp://<IPv4>:<port>`: ffmpeg sends to it and GD/J 089 terminals join it, and
 * a host name would be resolved differently by each (multicast 224.0.0.0/4 is usual).
 */
export function checkedRtpUrl(url: string | undefined): string {
  const fail = (why: string) => appError('VALIDATION_FAILED', { field: 'audio.rtpUrl', message: `${why}: give the RTP address as rtp://<IPv4 address>:<port 1-65535>, e.g. rtp://239.1.2.3:5004.` });
  const m = /^rtp:\/\/(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/i.exec(url?.trim() ?? '');
  if (!url?.trim()) throw fail('RTP delivery needs an address');
  if (!m) throw fail(`"${url}" is not an RTP address`);
  if (m[1]!.split('.').some((n) => Number(n) > 255 || (n.length > 1 && n.startsWith('0')))) throw fail(`"${m[1]}" is not an IPv4 address`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw fail(`port ${m[2]} is outside 1-65535`);
  return `rtp://${m[1]}:${port}`;
}

/** The file name of the MP3 inside the EBD package and in the EBM's Auxiliary. */
export function packageFileName(sm3: string): string {
  return `${sm3}.mp3`;
}

/**
 * The JSON for eb_broadcasts.audio; an audioId is resolved to its URL, SM3 and size
 * (EB_AUDIO_NOT_FOUND if not this center's), and to the URL its delivery gives terminals
 * (a bad or stray rtpUrl: VALIDATION_FAILED naming audio.rtpUrl). Speech made for a drill
 * (with the slate) cannot go out as a real send, nor real-send speech as a drill
 * (EB_AUDIO_DRILL_MISMATCH).
 */
export async function resolveAudio(exec: Executor, centerId: string, audio: BroadcastAudioIn, msgType: number): Promise<string | null> {
  if (!audio) return null;
  if ('url' in audio) return JSON.stringify(audio);
  const delivery = audio.delivery ?? 'file';
  if (delivery !== 'rtp' && audio.rtpUrl !== undefined) throw appError('VALIDATION_FAILED', { field: 'audio.rtpUrl', message: 'An RTP address goes only with delivery "rtp": remove it or choose RTP.' });
  const rtpUrl = delivery === 'rtp' ? checkedRtpUrl(audio.rtpUrl) : null;
  const row = await findAudio(exec, centerId, audio.audioId);
  if (!row) throw appError('EB_AUDIO_NOT_FOUND', { field: 'audio.audioId' });
  if (row.source === 'tts' && hasSlate(row.tts_text ?? '') !== isDrillType(msgType)) {
    throw appError('EB_AUDIO_DRILL_MISMATCH', { field: 'audio.audioId', message: isDrillType(msgType) ? 'This speech was made for a real send: a drill\'s speech must begin and end with the drill slate. Generate it again for the drill.' : 'This speech was made for a drill (it carries the drill slate): generate it again for the real send.' });
  }
  const file = { audioId: row.id, sm3: row.sm3, size: Number(row.size) };
  const mp3 = audioUrl(centerId, row.sm3);
  const stored: BroadcastAudio = delivery === 'file' ? { kind: 'file', url: mp3, ...file }
    : { kind: 'stream', url: rtpUrl ?? audioStreamUrl(centerId, row.sm3), ...file, delivery, fileUrl: mp3 };
  return JSON.stringify(stored);
}

/** The stored audio JSON, read. */
export function parseBroadcastAudio(json: string | null): BroadcastAudio | null {
  return json ? (JSON.parse(json) as BroadcastAudio) : null;
}
const parse = parseBroadcastAudio;

/**
 * The EBM Auxiliary of a broadcast's audio: type 2 MP3 with size and SM3, or type 61 for
 * a stream URL. An asset delivered live names both: the stream terminals receive first
 * (what a receiving platform takes as the audio), then the signed MP3 it plays, which
 * the EBD package still carries.
 */
export function auxiliariesOf(json: string | null): Auxiliary[] {
  const a = parse(json);
  if (!a) return [];
  const stream = a.url ? [{ auxiliaryType: AUXILIARY_TYPE.stream, auxiliaryDesc: a.url }] : [];
  if (a.sm3 && a.size !== undefined) {
    const mp3 = { auxiliaryType: AUXILIARY_TYPE.mp3, auxiliaryDesc: packageFileName(a.sm3), size: a.size, digest: a.sm3 };
    return a.delivery ? [...stream, mp3] : [mp3];
  }
  return stream;
}

/** The media files of a broadcast's EBD package (GD/J 083 TAR): its MP3, if it has one. */
export async function packageMediaOf(dataDir: string, centerId: string, json: string | null): Promise<{ name: string; bytes: Buffer }[]> {
  const a = parse(json);
  if (!a?.sm3) return [];
  const bytes = await new AudioStore(audioRoot(dataDir)).read(centerId, a.sm3).catch(() => {
    throw appError('EB_AUDIO_NOT_FOUND', { message: `The broadcast's MP3 ${a.sm3}.mp3 is missing from DATA_DIR/eb-audio: restore it from a backup.` });
  });
  return [{ name: packageFileName(a.sm3), bytes }];
}

/** DATA_DIR/eb-audio. */
export function audioRoot(dataDir: string): string {
  return path.join(dataDir, 'eb-audio');
}
