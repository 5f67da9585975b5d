/**
 * Big-endian (network order) byte reading and writing for the terminal protocol.
 * The reader throws `DecodeError` on bad input; every public decoder catches it at its
 * boundary (`guardDecode`) and returns a `DecodeFailure`, so callers never see a throw.
 * The writer throws `RangeError` on values that do not fit: encoding is strict.
 */
import { ResultCode, type DecodeErrorCode, type DecodeFailure } from './codes.ts';

/** Internal: bad input found while decoding. Never escapes a public decoder. */
export class DecodeError extends Error {
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** Runs a decoder body and turns a `DecodeError` into a `DecodeFailure`; other errors are bugs and propagate. */
export function guardDecode<T>(body: () => T): T | DecodeFailure {
  try {
    return body();
  } catch (err) {
    return decodeFailure(err);
  }
}

/** The `DecodeFailure` for a caught `DecodeError`; rethrows anything else (a bug). For decoders that catch inline, without a closure per call. */
export function decodeFailure(err: unknown): DecodeFailure {
  if (err instanceof DecodeError) return { ok: false, code: err.code, message: err.message };
  throw err;
}

/** Strict writing: throws `RangeError` unless `v` is an integer 0..`max`. */
export function checkUint(v: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${what} must be an integer 0..${max}, got ${v}`);
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Reads fields in order from a byte range; `what` names the field in error messages. */
export class ByteReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.end - this.pos < n) {
      throw new DecodeError(ResultCode.ParseError, `${what}: needs ${n} byte(s) at offset ${this.pos}, only ${this.end - this.pos} left`);
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  u16(what: string): number {
    this.need(2, what);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    // `>>> 0` keeps the top bit from making the number negative.
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** A copy of the next `n` bytes (copies, so callers may keep them after the buffer is reused). */
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Skips `n` bytes, returning where they start (for fields read in place, not copied). */
  skip(n: number, what: string): number {
    this.need(n, what);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  /** The bytes being read (not a copy): for fields decoded in place after `skip`. */
  get source(): Uint8Array {
    return this.buf;
  }

  /** A u16 length followed by that many bytes of UTF-8 (every string of this protocol). */
  string(what: string): string {
    // The length's name is built only when it is missing: this runs for every response.
    if (this.end - this.pos < 2) this.need(2, `${what} length`);
    const n = this.u16('');
    const at = this.skip(n, what);
    if (n === 0) return '';
    try {
      return utf8Decoder.decode(this.buf.subarray(at, at + n));
    } catch {
      throw new DecodeError(ResultCode.ParseError, `${what}: not valid UTF-8`);
    }
  }

  /** Refuses bytes left over after the last field: they mean the two sides disagree on the layout. */
  expectEnd(what: string): void {
    if (this.pos !== this.end) {
      throw new DecodeError(ResultCode.ParseError, `${what}: ${this.end - this.pos} unexpected byte(s) after the last field`);
    }
  }
}

/** Appends fields in order; `finish()` returns the bytes written. */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  /** `capacity`: the initial buffer; it grows as needed, so this only saves copying. */
  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  get length(): number {
    return this.len;
  }

  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private check(v: number, max: number, what: string): void {
    checkUint(v, max, what);
  }

  u8(v: number, what: string): this {
    this.check(v, 0xff, what);
    this.grow(1);
    this.buf[this.len++] = v;
    return this;
  }

  u16(v: number, what: string): this {
    this.check(v, 0xffff, what);
    this.grow(2);
    this.buf[this.len++] = v >>> 8;
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u32(v: number, what: string): this {
    this.check(v, 0xffffffff, what);
    this.grow(4);
    this.buf[this.len++] = v >>> 24;
    this.buf[this.len++] = (v >>> 16) & 0xff;
    this.buf[this.len++] = (v >>> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  /** A u16 length followed by the UTF-8 bytes. */
  string(s: string, what: string): this {
    if (s.length === 0) return this.u16(0, `${what} length`);
    const raw = utf8Encoder.encode(s);
    if (raw.length > 0xffff) throw new RangeError(`${what} is ${raw.length} bytes of UTF-8; at most 65535 fit`);
    return this.u16(raw.length, `${what} length`).bytes(raw);
  }

  /** Overwrites a u16 written earlier (lengths known only at the end). */
  patchU16(at: number, v: number, what: string): void {
    this.check(v, 0xffff, what);
    this.buf[at] = v >>> 8;
    this.buf[at + 1] = v & 0xff;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
