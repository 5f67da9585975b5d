/**
 * Cuts a TCP byte stream into GD/J 089 appendix-D frames. TCP keeps no message
 * boundaries: a frame may arrive in pieces, several may arrive in one chunk, and a
 * confused peer or a line fault may send garbage. The framer:
 *
 * - scans for the 0xFEFD header and reports the bytes it skips;
 * - takes a header as real only if its packet type (1|2), signature flag (0|1) and
 *   length (at least the minimum frame) are plausible, else skips one byte and scans on;
 * - refuses a declared length above `maxFrameBytes` at once, without waiting for the
 *   bytes (no memory bomb), and scans on from inside it;
 * - checks the CRC before handing a frame out; on a mismatch it reports the frame as
 *   invalid (15, with the session id so a terminal can answer) and scans on from inside
 *   it, so a false header in garbage cannot swallow the real frames that follow.
 *
 * Buffered bytes never exceed `maxFrameBytes` plus the last chunk. A false header
 * with a plausible length makes the framer wait for that many bytes; the connection's
 * idle timeout (the caller's) bounds that wait.
 */
import { PacketType, ResultCode } from './codes.ts';
import { crc32 } from './crc32.ts';
import { FRAME_MAGIC, HEADER_BYTES, MAX_FRAME_BYTES, MIN_FRAME_BYTES, SIGNATURE_VALUE_BYTES, type FrameDecodeFailure } from './frame.ts';

const MAGIC_HI = FRAME_MAGIC >> 8;
const MAGIC_LO = FRAME_MAGIC & 0xff;

/** What the framer found in the bytes pushed so far. */
export type FramerEvent =
  /** A complete frame whose CRC checks out; pass it to decodeFrame. May be the pushed chunk itself (the framer keeps no reference to either). */
  | { kind: 'frame'; bytes: Uint8Array }
  /** Bytes dropped while looking for a header. */
  | { kind: 'skipped'; byteCount: number }
  /** A header whose frame was refused (13 too long, 15 CRC); scanning went on inside it. */
  | { kind: 'invalid'; failure: FrameDecodeFailure };

/** Options of a framer. */
export interface FramerOptions {
  /** Largest frame accepted; default and ceiling 65535 (the u16 length field). */
  maxFrameBytes?: number;
}

/** A stateful splitter for one TCP connection. Push each chunk as it arrives. */
export class FrameSplitter {
  private readonly maxFrameBytes: number;
  private buf = new Uint8Array(1024);
  private start = 0;
  private end = 0;

  constructor(options: FramerOptions = {}) {
    this.maxFrameBytes = Math.min(options.maxFrameBytes ?? MAX_FRAME_BYTES, MAX_FRAME_BYTES);
    if (!(this.maxFrameBytes >= MIN_FRAME_BYTES)) throw new RangeError(`maxFrameBytes must be at least ${MIN_FRAME_BYTES}`);
  }

