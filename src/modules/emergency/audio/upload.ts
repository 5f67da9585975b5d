/**
 * Receives an audio upload (multipart/form-data: `file`, optional `source` = upload |
 * record) into a temp file on the store's file system, never in memory. Its type is
 * decided later, by content (ffprobe); the name is only kept for people to read.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { MultipartValue } from '@fastify/multipart';
import { AppError, appError } from '../../../platform/errors.ts';
import type { AudioStore } from './store.ts';

export interface ReceivedAudio {
  tmpPath: string;
  name: string;
  source: 'upload' | 'record';
}

function tooLarge(limit: number): AppError {
  return appError('EB_AUDIO_TOO_LARGE', { field: 'file', message: `The audio file is larger than the ${Math.round(limit / (1024 * 1024))} MB allowed: shorten it or lower its bit rate.` });
}

/** The uploader's file name without path, control or quoting characters; at most 200 characters. */
export function cleanName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().replace(/^\.+/, '').slice(-200);
  return clean || 'audio';
}

function asAppError(err: unknown, limit: number): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(limit);
  if (code === 'FST_FILES_LIMIT') return appError('VALIDATION_FAILED', { field: 'file', message: 'Send one file per request.' });
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return appError('VALIDATION_FAILED', { field: 'body', message: 'Too many form fields: send "file" and, optionally, "source".' });
  const e = err as { syscall?: string; message?: string };
  if (!e.syscall && /multipart|part terminated|unexpected end|boundary/i.test(e.message ?? '')) {
    return appError('BAD_REQUEST', { message: 'The multipart/form-data body is malformed or incomplete: send the file again.' });
  }
  return err;
}

/** Reads the one `file` part (and `source`); removes the temp file on any failure. */
export async function receiveAudio(request: FastifyRequest, store: AudioStore, limit: number): Promise<ReceivedAudio> {
  if (!request.isMultipart()) throw appError('VALIDATION_FAILED', { field: 'file', message: 'Send the audio as multipart/form-data in a field named "file".' });
  let tmpPath: string | null = null;
  let name = 'audio';
  let source: ReceivedAudio['source'] = 'upload';
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        const value = String((part as MultipartValue).value);
        if (part.fieldname !== 'source') throw appError('VALIDATION_FAILED', { field: part.fieldname, message: `${part.fieldname} is not an accepted field: send "file" and, optionally, "source".` });
        if (value !== 'upload' && value !== 'record') throw appError('VALIDATION_FAILED', { field: 'source', message: 'source must be "upload" or "record".' });
        source = value;
        continue;
      }
      if (part.fieldname !== 'file') throw appError('VALIDATION_FAILED', { field: part.fieldname, message: 'Send the audio in a field named "file".' });
      if (tmpPath) throw appError('VALIDATION_FAILED', { field: 'file', message: 'Send one file per request.' });
      tmpPath = await store.tempPath('.upload');
      name = cleanName(part.filename);
      await pipeline(part.file, fs.createWriteStream(tmpPath, { flags: 'wx' }));
      if (part.file.truncated) throw tooLarge(limit);
    }
  } catch (err) {
    if (tmpPath) await fsp.rm(tmpPath, { force: true });
    throw asAppError(err, limit);
  }
  if (!tmpPath) throw appError('VALIDATION_FAILED', { field: 'file', message: 'file is required: send it as multipart/form-data in a field named "file".' });
  return { tmpPath, name, source };
}
