/**
 * Upload: identify the content, check the name and size, measure it (sharp, ffprobe),
 * make the derived sizes, move the bytes into the store and write the record, its
 * audit entry and its event in one transaction.
 *
 * Deduplication: blobs are content-addressed per center (`<center>/…/<sm3>`), so the
 * same bytes uploaded twice in a center are stored once; each upload still gets its own
 * record (name, tags, uploader). Centers never share blobs: a center's files can be
 * exported or erased without looking at any other center's.
 */
import fsp from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { appError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { emit } from '../../platform/events/index.ts';
import type { RequestContext } from '../../platform/auth/actor.ts';
import { FORMATS, isContainer, type FormatId } from './formats.ts';
import { assertNameMatches, identify } from './sniff.ts';
import { imageDerivatives, imageInfo, type Derived } from './images.ts';
import { probeAv, ToolMissingError, videoFrame } from './probe.ts';
import { tooLarge, type ReceivedFile } from './upload.ts';
import { blobKeys, type MediaDeps } from './context.ts';
import * as repo from './repository.ts';
import { presentMediaDetail } from './presenters.ts';
import { normaliseTags } from './tags.ts';
import type { MediaKind } from './types.ts';

interface Analysis {
  kind: MediaKind;
  mime: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  details: Record<string, unknown>;
  /** Made lazily: skipped when this center already stores them for the same bytes. */
  derive: (() => Promise<Derived | null>) | null;
}

async function analyseImage(format: FormatId, file: string): Promise<Analysis> {
  const info = await imageInfo(file);
  const animated = info.details.pages > 1 && (format === 'gif' || format === 'webp');
  return { kind: 'image', mime: FORMATS[format].mime, width: info.width, height: info.height, durationMs: null, details: info.details, derive: () => imageDerivatives(file, animated) };
}

async function analyseAv(deps: MediaDeps, format: FormatId, file: string): Promise<Analysis> {
  const f = FORMATS[format];
  try {
    const av = await probeAv(file, deps.tools);
    const audioOnly = isContainer(format) && !av.hasVideo;
    const kind: MediaKind = audioOnly ? 'audio' : f.kind;
    const derive = kind === 'video'
      ? async () => {
        const frame = await videoFrame(file, Math.min(1, (av.durationMs ?? 0) / 2000), deps.tools);
        return frame ? imageDerivatives(frame, false).catch(() => null) : null;
      }
      : null;
    return { kind, mime: audioOnly ? (f.audioMime ?? f.mime) : f.mime, width: av.width, height: av.height, durationMs: av.durationMs, details: av.details, derive };
  } catch (err) {
    if (!(err instanceof ToolMissingError)) throw err;
    // Not the uploader's fault: keep the file, unmeasured, and tell the operator.
    deps.warn('media: cannot probe audio/video', { tool: err.tool, reason: err.message });
    return { kind: f.kind, mime: f.mime, width: null, height: null, durationMs: null, details: { probe: 'unavailable' }, derive: null };
  }
}

async function analyse(deps: MediaDeps, format: FormatId, file: string): Promise<Analysis> {
  const kind = FORMATS[format].kind;
  if (kind === 'image') return analyseImage(format, file);
  if (kind === 'audio' || kind === 'video') return analyseAv(deps, format, file);
  return { kind, mime: FORMATS[format].mime, width: null, height: null, durationMs: null, details: {}, derive: null };
}

/** Stores what is not stored yet; returns the derived keys that exist afterwards. */
async function storeBlobs(deps: MediaDeps, keys: ReturnType<typeof blobKeys>, tmpPath: string, a: Analysis) {
  let thumb: string | null = null;
  let display: string | null = null;
  if (a.derive) {
    const [hasThumb, hasDisplay] = await Promise.all([deps.store.exists(keys.thumb), deps.store.exists(keys.display)]);
    const derived = hasThumb && hasDisplay ? null : await a.derive();
    if (derived) {
      await deps.store.put(keys.thumb, derived.thumb);
      await deps.store.put(keys.display, derived.display);
    }
    if (derived || (hasThumb && hasDisplay)) [thumb, display] = [keys.thumb, keys.display];
  }
  const duplicate = await deps.store.exists(keys.original);
  if (!duplicate) await deps.store.put(keys.original, { path: tmpPath });
  return { thumb, display, duplicate };
}

/** Turns a received upload into a media record. Always removes the temp file. */
export async function ingest(deps: MediaDeps, ctx: RequestContext, received: ReceivedFile) {
  const { actor } = ctx;
  try {
    const tags = normaliseTags(received.tags, 'tags');
    const format = await identify(received.head, received.tmpPath);
    assertNameMatches(received.name, format);
    const a = await analyse(deps, format, received.tmpPath);
    if (received.size > deps.limits[a.kind]) throw tooLarge(a.kind, deps.limits[a.kind]);
    const keys = blobKeys(actor.centerId, received.sm3);
    return await deps.blobs.run(keys.original, async () => {
      const stored = await storeBlobs(deps, keys, received.tmpPath, a);
      const id = randomUUID();
      const now = new Date().toISOString();
      const write = deps.db.transaction().execute(async (tx) => {
        await repo.insertFile(tx, {
          id, center_id: actor.centerId, kind: a.kind, format, mime: a.mime, name: received.name, size: received.size, sm3: received.sm3,
          storage_key: keys.original, thumb_key: stored.thumb, display_key: stored.display, width: a.width, height: a.height, duration_ms: a.durationMs,
          details: JSON.stringify(a.details), uploaded_by: actor.userId, resident_account_id: actor.residentAccountId, created_at: now, updated_at: now,
        });
        await repo.replaceTags(tx, actor.centerId, id, tags);
        await recordAudit(tx, {
          centerId: actor.centerId, actor: { id: actor.userId, name: actor.username }, ip: ctx.ip, action: 'media.file.upload', subjectType: 'media', subjectId: id,
          detail: { name: received.name, kind: a.kind, format, size: received.size, sm3: received.sm3, duplicate: stored.duplicate, tags },
        });
        await emit(tx, { centerId: actor.centerId, type: 'media.uploaded', payload: { mediaId: id, kind: a.kind, format } });
        const row = await repo.findFile(tx, actor.centerId, id);
        if (!row) throw appError('MEDIA_NOT_FOUND');
        return presentMediaDetail(row, [...tags].sort());
      });
      // Blobs this upload brought in must not outlive a failed transaction (the lock is held, so no one else uses them yet).
      return write.catch(async (err: unknown) => {
        if (!stored.duplicate && (await repo.countBlobUsers(deps.db, actor.centerId, received.sm3)) === 0) {
          await Promise.all([deps.store.delete(keys.original), deps.store.delete(keys.thumb), deps.store.delete(keys.display)]);
        }
        throw err;
      });
    });
  } finally {
    await fsp.rm(received.tmpPath, { force: true });
  }
}
