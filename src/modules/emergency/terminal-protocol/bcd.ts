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
import { DecodeError } from './bytes.ts';
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
  if (!/^[0-9]*$/.test(digits)) {
    const bad = [...digits].findIndex((ch) => ch < '0' || ch > '9');
    throw new RangeError(`${what} must be decimal digits only; "${digits}" has ${JSON.stringify(digits[bad])} at position ${bad + 1}`);
  }
  if (digits.length > width * 2) throw new RangeError(`${what} has ${digits.length} digits; at most ${width * 2} fit in ${width} bytes`);
  const out = new Uint8Array(width).fill(0xff);
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    const byte = i >> 1;
    out[byte] = i % 2 === 0 ? (d << 4) | 0x0f : (out[byte]! & 0xf0) | d;
  }
  return out;
}

/**
 * Unpacks digits until the first 0xF nibble; every later nibble must be 0xF too.
 * Throws `DecodeError` (13 parse) on a nibble 0xA–0xE or a digit after the padding.
 */
export function decodeBcd(bytes: Uint8Array, what: string): string {
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
  if (!/^[0-9]+$/.test(digits) || !counts.includes(digits.length)) {
    throw new RangeError(`${what} must be ${counts.join(' or ')} decimal digits, got "${digits}"`);
  }
}

/** Reads a fixed-width BCD field and refuses it (13 parse) unless it has one of the allowed digit counts. */
export function decodeDigits(bytes: Uint8Array, counts: readonly number[], what: string): string {
  const digits = decodeBcd(bytes, what);
  if (!counts.includes(digits.length)) {
    throw new DecodeError(ResultCode.ParseError, `${what}: ${digits.length} digits ("${digits}"), expected ${counts.join(' or ')}`);
  }
  return digits;
}
