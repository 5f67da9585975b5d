/** All SQL of broadcast audio; every query is scoped to a center. */
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
