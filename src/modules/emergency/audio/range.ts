/** One HTTP byte range (RFC 9110 §14), so terminals can resume a download and browsers seek. */

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * `bytes=a-b`, `bytes=a-` or `bytes=-n` within `size`. Null (send everything) for no
 * header, several ranges or other units; 'unsatisfiable' (416) when it starts past the end.
 */
export function byteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
