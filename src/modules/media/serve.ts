/**
 * Sending stored files safely: the Content-Type we decided (never the uploader's),
 * `nosniff`, a Content-Disposition with the original name (RFC 6266 + RFC 5987/8187 for
 * Chinese names), documents always as attachments, a sandboxing CSP, and single byte
 * ranges so audio and video can be sought in the browser.
 */
import type { FastifyReply } from 'fastify';
import type { ByteRange } from './store.ts';

/** `filename` for old clients (ASCII, others replaced by `_`) and `filename*` in UTF-8 for the rest. */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else percent-encoded.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Audio, video and images open in the browser; PDFs, Office files and text are downloaded. */
export function dispositionFor(kind: string, forceDownload: boolean): 'inline' | 'attachment' {
  return !forceDownload && (kind === 'image' || kind === 'audio' || kind === 'video') ? 'inline' : 'attachment';
}

/**
 * One range of `bytes=a-b`, `bytes=a-` or `bytes=-n` within `size`. Anything else
 * (several ranges, other units, out of bounds) is ignored and the whole file is sent,
 * which RFC 9110 §14.2 allows.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || size === 0 || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) return null;
  return { start, end };
}

/** Headers every served file carries. */
export function setSafeHeaders(reply: FastifyReply, opts: { mime: string; disposition: string; etag: string }): void {
  reply
    .header('content-type', opts.mime)
    .header('content-disposition', opts.disposition)
    .header('x-content-type-options', 'nosniff')
    // Even if a browser were tricked into rendering the bytes as a page, nothing in it could run.
    .header('content-security-policy', "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox")
    .header('cross-origin-resource-policy', 'same-origin')
    .header('cache-control', 'private, no-cache')
    .header('etag', opts.etag);
}

/** Does If-None-Match name this ETag (so 304 can be sent)? */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').map((s) => s.trim().replace(/^W\//, '')).some((t) => t === etag || t === '*');
}
