/** HTTP face of the media library. Multipart parsing is registered here, for these routes only. */
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, Paged } from '../../platform/http/schemas.ts';
import { DEFAULT_LIMITS, largestLimit, type MediaLimits } from './formats.ts';
import { DEFAULT_TOOLS, type ToolOptions } from './probe.ts';
import { KeyedMutex, LocalMediaStore, type MediaStore } from './store.ts';
import type { MediaDeps } from './context.ts';
import { P } from './policies.ts';
import { MediaDetailOut, MediaListQuery, MediaOut, TagsOut, UpdateMediaBody, UsageOut, VariantQuery } from './schema.ts';
import { receiveUpload } from './upload.ts';
import { ingest } from './ingest.ts';
import * as svc from './service.ts';
import { contentDisposition, dispositionFor, etagMatches, parseRange, setSafeHeaders } from './serve.ts';

/** Choices a deployment (or a test) may make; every one has a default. */
export interface MediaOptions {
  /** Default: files under `DATA_DIR/media`. */
  store?: MediaStore;
  /** Default: `DATA_DIR/media/.incoming` (the local store's file system, so the final move is a rename). */
  tmpDir?: string;
  limits?: Partial<MediaLimits>;
  tools?: Partial<ToolOptions>;
}

const FileQuery = Type.Object({ download: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export async function mediaRoutes(app: FastifyInstance, { db, config }: ModuleDeps, options: MediaOptions = {}): Promise<void> {
  const root = path.join(config.dataDir, 'media');
  const deps: MediaDeps = {
    db,
    store: options.store ?? new LocalMediaStore(root),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    tools: { ...DEFAULT_TOOLS, ...options.tools },
    tmpDir: options.tmpDir ?? path.join(root, '.incoming'),
    blobs: new KeyedMutex(),
    warn: (msg, detail) => app.log.warn(detail ?? {}, msg),
  };

  await app.register(async (scope) => {
    await scope.register(multipart, {
      // One more byte than the largest limit, so our own count reports the excess (with the kind's limit).
      limits: { fileSize: largestLimit(deps.limits) + 1, files: 1, fields: 5, fieldSize: 4096, parts: 8, headerPairs: 50 },
    });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['media'];
    const read = { access: { permission: P.read } } as const;
    const write = { access: { permission: P.write } } as const;

    r.post('/api/media', {
      config: { ...write, bodyType: 'multipart/form-data' },
      schema: { tags, summary: 'Upload one file (multipart/form-data: "file", optional "tags" comma-separated). Type is decided by content.', response: { 201: MediaDetailOut } },
    }, async (req, reply) => {
      const ctx = ctxOf(req);
      const received = await receiveUpload(req, deps.tmpDir, deps.limits);
      return reply.status(201).send(await ingest(deps, ctx, received));
    });

    r.get('/api/media', {
      config: read, schema: { tags, summary: 'Search the library: name or tag text (q), kind, exact tag, mine; sort; page', querystring: MediaListQuery, response: { 200: Paged(MediaOut) } },
    }, async (req) => svc.listMedia(db, ctxOf(req), req.query));

    r.get('/api/media/tags', {
      config: read, schema: { tags, summary: 'Tags in use, with how many files carry each', response: { 200: TagsOut } },
    }, async (req) => svc.listTags(db, ctxOf(req)));

    r.get('/api/media/:id', {
      config: read, schema: { tags, summary: 'One file with what was measured of it', params: IdParams, response: { 200: MediaDetailOut } },
    }, async (req) => svc.getMedia(db, ctxOf(req), req.params.id));

    r.patch('/api/media/:id', {
      config: write, schema: { tags, summary: 'Replace the file\'s tags', params: IdParams, body: UpdateMediaBody, response: { 200: MediaDetailOut } },
    }, async (req) => svc.updateTags(db, ctxOf(req), req.params.id, req.body));

    r.get('/api/media/:id/usage', {
      config: read, schema: { tags, summary: 'Manuscripts using the file (cover or body image)', params: IdParams, response: { 200: UsageOut } },
    }, async (req) => svc.usage(db, ctxOf(req), req.params.id));

    r.delete('/api/media/:id', {
      config: { access: { permission: P.delete } }, schema: { tags, summary: 'Delete a file no manuscript uses (409 MEDIA_IN_USE otherwise)', params: IdParams },
    }, async (req, reply) => {
      await svc.deleteMedia(deps, ctxOf(req), req.params.id);
      return reply.status(204).send();
    });

    r.get('/api/media/:id/file', {
      config: read, schema: { tags, summary: 'The file\'s bytes (Range supported); documents always as attachment', params: IdParams, querystring: FileQuery },
    }, async (req, reply) => send(deps, req, reply, await svc.locateMedia(db, ctxOf(req), req.params.id, 'original'), req.query.download ?? false));

    r.get('/api/media/:id/thumb', {
      config: read, schema: { tags, summary: 'Preview image (WebP, no metadata): 320 px thumb or 1280 px display size', params: IdParams, querystring: VariantQuery },
    }, async (req, reply) => send(deps, req, reply, await svc.locateMedia(db, ctxOf(req), req.params.id, req.query.size ?? 'thumb'), false));
  });
}

function previewName(name: string, variant: string): string {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}.${variant}.webp`;
}

async function send(deps: MediaDeps, req: FastifyRequest, reply: FastifyReply, loc: svc.LocatedMedia, download: boolean) {
  const original = loc.variant === 'original';
  const name = original ? loc.row.name : previewName(loc.row.name, loc.variant);
  const kind = original ? loc.row.kind : 'image';
  setSafeHeaders(reply, { mime: loc.mime, disposition: contentDisposition(dispositionFor(kind, download), name), etag: loc.etag });
  if (etagMatches(req.headers['if-none-match'], loc.etag)) return reply.status(304).send();
  if (loc.size === null) return reply.send(await svc.openLocated(deps, loc));
  reply.header('accept-ranges', 'bytes');
  const range = parseRange(req.headers.range, loc.size);
  if (!range) return reply.header('content-length', loc.size).send(await svc.openLocated(deps, loc));
  return reply
    .status(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${loc.size}`)
    .header('content-length', range.end - range.start + 1)
    .send(await svc.openLocated(deps, loc, range));
}
