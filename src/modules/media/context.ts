/** What the media services need besides the request: the database, the store, limits and tools. */
import type { Db } from '../../platform/db/index.ts';
import type { MediaLimits } from './formats.ts';
import type { ToolOptions } from './probe.ts';
import type { KeyedMutex, MediaStore } from './store.ts';

export interface MediaDeps {
  db: Db;
  store: MediaStore;
  limits: MediaLimits;
  tools: ToolOptions;
  /** Where uploads are received before they move into the store. */
  tmpDir: string;
  /** Serializes work on one blob key (see KeyedMutex). */
  blobs: KeyedMutex;
  /** Where to report problems that are not the caller's fault (missing ffprobe). */
  warn(msg: string, detail?: Record<string, unknown>): void;
}

/** Store keys of a blob and its derived sizes: `<center>/<sm3[0..2]>/<sm3>[.thumb.webp|.display.webp]`. */
export function blobKeys(centerId: string, sm3: string) {
  const original = `${centerId}/${sm3.slice(0, 2)}/${sm3}`;
  return { original, thumb: `${original}.thumb.webp`, display: `${original}.display.webp` };
}
