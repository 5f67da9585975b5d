/**
 * Broadcast audio use cases: speak a broadcast's text (with the drill slate for drills),
 * take an uploaded file or a browser recording; each becomes one MP3 asset of the center.
 */
import fsp from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/index.ts';
import type { EbAudioTable } from '../../../platform/db/schema.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { probeAudio, transcodeToMp3, type AudioTools } from './ffmpeg.ts';
import { audioPath, audioStreamUrl } from './links.ts';
import { findAudio, insertAudio } from './repository.ts';
import { spokenScript } from './slate.ts';
import type { AudioStore } from './store.ts';
import type { TtsEngine } from './tts.ts';
import type { AudioOut, TtsBody } from './schema.ts';

export type AudioSource = 'tts' | 'upload' | 'record';

export interface AudioDeps {
  db: Db;
  store: AudioStore;
  tts: TtsEngine;
  tools: AudioTools;
  publicUrl: string;
  /** Longest broadcast audio accepted. */
  maxDurationMs: number;
}

export function present(row: EbAudioTable, publicUrl: string): AudioOut {
  const p = audioPath(row.center_id, row.sm3);
  return {
    id: row.id, source: row.source, sm3: row.sm3, size: Number(row.size), durationMs: Number(row.duration_ms), fileName: row.file_name, text: row.tts_text,
    url: `${publicUrl}${p}`, path: p, streamUrl: audioStreamUrl(row.center_id, row.sm3, publicUrl), createdBy: row.created_by, createdAt: row.created_at,
  };
}

interface Made {
  source: AudioSource;
  /** Any audio ffmpeg reads; removed afterwards. */
  inputPath: string;
  fileName: string;
  ttsText: string | null;
}

/** Transcodes to the broadcast MP3, measures it, stores it by digest and records the asset. */
async function keepAsMp3(deps: AudioDeps, ctx: RequestContext, made: Made): Promise<AudioOut> {
  const tmpMp3 = await deps.store.tempPath('.mp3');
  try {
    await transcodeToMp3(made.inputPath, tmpMp3, deps.tools);
    const probe = await probeAudio(tmpMp3, deps.tools);
    const durationMs = probe.durationMs ?? 0;
    if (durationMs <= 0) throw appError('EB_AUDIO_UNREADABLE', { field: 'file', message: 'The audio is silent or empty: nothing was recorded.' });
    if (durationMs > deps.maxDurationMs) {
      throw appError('EB_AUDIO_TOO_LONG', { field: made.source === 'tts' ? 'text' : 'file', message: `The audio lasts ${Math.round(durationMs / 1000)} s; a broadcast's audio may last at most ${Math.round(deps.maxDurationMs / 60_000)} minutes.` });
    }
    const stored = await deps.store.keep(ctx.actor.centerId, tmpMp3);
    const row: EbAudioTable = {
      id: randomUUID(), center_id: ctx.actor.centerId, source: made.source, sm3: stored.sm3, size: stored.size, duration_ms: durationMs,
      file_name: made.fileName, tts_text: made.ttsText, created_by: ctx.actor.userId, created_at: new Date().toISOString(),
    };
    await deps.db.transaction().execute(async (tx) => {
      await insertAudio(tx, row);
      await recordAudit(tx, {
        centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip, action: `eb.audio.${made.source}`,
        subjectType: 'eb_audio', subjectId: row.id, detail: { sm3: row.sm3, size: row.size, durationMs, fileName: row.file_name },
      });
    });
    return present(row, deps.publicUrl);
  } finally {
    await fsp.rm(tmpMp3, { force: true });
    await fsp.rm(made.inputPath, { force: true });
  }
}

/** Speaks the text with the configured engine; a drill is framed by the spoken slate. */
export async function createFromTts(deps: AudioDeps, ctx: RequestContext, body: TtsBody): Promise<AudioOut> {
  const script = spokenScript(body.text, body.msgType);
  const wav = await deps.tts.synthesize(script, {});
  const inputPath = await deps.store.tempPath('.wav');
  await fsp.writeFile(inputPath, wav);
  return keepAsMp3(deps, ctx, { source: 'tts', inputPath, fileName: `tts-${deps.tts.name}.mp3`, ttsText: script });
}

/** An uploaded file or a browser recording, checked by content (ffprobe) before it is converted. */
export async function createFromFile(deps: AudioDeps, ctx: RequestContext, file: { tmpPath: string; name: string; source: 'upload' | 'record' }): Promise<AudioOut> {
  try {
    await probeAudio(file.tmpPath, deps.tools);
  } catch (err) {
    await fsp.rm(file.tmpPath, { force: true });
    throw err;
  }
  return keepAsMp3(deps, ctx, { source: file.source, inputPath: file.tmpPath, fileName: file.name, ttsText: null });
}

export async function getAudio(deps: AudioDeps, ctx: RequestContext, id: string): Promise<AudioOut> {
  const row = await findAudio(deps.db, ctx.actor.centerId, id);
  if (!row) throw appError('EB_AUDIO_NOT_FOUND');
  return present(row, deps.publicUrl);
}
