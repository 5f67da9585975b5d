/**
 * A broadcast sent for approval without audio gets speech made from its text (with the
 * drill slate for drills): GD/J 089 IP terminals can play only an audio URL, so a
 * text-only warning would reach none of them. If speech cannot be made (espeak-ng
 * missing), the broadcast goes on without it and the failure is logged; coverage then
 * shows the IP terminals as not reached.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../../platform/config.ts';
import type { Db } from '../../../platform/db/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { DEFAULT_AUDIO_TOOLS } from './ffmpeg.ts';
import { audioRoot, resolveAudio } from './links.ts';
import { createFromTts, type AudioDeps } from './service.ts';
import { AudioStore } from './store.ts';
import { ttsEngineNamed } from './tts.ts';

export function audioDepsOf(db: Db, config: Config): AudioDeps {
  return {
    db, store: new AudioStore(audioRoot(config.dataDir)), tts: ttsEngineNamed(config.ebTtsEngine),
    tools: DEFAULT_AUDIO_TOOLS, publicUrl: config.publicUrl, maxDurationMs: 30 * 60_000,
  };
}

/** Gives a silent draft speech of its text. Returns true when it did. Never throws for a TTS failure. */
export async function speakIfSilent(deps: AudioDeps, ctx: RequestContext, broadcastId: string, log?: FastifyBaseLogger): Promise<boolean> {
  const b = await deps.db.selectFrom('eb_broadcasts').select(['id', 'status', 'audio', 'text', 'msg_type', 'author_id'])
    .where('center_id', '=', ctx.actor.centerId).where('id', '=', broadcastId).executeTakeFirst();
  if (!b || b.status !== 'draft' || b.audio || b.author_id !== ctx.actor.userId) return false; // submit() says why, if anything is wrong
  try {
    const made = await createFromTts(deps, ctx, { text: b.text, msgType: Number(b.msg_type) as 1 | 3 | 4 | 5 });
    const audio = await resolveAudio(deps.db, ctx.actor.centerId, { kind: 'file', audioId: made.id }, Number(b.msg_type));
    await deps.db.updateTable('eb_broadcasts').set({ audio, updated_at: new Date().toISOString() })
      .where('center_id', '=', ctx.actor.centerId).where('id', '=', broadcastId).where('status', '=', 'draft').where('audio', 'is', null).execute();
    return true;
  } catch (err) {
    log?.warn({ err, broadcastId }, 'no speech could be made for a text-only broadcast: IP terminals will not play it');
    return false;
  }
}