  /** Bytes held while waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.end - this.start;
  }

  /** Appends `chunk` and returns what it completed, in stream order. Never throws on any input. */
  push(chunk: Uint8Array): FramerEvent[] {
    // The usual case, a chunk that is exactly one whole frame with nothing held before it:
    // the chunk itself is the frame (no copy into the buffer and out again).
    if (this.start === this.end && this.isWholeFrame(chunk)) return [{ kind: 'frame', bytes: chunk }];
    this.append(chunk);
    const events: FramerEvent[] = [];
    let skipped = 0;
    const b = this.buf;
    for (;;) {
      const at = this.findMagic();
      if (at < 0) {
        // Keep a trailing 0xFE: it may be the first half of a header.
        const keep = this.end > this.start && b[this.end - 1] === MAGIC_HI ? 1 : 0;
        skipped += this.end - keep - this.start;
        this.start = this.end - keep;
        break;
      }
      skipped += at - this.start;
      this.start = at;
      if (this.end - at < HEADER_BYTES) break;

      const packetType = b[at + 8]!;
      const length = (b[at + 10]! << 8) | b[at + 11]!;
      if (!plausibleHeader(b, at)) {
        skipped += 1;
        this.start += 1;
        continue;
      }
      const sessionId = ((b[at + 4]! << 24) | (b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!) >>> 0;
      if (length > this.maxFrameBytes) {
        skipped = flushSkipped(events, skipped);
        events.push({ kind: 'invalid', failure: { ok: false, code: ResultCode.ParseError, message: `declared length ${length} exceeds the limit of ${this.maxFrameBytes} bytes`, sessionId, packetType } });
        this.start += 2;
        continue;
      }
      if (this.end - at < length) break;

      if (!crcHolds(b, at, length)) {
        skipped = flushSkipped(events, skipped);
        events.push({ kind: 'invalid', failure: { ok: false, code: ResultCode.CrcError, message: `CRC32 mismatch in a ${length}-byte frame`, sessionId, packetType } });
        this.start += 2;
        continue;
      }
      skipped = flushSkipped(events, skipped);
      events.push({ kind: 'frame', bytes: b.slice(at, at + length) });
      this.start = at + length;
    }
    flushSkipped(events, skipped);
    return events;
  }

  /** `chunk` is one whole frame, header to CRC, no more and no less, within the size limit. */
  private isWholeFrame(chunk: Uint8Array): boolean {
    if (chunk.length < HEADER_BYTES || chunk[0] !== MAGIC_HI || chunk[1] !== MAGIC_LO || !plausibleHeader(chunk, 0)) return false;
    const length = (chunk[10]! << 8) | chunk[11]!;
    return length === chunk.length && length <= this.maxFrameBytes && crcHolds(chunk, 0, length);
  }

  /** Drops everything buffered (e.g. after the connection was reset). */
  reset(): void {
    this.start = 0;
    this.end = 0;
  }

  private findMagic(): number {
    for (let i = this.start; i + 1 < this.end; i++) {
      if (this.buf[i] === MAGIC_HI && this.buf[i + 1] === MAGIC_LO) return i;
    }
    return -1;
  }

  /** Appends with amortized O(1) copying: compacts first, grows by doubling only when needed. */
  private append(chunk: Uint8Array): void {
    const held = this.end - this.start;
    if (this.end + chunk.length > this.buf.length) {
      if (held + chunk.length > this.buf.length) {
        const grown = new Uint8Array(Math.max(this.buf.length * 2, held + chunk.length));
        grown.set(this.buf.subarray(this.start, this.end));
        this.buf = grown;
      } else {
        this.buf.copyWithin(0, this.start, this.end);
      }
      this.start = 0;
      this.end = held;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }
}

/** Packet type 1|2, signature flag 0|1, and a length at least the minimum frame (with its trailer when signed). */
function plausibleHeader(b: Uint8Array, at: number): boolean {
  const packetType = b[at + 8]!;
  const signed = b[at + 9]!;
  const length = (b[at + 10]! << 8) | b[at + 11]!;
  return (packetType === PacketType.Request || packetType === PacketType.Response)
    && (signed === 0 || signed === 1)
    && length >= MIN_FRAME_BYTES + (signed ? 2 + SIGNATURE_VALUE_BYTES : 0);
}

/** The frame of `length` bytes at `at` ends with the CRC32 of what precedes it. */
function crcHolds(b: Uint8Array, at: number, length: number): boolean {
  const crcAt = at + length - 4;
  const expected = ((b[crcAt]! << 24) | (b[crcAt + 1]! << 16) | (b[crcAt + 2]! << 8) | b[crcAt + 3]!) >>> 0;
  return crc32(b, at, crcAt) === expected;
}

/** Reports the bytes skipped so far, if any; returns the new count (0). */
function flushSkipped(events: FramerEvent[], skipped: number): number {
  if (skipped > 0) events.push({ kind: 'skipped', byteCount: skipped });
  return 0;
}
