/**
 * Receives one uploaded file from a multipart request: streamed to a temp file while
 * its SM3 is computed and its size counted, never held in memory. The first bytes are
 * sniffed on the way, so a refused type or an oversize file stops the transfer early.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { AppError, appError } from '../../platform/errors.ts';
import { FORMATS, largestLimit, type MediaLimits } from './formats.ts';
import { HEAD_BYTES, sniffHead } from './sniff.ts';
import type { MediaKind } from './types.ts';

export interface ReceivedFile {
  tmpPath: string;
  /** The uploader's file name, cleaned. */
  name: string;
  size: number;
  sm3: string;
  /** The first HEAD_BYTES bytes (fewer for a smaller file). */
  head: Buffer;
  tags: string[];
}

const KIND_WORDS: Record<MediaKind, string> = { image: 'images', audio: 'audio', video: 'video', document: 'documents' };

/** MEDIA_TOO_LARGE naming the limit that applies. */
export function tooLarge(kind: MediaKind, limit: number): AppError {
  const mb = Math.round((limit / (1024 * 1024)) * 10) / 10;
  return appError('MEDIA_TOO_LARGE', { field: 'file', message: `The file is larger than the ${mb} MB allowed for ${KIND_WORDS[kind]}.`, details: { kind, limitBytes: limit } });
}

/** The kind whose limit applies to a file starting with `head`; refuses unlisted types at once. */
function kindOfHead(head: Buffer): MediaKind {
  const v = sniffHead(head);
  if (v.type === 'format') return FORMATS[v.format].kind;
  if (v.type === 'refused' && head.length > 0) throw appError('MEDIA_TYPE_NOT_ALLOWED', { field: 'file', message: v.reason });
  return 'document';
}

/** Passes bytes through while hashing, counting and sniffing; fails once over the limit. */
class Intake extends Transform {
  readonly hash: Hash = createHash('sm3');
  size = 0;
  private headParts: Buffer[] = [];
  private headLen = 0;
  head: Buffer = Buffer.alloc(0);
  private limit: number;
  private kind: MediaKind | null = null;

  constructor(private readonly limits: MediaLimits) {
    super();
    this.limit = largestLimit(limits);
  }

  private decide(): void {
    this.head = Buffer.concat(this.headParts).subarray(0, HEAD_BYTES);
    this.headParts = [];
    this.kind = kindOfHead(this.head);
    this.limit = this.limits[this.kind];
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.size += chunk.length;
      if (this.kind === null) {
        this.headParts.push(chunk);
        this.headLen += chunk.length;
        if (this.headLen >= HEAD_BYTES) this.decide();
      }
      if (this.size > this.limit) throw tooLarge(this.kind ?? 'video', this.limit);
      this.hash.update(chunk);
      cb(null, chunk);
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (this.kind === null) this.decide();
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }
}

/** A file name fit to store and to send back: base name, no control or path characters, at most 200 characters. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().replace(/^\.+/, '');
  if (!clean) return 'file';
  if (clean.length <= 200) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, 200 - ext.length) + ext;
}

/** Tags as sent in the `tags` form field: comma- or newline-separated. */
export function parseTagField(values: string[]): string[] {
  return values.flatMap((v) => v.split(/[,，\n]/));
}

function multipartError(err: unknown, limits: MediaLimits): AppError | null {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge('video', largestLimit(limits));
  if (code === 'FST_FILES_LIMIT') return appError('VALIDATION_FAILED', { field: 'file', message: 'Send one file per request.' });
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return appError('VALIDATION_FAILED', { field: 'body', message: 'Too many form fields: send the file and, optionally, tags.' });
  if (code === 'FST_PROTO_VIOLATION' || code === 'FST_INVALID_JSON_FIELD_ERROR') return appError('VALIDATION_FAILED', { field: 'body', message: 'A form field is not valid.' });
  // Busboy's parse errors are plain Errors; file-system errors (a full disk) carry a syscall and stay server errors.
  const e = err as { syscall?: string; message?: string; statusCode?: number };
  if (!e.syscall && (/multipart|part terminated|unexpected end/i.test(e.message ?? '') || (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500))) {
    return appError('BAD_REQUEST', { message: 'The multipart/form-data body is malformed or incomplete: send the file again.' });
  }
  return null;
}

async function receivePart(part: MultipartFile, tmpDir: string, limits: MediaLimits): Promise<Omit<ReceivedFile, 'tags'>> {
  await fsp.mkdir(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, randomUUID());
  const intake = new Intake(limits);
  try {
    await pipeline(part.file, intake, fs.createWriteStream(tmpPath, { flags: 'wx' }));
    if (part.file.truncated) throw tooLarge('video', largestLimit(limits));
  } catch (err) {
    await fsp.rm(tmpPath, { force: true });
    throw err;
  }
  return { tmpPath, name: cleanFileName(part.filename), size: intake.size, sm3: intake.hash.digest('hex'), head: intake.head };
}

/**
 * Reads the multipart body: a `file` part (exactly one) and optional `tags` fields.
 * On any failure the temp file is removed before the error is thrown.
 */
export async function receiveUpload(request: FastifyRequest, tmpDir: string, limits: MediaLimits): Promise<ReceivedFile> {
  if (!request.isMultipart()) {
    throw appError('VALIDATION_FAILED', { field: 'file', message: 'Send the file as multipart/form-data in a field named "file".' });
  }
  let received: Omit<ReceivedFile, 'tags'> | null = null;
  const tagValues: string[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname !== 'tags') throw appError('VALIDATION_FAILED', { field: part.fieldname, message: `${part.fieldname} is not an accepted field: send "file" and, optionally, "tags".` });
        tagValues.push(String((part as MultipartValue).value));
        continue;
      }
      if (part.fieldname !== 'file') throw appError('VALIDATION_FAILED', { field: part.fieldname, message: 'Send the file in a field named "file".' });
      if (received) throw appError('VALIDATION_FAILED', { field: 'file', message: 'Send one file per request.' });
      received = await receivePart(part, tmpDir, limits);
    }
  } catch (err) {
    if (received) await fsp.rm(received.tmpPath, { force: true });
    throw multipartError(err, limits) ?? err;
  }
  if (!received) throw appError('VALIDATION_FAILED', { field: 'file', message: 'file is required: send it as multipart/form-data in a field named "file".' });
  return { ...received, tags: parseTagField(tagValues) };
}
