/** All SQL of broadcast audio; every query is scoped to a center, except the RTP sender's platform-wide look-up. */
import type { Executor } from '../../../platform/db/index.ts';
import type { EbAudioTable } from '../../../platform/db/schema.ts';

export async function insertAudio(exec: Executor, row: EbAudioTable): Promise<void> {
  await exec.insertInto('eb_audio').values(row).execute();
}

export async function findAudio(exec: Executor, centerId: string, id: string): Promise<EbAudioTable | undefined> {
  return exec.selectFrom('eb_audio').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}

/** Is there an asset with these bytes in the center (the public file route serves nothing else)? */
export async function audioWithDigestExists(exec: Executor, centerId: string, sm3: string): Promise<boolean> {
  const row = await exec.selectFrom('eb_audio').select('id').where('center_id', '=', centerId).where('sm3', '=', sm3).limit(1).executeTakeFirst();
  return !!row;
}

/**
 * Approved broadcasts still within their validity whose audio the platform sends by RTP,
 * in every center (the sender is platform work). The LIKE only narrows: callers read the JSON.
 */
export async function rtpBroadcastsInValidity(exec: Executor, now: Date): Promise<{ id: string; center_id: string; audio: string | null; start_at: string; end_at: string }[]> {
  return exec.selectFrom('eb_broadcasts').select(['id', 'center_id', 'audio', 'start_at', 'end_at'])
    .where('status', '=', 'approved').where('end_at', '>', now.toISOString()).where('audio', 'like', '%"delivery":"rtp"%')
    .execute();
}
