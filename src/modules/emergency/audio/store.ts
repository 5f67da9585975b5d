/**
 * Where broadcast MP3s live: DATA_DIR/eb-audio/<center>/<sm3>.mp3, named by the SM3 of
 * their bytes, so a terminal checks what it fetched against the digest in the signed
 * EBM, and the same audio is stored once. A file appears by rename, never half-written.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';

/** Center ids are UUIDs; digests 64 lower-case hex digits: nothing else becomes a path. */
export const CENTER_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
export const SM3_PATTERN = '^[0-9a-f]{64}$';

export interface StoredAudio {
  sm3: string;
  size: number;
}

/** SM3 (hex) and size of a file, read as a stream. */
export async function digestFile(file: string): Promise<StoredAudio> {
  const hash = createHash('sm3');
  let size = 0;
  await pipeline(fs.createReadStream(file), async function* (chunks: AsyncIterable<Buffer>) {
    for await (const c of chunks) {
      size += c.length;
      hash.update(c);
    }
  });
  return { sm3: hash.digest('hex'), size };
}

export class AudioStore {
  constructor(readonly root: string) {}

  /** Scratch space on the store's own file system, so keeping a file is a rename. */
  async tempPath(ext: string): Promise<string> {
    const dir = path.join(this.root, '.incoming');
    await fsp.mkdir(dir, { recursive: true });
    return path.join(dir, `${randomUUID()}${ext}`);
  }

  pathOf(centerId: string, sm3: string): string {
    if (!new RegExp(CENTER_ID_PATTERN).test(centerId) || !new RegExp(SM3_PATTERN).test(sm3)) throw new Error('not a center id and SM3 digest');
    return path.join(this.root, centerId, `${sm3}.mp3`);
  }

  /** Moves a finished MP3 into place (or drops it when those bytes are stored already). */
  async keep(centerId: string, tmpMp3: string): Promise<StoredAudio> {
    const stored = await digestFile(tmpMp3);
    const final = this.pathOf(centerId, stored.sm3);
    await fsp.mkdir(path.dirname(final), { recursive: true });
    if (fs.existsSync(final)) await fsp.rm(tmpMp3, { force: true });
    else await fsp.rename(tmpMp3, final);
    return stored;
  }

  /** Size of a stored file, or null when it is not there. */
  async sizeOf(centerId: string, sm3: string): Promise<number | null> {
    const st = await fsp.stat(this.pathOf(centerId, sm3)).catch(() => null);
    return st?.isFile() ? st.size : null;
  }

  async read(centerId: string, sm3: string): Promise<Buffer> {
    return fsp.readFile(this.pathOf(centerId, sm3));
  }
}
