/**
 * Packed BCD for the protocol's digit strings: two decimal digits a byte, high nibble
 * first, padded at the end with 0xF nibbles to a fixed width. Fixed widths keep the
 * frame layout independent of the value (GD/J 089 appendix D codes resources in BCD):
 *
 * | value                          | digits | bytes |
 * |--------------------------------|--------|-------|
 * | resource code (EBRID, GD/J 080)| 23     | 12    |
 * | area code (GB/T 2260 + 10114)  | 12     | 12 (a target field holds either) |
 * | EBMID                          | 35     | 18    |
 * | event type (GB/T 35561)        | 5      | 3     |
 *
 * All-0xF bytes encode "no value" (e.g. no broadcast playing).
 */
import { DecodeError, type ByteReader } from './bytes.ts';
import { ResultCode } from './codes.ts';

/** Bytes of a resource-code field (23 digits + one pad nibble). */
export const RESOURCE_CODE_BYTES = 12;
/** Bytes of an EBMID field (35 digits + one pad nibble). */
export const EBMID_BYTES = 18;
/** Bytes of an event-type field (5 digits + one pad nibble). */
export const EVENT_TYPE_BYTES = 3;

/**
 * Packs `digits` into `width` bytes, padding with 0xF. Throws `RangeError` naming
 * `what` when a character is not 0–9 or the digits do not fit.
 */
export function encodeBcd(digits: string, width: number, what: string): Uint8Array {
  const out = new Uint8Array(width);
  writeBcd(out, 0, digits, width, what);
  return out;
}

/** `encodeBcd` into `out` at `at` (no allocation: the frame encoder writes in place). */
export function writeBcd(out: Uint8Array, at: number, digits: string, width: number, what: string): void {
  if (!isDigits(digits)) {
    const bad = [...digits].findIndex((ch) => ch < '0' || ch > '9');
    throw new RangeError(`${what} must be decimal digits only; "${digits}" has ${JSON.stringify(digits[bad])} at position ${bad + 1}`);
  }
  if (digits.length > width * 2) throw new RangeError(`${what} has ${digits.length} digits; at most ${width * 2} fit in ${width} bytes`);
  out.fill(0xff, at, at + width);
  const n = digits.length;
  let i = 0;
  for (; i + 1 < n; i += 2) out[at + (i >> 1)] = ((digits.charCodeAt(i) - 48) << 4) | (digits.charCodeAt(i + 1) - 48);
  if (i < n) out[at + (i >> 1)] = ((digits.charCodeAt(i) - 48) << 4) | 0x0f;
}

/** True when every character is 0–9 (the empty string included), as `/^[0-9]*$/` but without a regex per field. */
function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Unpacks digits until the first 0xF nibble; every later nibble must be 0xF too.
 * Throws `DecodeError` (13 parse) on a nibble 0xA–0xE or a digit after the padding.
 */
export function decodeBcd(bytes: Uint8Array, what: string): string {
  return bcdAt(bytes, 0, bytes.length) ?? refuseBcd(bytes, what);
}

// Digits are staged as ASCII here and turned into one flat string, instead of one string per digit.
const scratch = Buffer.alloc(64);

/**
 * The digits of the well-formed BCD field `buf[start, end)`, or null when it is not
 * well formed (a nibble 0xA–0xE, a digit after the padding): the caller then asks
 * `refuseBcd` for the exact error. Allocates only the result string.
 */
export function bcdAt(buf: Uint8Array, start: number, end: number): string | null {
  if ((end - start) * 2 > scratch.length) return slowBcd(buf.subarray(start, end));
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9) return hi === 0x0f && lo === 0x0f && padOnly(buf, i + 1, end) ? scratch.toString('latin1', 0, n) : null;
    scratch[n++] = 48 + hi;
    if (lo > 9) return lo === 0x0f && padOnly(buf, i + 1, end) ? scratch.toString('latin1', 0, n) : null;
    scratch[n++] = 48 + lo;
  }
  return scratch.toString('latin1', 0, n);
}

function padOnly(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0xff) return false;
  return true;
}

/** Wider fields than the scratch holds (none in this protocol): the reference loop, null on bad input. */
function slowBcd(bytes: Uint8Array): string | null {
  try {
    return refuseBcd(bytes, '');
  } catch (err) {
    if (err instanceof DecodeError) return null;
    throw err;
  }
}

/**
 * The reference decoder: unpacks nibble by nibble and throws `DecodeError` (13 parse)
 * naming the first bad nibble. The fast path hands malformed fields here for the message.
 */
function refuseBcd(bytes: Uint8Array, what: string): string {
  let digits = '';
  let padded = false;
  for (let i = 0; i < bytes.length * 2; i++) {
    const nibble = i % 2 === 0 ? bytes[i >> 1]! >> 4 : bytes[i >> 1]! & 0x0f;
    if (nibble === 0x0f) {
      padded = true;
    } else if (nibble > 9) {
      throw new DecodeError(ResultCode.ParseError, `${what}: nibble 0x${nibble.toString(16).toUpperCase()} at digit ${i + 1} is not a BCD digit`);
    } else if (padded) {
      throw new DecodeError(ResultCode.ParseError, `${what}: digit after the 0xF padding at digit ${i + 1}`);
    } else {
      digits += String(nibble);
    }
  }
  return digits;
}

/** Throws `RangeError` unless `digits` has one of the allowed counts of decimal digits (strict writing). */
export function requireDigits(digits: string, counts: readonly number[], what: string): void {
  if (digits.length === 0 || !isDigits(digits) || !counts.includes(digits.length)) {
    throw new RangeError(`${what} must be ${counts.join(' or ')} decimal digits, got "${digits}"`);
  }
}

/** Reads a fixed-width BCD field and refuses it (13 parse) unless it has one of the allowed digit counts. */
export function decodeDigits(bytes: Uint8Array, counts: readonly number[], what: string): string {
  return digitsAt(bytes, 0, bytes.length, counts, what);
}

/** `decodeDigits` of `buf[start, end)` without copying the field out first. */
export function digitsAt(buf: Uint8Array, start: number, end: number, counts: readonly number[], what: string | (() => string)): string {
  const digits = bcdAt(buf, start, end);
  if (digits !== null && counts.includes(digits.length)) return digits;
  const name = typeof what === 'string' ? what : what();
  const checked = digits ?? refuseBcd(buf.subarray(start, end), name);
  throw new DecodeError(ResultCode.ParseError, `${name}: ${checked.length} digits ("${checked}"), expected ${counts.join(' or ')}`);
}

/** The next `width` bytes of `r` as BCD digits (`decodeBcd`), decoded in place. */
export function readBcd(r: ByteReader, width: number, what: string): string {
  const at = r.skip(width, what);
  return bcdAt(r.source, at, at + width) ?? refuseBcd(r.source.subarray(at, at + width), what);
}

/** The next `width` bytes of `r` as BCD with one of the allowed digit counts (`decodeDigits`), decoded in place. */
export function readDigits(r: ByteReader, width: number, counts: readonly number[], what: string | (() => string)): string {
  const at = r.remaining >= width ? r.skip(width, '') : r.skip(width, typeof what === 'string' ? what : what());
  return digitsAt(r.source, at, at + width, counts, what);
}
