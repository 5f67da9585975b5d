/**
 * Where the bytes of media files live. The library talks to a MediaStore only, so an
 * S3-compatible object store (MinIO, Ceph, a cloud bucket) can replace the local
 * directory by implementing these four calls. Keys are content-addressed
 * (`<center>/<sm3[0..2]>/<sm3>`), so a stored object never changes once written.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What can be stored: bytes, a stream, or a local file the store takes over (moves). */
export type MediaBody = Buffer | Readable | { path: string };

/** Inclusive byte range, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface MediaStore {
  /** Stores `body` under `key`, atomically (a reader sees all of it or nothing). */
  put(key: string, body: MediaBody): Promise<void>;
  /** The object's bytes (or a range of them); null when there is no such object. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

/** Refuses keys that could leave the store's root (`..`, absolute paths, odd characters). */
export function assertKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((p) => p === '..' || p === '.')) throw new Error(`invalid media store key: ${key}`);
}

/** Files under one directory (default `DATA_DIR/media`); writes go to `.incoming` first, then rename. */
export class LocalMediaStore implements MediaStore {
  private readonly incoming: string;

  constructor(readonly root: string) {
    this.incoming = path.join(root, '.incoming');
  }

  private pathOf(key: string): string {
    assertKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  /** A temp file on the store's own file system, so the final move is a rename. */
  async tempPath(): Promise<string> {
    await fsp.mkdir(this.incoming, { recursive: true });
    return path.join(this.incoming, randomUUID());
  }

  async put(key: string, body: MediaBody): Promise<void> {
    const target = this.pathOf(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    if (!Buffer.isBuffer(body) && !(body instanceof Readable)) {
      await moveFile(body.path, target);
      return;
    }
    const tmp = await this.tempPath();
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, fs.createWriteStream(tmp, { flags: 'wx' }));
      await fsp.rename(tmp, target);
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(this.pathOf(key), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return fh.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await fsp.access(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }
}

/** Renames; across file systems (EXDEV) copies to a temp name beside the target, then renames. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fsp.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const tmp = `${to}.${randomUUID()}.part`;
    try {
      await fsp.copyFile(from, tmp);
      await fsp.rename(tmp, to);
      await fsp.rm(from, { force: true });
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }
}

/**
 * Runs work for one key at a time, in this process. Blobs are shared by every record
 * with the same content, so "store blob + insert record" and "count records + delete
 * blob" must not interleave, or a new record could lose its freshly stored blob.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
