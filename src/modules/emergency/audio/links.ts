/**
 * How a broadcast refers to its audio. The author sends `{ kind: 'file', audioId }`;
 * the server stores `{ kind: 'file', url, audioId, sm3, size }` so dispatch can hand
 * terminals the URL, and the EBM can carry the file with its size and SM3 (GD/J 081:
 * a terminal plays a file only if it matches the signed digest). A hand-typed
 * `{ kind, url }` (an external stream) is kept as it was.
 */
import path from 'node:path';
import type { Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { AUXILIARY_TYPE, type Auxiliary } from '../ebm/index.ts';
import { findAudio } from './repository.ts';
import { hasSlate, isDrillType } from './slate.ts';
import { AudioStore } from './store.ts';

/** What a broadcast's `audio` may be on the way in. */
export type BroadcastAudioIn = { kind: 'stream' | 'file'; url: string } | { kind: 'file'; audioId: string } | null | undefined;

/** What is stored (eb_broadcasts.audio, JSON) and shown. */
export interface BroadcastAudio {
  kind: string;
  url: string;
  audioId?: string;
  sm3?: string;
  size?: number;
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

/** The file name of the MP3 inside the EBD package and in the EBM's Auxiliary. */
export function packageFileName(sm3: string): string {
  return `${sm3}.mp3`;
}

/**
 * The JSON for eb_broadcasts.audio; an audioId is resolved to its URL, SM3 and size
 * (EB_AUDIO_NOT_FOUND if not this center's). Speech made for a drill (with the slate)
 * cannot go out as a real send, nor real-send speech as a drill (EB_AUDIO_DRILL_MISMATCH).
 */
export async function resolveAudio(exec: Executor, centerId: string, audio: BroadcastAudioIn, msgType: number): Promise<string | null> {
  if (!audio) return null;
  if ('url' in audio) return JSON.stringify(audio);
  const row = await findAudio(exec, centerId, audio.audioId);
  if (!row) throw appError('EB_AUDIO_NOT_FOUND', { field: 'audio.audioId' });
  if (row.source === 'tts' && hasSlate(row.tts_text ?? '') !== isDrillType(msgType)) {
    throw appError('EB_AUDIO_DRILL_MISMATCH', { field: 'audio.audioId', message: isDrillType(msgType) ? 'This speech was made for a real send: a drill\'s speech must begin and end with the drill slate. Generate it again for the drill.' : 'This speech was made for a drill (it carries the drill slate): generate it again for the real send.' });
  }
  const stored: BroadcastAudio = { kind: 'file', url: audioUrl(centerId, row.sm3), audioId: row.id, sm3: row.sm3, size: Number(row.size) };
  return JSON.stringify(stored);
}

function parse(json: string | null): BroadcastAudio | null {
  return json ? (JSON.parse(json) as BroadcastAudio) : null;
}

/** The EBM Auxiliary of a broadcast's audio: type 2 MP3 with size and SM3, or type 61 for a stream URL. */
export function auxiliariesOf(json: string | null): Auxiliary[] {
  const a = parse(json);
  if (!a) return [];
  if (a.sm3 && a.size !== undefined) return [{ auxiliaryType: AUXILIARY_TYPE.mp3, auxiliaryDesc: packageFileName(a.sm3), size: a.size, digest: a.sm3 }];
  return a.url ? [{ auxiliaryType: AUXILIARY_TYPE.stream, auxiliaryDesc: a.url }] : [];
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
