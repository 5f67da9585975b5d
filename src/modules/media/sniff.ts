/**
 * What a file IS, decided from its bytes (magic numbers), never from its name or the
 * Content-Type the browser sent. Formats outside the list are refused with
 * MEDIA_TYPE_NOT_ALLOWED; a name whose extension claims another format than the
 * content gets MEDIA_TYPE_MISMATCH.
 */
import fs from 'node:fs';
import { appError } from '../../platform/errors.ts';
import { extensionOf, FORMATS, type FormatId } from './formats.ts';
import { officeFormatOf } from './zip.ts';

/** How many leading bytes the sniffer looks at. */
export const HEAD_BYTES = 4096;

/** The result of looking at the first bytes only. */
export type HeadVerdict =
  | { type: 'format'; format: FormatId }
  /** A ZIP: an Office document or not, to be decided from its central directory. */
  | { type: 'zip' }
  /** No magic number: plain text or not, to be decided by reading it all. */
  | { type: 'maybe-text' }
  | { type: 'refused'; reason: string };

const ascii = (b: Buffer, start: number, end: number) => b.subarray(start, end).toString('latin1');
const startsWith = (b: Buffer, bytes: number[], at = 0) => b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);

/** MPEG audio frame header (ISO/IEC 11172-3 §2.4.1.3): 11 sync bits, layer II or III, valid rates. */
function isMpegAudioFrame(b: Buffer): boolean {
  if (b.length < 4 || b[0] !== 0xff || (b[1]! & 0xe0) !== 0xe0) return false;
  const version = (b[1]! >> 3) & 3;
  const layer = (b[1]! >> 1) & 3;
  const bitrate = b[2]! >> 4;
  const rate = (b[2]! >> 2) & 3;
  return version !== 1 && (layer === 1 || layer === 2) && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/** ISO base media (MP4, M4A, MOV): `ftyp` box with a major brand (ISO/IEC 14496-12 §4.3). */
function isoBrand(b: Buffer): FormatId | 'refused' | null {
  if (b.length < 12 || ascii(b, 4, 8) !== 'ftyp') return null;
  const brand = ascii(b, 8, 12);
  if (['M4A ', 'M4B ', 'M4P '].includes(brand)) return 'm4a';
  if (brand === 'qt  ') return 'mov';
  if (/^(isom|iso[2-9]|mp41|mp42|mp71|avc1|M4V |M4VH|M4VP|dash|MSNV|NDAS|f4v )$/.test(brand)) return 'mp4';
  return 'refused'; // HEIC, AVIF, 3GP, CR3 … are ftyp files too, but not on the list
}

/** EBML header (Matroska / WebM): the DocType element (0x4282) names which. */
function matroskaDocType(b: Buffer): FormatId | null {
  if (!startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  const at = b.indexOf(Buffer.from([0x42, 0x82]));
  if (at < 0 || at > 64) return 'mkv';
  return ascii(b, at + 3, at + 3 + (b[at + 2]! & 0x7f)).startsWith('webm') ? 'webm' : 'mkv';
}

/** Sniffs the first bytes (up to HEAD_BYTES) of a file. */
export function sniffHead(b: Buffer): HeadVerdict {
  const is = (format: FormatId): HeadVerdict => ({ type: 'format', format });
  if (b.length === 0) return { type: 'refused', reason: 'The file is empty.' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return is('jpeg');
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return is('png');
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return is('gif');
  if (ascii(b, 0, 4) === 'RIFF' && b.length >= 12) {
    const form = ascii(b, 8, 12);
    if (form === 'WEBP') return is('webp');
    if (form === 'WAVE') return is('wav');
    return { type: 'refused', reason: `RIFF ${form.trim()} files are not accepted.` };
  }
  if (ascii(b, 0, 3) === 'ID3' || isMpegAudioFrame(b)) return is('mp3');
  if (ascii(b, 0, 4) === 'fLaC') return is('flac');
  if (ascii(b, 0, 4) === 'OggS') return is('ogg');
  const iso = isoBrand(b);
  if (iso === 'refused') return { type: 'refused', reason: `This ISO media file (brand "${ascii(b, 8, 12).trim()}") is not accepted: convert it to MP4, JPEG or PNG.` };
  if (iso) return is(iso);
  const mkv = matroskaDocType(b);
  if (mkv) return is(mkv);
  if (ascii(b, 0, 5) === '%PDF-') return is('pdf');
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return { type: 'zip' };
  return { type: 'maybe-text' };
}

/** Bytes a text file may not contain: C0 controls other than tab, LF, FF, CR; and DEL. */
function hasControlBytes(chunk: Buffer): boolean {
  for (const c of chunk) {
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/**
 * Plain UTF-8 text, read to the end. Markup (the first visible character is `<`:
 * HTML, SVG, XML) is refused: it is the classic way to smuggle a page into an upload.
 */
export async function checkPlainText(file: string): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  const notText = () => appError('MEDIA_TYPE_NOT_ALLOWED', { field: 'file', message: 'This file is neither a listed media format nor plain UTF-8 text.' });
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    if (hasControlBytes(chunk)) throw notText();
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notText();
    }
    if (first && text.trim() !== '') {
      first = false;
      if (text.replace(/^\uFEFF/, '').trimStart().startsWith('<')) {
        throw appError('MEDIA_TYPE_NOT_ALLOWED', { field: 'file', message: 'HTML, SVG and XML files are not accepted: upload images, audio, video, PDF, Office documents or plain text.' });
      }
    }
  }
  try {
    decoder.decode();
  } catch {
    throw notText();
  }
}

/** Decides the format of a received file from its head and, where needed, the whole file. */
export async function identify(head: Buffer, file: string): Promise<FormatId> {
  const verdict = sniffHead(head);
  switch (verdict.type) {
    case 'format':
      return verdict.format;
    case 'refused':
      throw appError(head.length === 0 ? 'VALIDATION_FAILED' : 'MEDIA_TYPE_NOT_ALLOWED', { field: 'file', message: verdict.reason });
    case 'zip': {
      const office = await officeFormatOf(file);
      if (typeof office === 'string') return office;
      throw appError('MEDIA_TYPE_NOT_ALLOWED', { field: 'file', message: office.refused });
    }
    case 'maybe-text':
      await checkPlainText(file);
      return 'text';
  }
}

/** Refuses a file whose name claims another format than its content (a name without an extension claims none). */
export function assertNameMatches(name: string, format: FormatId): void {
  const ext = extensionOf(name);
  if (ext === null || FORMATS[format].exts.includes(ext)) return;
  throw appError('MEDIA_TYPE_MISMATCH', {
    field: 'file',
    message: `The file name ends in .${ext} but the content is ${format.toUpperCase()}: rename it to .${FORMATS[format].exts[0]} or check the file.`,
    details: { extension: ext, content: format },
  });
}
