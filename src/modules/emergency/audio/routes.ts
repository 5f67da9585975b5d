/**
 * HTTP face of broadcast audio: staff make assets (TTS, upload, recording) under the
 * broadcast permissions; terminals, which have no session, fetch the MP3 or a live
 * stream of it by center and SM3 digest (public: the digest is in the signed EBM, so a
 * terminal can check what it got, and a digest cannot be guessed).
 */
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../../platform/module.ts';
import { ctxOf } from '../../../platform/http/context.ts';
import { IdParams } from '../../../platform/http/schemas.ts';
import { appError } from '../../../platform/errors.ts';
import { P } from '../broadcasts/policies.ts';
import { DEFAULT_AUDIO_TOOLS, type AudioTools } from './ffmpeg.ts';
import { audioRoot, setAudioPublicUrl } from './links.ts';
import { audioWithDigestExists } from './repository.ts';
import { AudioFileParams, AudioOut, TtsBody } from './schema.ts';
import * as svc from './service.ts';
import { AudioStore } from './store.ts';
import { pacedMp3 } from './stream.ts';
import { ttsEngineNamed, type TtsEngine } from './tts.ts';
import { receiveAudio } from './upload.ts';
import { byteRange } from './range.ts';

/** Choices a deployment (or a test) may make; every one has a default. */
export interface AudioOptions {
  tts?: TtsEngine;
  tools?: Partial<AudioTools>;
  /** Largest upload; default 50 MB (ten minutes of CD-quality WAV). */
  maxUploadBytes?: number;
  /** Longest audio; default 30 minutes. */
  maxDurationMs?: number;
  /** Live streams served at once (one ffmpeg each); default 64. */
  maxStreams?: number;
}

export async function audioRoutes(app: FastifyInstance, { db, config }: ModuleDeps, options: AudioOptions = {}): Promise<void> {
  setAudioPublicUrl(config.publicUrl);
  const deps: svc.AudioDeps = {
    db, store: new AudioStore(audioRoot(config.dataDir)), tts: options.tts ?? ttsEngineNamed(config.ebTtsEngine),
    tools: { ...DEFAULT_AUDIO_TOOLS, ...options.tools }, publicUrl: config.publicUrl, maxDurationMs: options.maxDurationMs ?? 30 * 60_000,
  };
  const maxUpload = options.maxUploadBytes ?? 50 * 1024 * 1024;
  const maxStreams = options.maxStreams ?? 64;
  let streams = 0;

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxUpload, files: 1, fields: 2, fieldSize: 64, parts: 3, headerPairs: 50 } });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['emergency broadcast'];
    const author = { access: { permission: P.author } } as const;

    r.post('/api/eb/audio/tts', {
      config: author, schema: { tags, summary: 'Speak a broadcast\'s text as MP3 (drills begin and end with the spoken drill slate)', body: TtsBody, response: { 201: AudioOut } },
    }, async (req, reply) => reply.status(201).send(await svc.createFromTts(deps, ctxOf(req), req.body)));

    r.post('/api/eb/audio', {
      config: author, schema: { tags, summary: 'Upload audio (multipart: "file" MP3/WAV/OGG/WebM/M4A, optional "source" upload|record); checked by content, converted to MP3', response: { 201: AudioOut } },
    }, async (req, reply) => {
      const received = await receiveAudio(req, deps.store, maxUpload);
      return reply.status(201).send(await svc.createFromFile(deps, ctxOf(req), received));
    });

    r.get('/api/eb/audio/:id', {
      config: { access: { permission: P.read } }, schema: { tags, summary: 'One audio asset: digest, size, duration, links', params: IdParams, response: { 200: AudioOut } },
    }, async (req) => svc.getAudio(deps, ctxOf(req), req.params.id));

    r.get('/eb-audio/:center/:sm3.mp3', {
      config: { access: 'public' }, schema: { tags, summary: 'The MP3 for terminals (no session; Range supported; check it against the SM3 in the signed EBM)', params: AudioFileParams },
    }, async (req, reply) => sendFile(req, reply, await locate(req.params.center, req.params.sm3)));

    r.get('/eb-audio/:center/:sm3/stream', {
      config: { access: 'public' }, schema: { tags, summary: 'The same MP3 as a live HTTP stream at playing speed, for terminals that take streams', params: AudioFileParams },
    }, async (req, reply) => {
      const file = await locate(req.params.center, req.params.sm3);
      if (streams >= maxStreams) throw appError('RATE_LIMITED', { message: 'Too many live audio streams at once: fetch the MP3 file instead.' });
      streams += 1;
      const live = pacedMp3(file.path, deps.tools);
      void live.exited.then(() => { streams -= 1; });
      reply.raw.once('close', () => void live.stop());
      return reply.type('audio/mpeg').header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(live.output);
    });
  });

  async function locate(centerId: string, sm3: string): Promise<{ path: string; size: number; sm3: string }> {
    const size = (await audioWithDigestExists(db, centerId, sm3)) ? await deps.store.sizeOf(centerId, sm3) : null;
    if (size === null) throw appError('EB_AUDIO_NOT_FOUND');
    return { path: deps.store.pathOf(centerId, sm3), size, sm3 };
  }
}

function sendFile(req: FastifyRequest, reply: FastifyReply, file: { path: string; size: number; sm3: string }) {
  const etag = `"${file.sm3}"`;
  reply.type('audio/mpeg').header('accept-ranges', 'bytes').header('etag', etag).header('x-content-type-options', 'nosniff')
    .header('content-disposition', `inline; filename="${file.sm3}.mp3"`)
    // Content-addressed: these bytes never change under this name.
    .header('cache-control', 'public, max-age=31536000, immutable');
  if (req.headers['if-none-match'] === etag) return reply.status(304).send();
  const range = byteRange(req.headers.range, file.size);
  if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${file.size}`).send();
  if (!range) return reply.header('content-length', file.size).send(fs.createReadStream(file.path));
  return reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`).header('content-length', range.end - range.start + 1)
    .send(fs.createReadStream(file.path, { start: range.start, end: range.end }));
}
