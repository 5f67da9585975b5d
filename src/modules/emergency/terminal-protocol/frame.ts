/**
 * The frame of the GD/J 089 appendix-D IP terminal protocol (TCP, binary), version
 * 0x0100. All integers big-endian (network order). Where appendix D, as our digest
 * records it, leaves a width or an order open, the choice made here is marked "ours".
 *
 * | offset    | bytes | field                 | value / meaning                                          |
 * |-----------|-------|-----------------------|----------------------------------------------------------|
 * | 0         | 2     | header                | 0xFEFD                                                   |
 * | 2         | 2     | version               | 0x0100                                                   |
 * | 4         | 4     | session id            | u32, increasing per sender; a response echoes it         |
 * | 8         | 1     | packet type           | 1 request, 2 response                                    |
 * | 9         | 1     | signature flag        | 0 unsigned, 1 signature trailer present                  |
 * | 10        | 2     | length                | u16, whole frame: header byte 0 through the CRC (ours)   |
 * | 12        | 12    | source resource code  | 23-digit EBRID, packed BCD, 0xF pad                      |
 * | 24        | 2     | target count N        | u16 (ours)                                               |
 * | 26        | 12·N  | target codes          | each a 23-digit EBRID or a 12-digit area code, BCD, 0xF pad |
 * | 26+12N    | 1     | business type         | see codes.ts BusinessType                                |
 * | 27+12N    | 2     | content length L      | u16 (ours: lets the trailer be found without the type)   |
 * | 29+12N    | L     | content               | business.ts                                              |
 * | if signed | 2     | signature length      | 74 (ours; 64 accepted when reading, see LAYOUTS)         |
 * |           | 4     | signature time        | u32 UTC seconds  ┐                                       |
 * |           | 6     | certificate serial    | 48 bits          ├ the GD/J 081 74-byte signature value  |
 * |           | 64    | signature             | SM2 r‖s          ┘                                       |
 * | length-4  | 4     | CRC32                 | IEEE (zlib) over bytes [0, length-4)                     |
 *
 * Signed bytes: [0, 29+12N+L), header through content. The header's length and flag are
 * inside, so a signature can be neither stripped nor moved to another frame; the trailer
 * and the CRC are outside. The signer binds SigTime and the serial into its SM2 value as
 * GD/J 081 prescribes; the codec only carries the 74 bytes.
 *
 * Decoding checks in this order: header (13), version (12), length (13), CRC (15), body (13).
 */
import { ByteReader, DecodeError, checkUint, decodeFailure } from './bytes.ts';
import { RESOURCE_CODE_BYTES, readDigits, requireDigits, writeBcd } from './bcd.ts';
import { PacketType, ResultCode, type DecodeFailure } from './codes.ts';
import { crc32 } from './crc32.ts';

/** The frame header's first two bytes (GD/J 089 appendix D). */
export const FRAME_MAGIC = 0xfefd;
/** Protocol version 1.0, the one GD/J 089 appendix D defines. */
export const PROTOCOL_VERSION_1_0 = 0x0100;
/** The version this codec writes. */
export const PROTOCOL_VERSION = PROTOCOL_VERSION_1_0;
/** Bytes before the body: header, version, session id, packet type, signature flag, length. */
export const HEADER_BYTES = 12;
/** The GD/J 081 signature value: SigTime (4) ‖ certificate serial (6) ‖ SM2 r‖s (64). */
export const SIGNATURE_VALUE_BYTES = 74;
/** The smallest v1.0 frame: header, source, target count, business type, content length, CRC. */
export const MIN_FRAME_BYTES = HEADER_BYTES + RESOURCE_CODE_BYTES + 2 + 1 + 2 + 4;
/** The length field is a u16, so no frame is longer; callers may set a lower limit. */
export const MAX_FRAME_BYTES = 0xffff;

/**
 * What differs between versions. A field system's variant is one more entry in LAYOUTS:
 * reading accepts every registered version, writing uses PROTOCOL_VERSION unless told.
 */
interface FrameLayout {
  /** Signature-length values accepted when reading; the first is the one written. */
  readonly signatureLengths: readonly number[];
}

const LAYOUTS: ReadonlyMap<number, FrameLayout> = new Map([
  // Some field terminals count only r‖s (64) in the signature-length field; the 74-byte
  // trailer that follows is the same, so accept both and write 74.
  [PROTOCOL_VERSION_1_0, { signatureLengths: [SIGNATURE_VALUE_BYTES, 64] }],
]);

/** One frame as the application sees it; the version, flag, lengths and CRC are the codec's business. */
export interface Frame {
  /** u32; requests count up per sender, a response echoes the request's. */
  sessionId: number;
  packetType: PacketType;
  /** The sender's 23-digit resource code (EBRID). */
  source: string;
  /** 23-digit resource codes and/or 12-digit area codes; may be empty. */
  targets: readonly string[];
  /** codes.ts BusinessType; the codec passes unknown values through for business.ts to refuse. */
  businessType: number;
  /** The business content, encoded by business.ts. */
  content: Uint8Array;
}

/** A frame read off the wire: the application fields plus the version it came in. */
export interface DecodedFrame extends Frame {
  version: number;
}

/** The signature trailer of a decoded frame, parsed and raw. */
export interface FrameSignature {
  /** The 74-byte GD/J 081 signature value, exactly as received, for the verifier. */
  value: Uint8Array;
  /** u32 UTC seconds (check freshness: the anti-replay window is the caller's). */
  sigTime: number;
  /** The 48-bit certificate serial, 12 upper-case hex digits (as in the XML signatures). */
  certSerial: string;
  /** The SM2 signature r‖s, 64 bytes. */
  rs: Uint8Array;
}

/** Produces the 74-byte GD/J 081 signature value over `bytesToSign` (SM2 with SM3, in the crypto module or a hardware key). */
export type FrameSigner = (bytesToSign: Uint8Array) => Promise<Uint8Array>;

/** A refused frame. `sessionId` and `packetType` are set once the header was readable, so a terminal can answer. */
export interface FrameDecodeFailure extends DecodeFailure {
  sessionId?: number;
  packetType?: number;
}

/** The decoded frame, the exact bytes its signature covers, and the signature (null if unsigned). */
export interface FrameDecodeSuccess {
  ok: true;
  frame: DecodedFrame;
  signedBytes: Uint8Array;
  signature: FrameSignature | null;
}

export type FrameDecodeResult = FrameDecodeSuccess | FrameDecodeFailure;

/**
 * Encodes `frame`; with `sign`, sets the flag and appends the trailer. Throws
 * `RangeError` on a value that cannot be written (strict writing), and `Error` when the
 * signer does not return 74 bytes.
 */
export async function encodeFrame(frame: Frame, sign?: FrameSigner, version: number = PROTOCOL_VERSION): Promise<Uint8Array> {
  if (!sign) return encodeUnsignedFrame(frame, version);
  const { out, signedEnd, layout } = layOut(frame, true, version);
  // The signer gets its own copy: it may keep it or hand it to a worker.
  const value = await sign(out.slice(0, signedEnd));
  if (!(value instanceof Uint8Array) || value.length !== SIGNATURE_VALUE_BYTES) {
    throw new Error(`the signer must return the ${SIGNATURE_VALUE_BYTES}-byte GD/J 081 value, got ${value instanceof Uint8Array ? `${value.length} bytes` : typeof value}`);
  }
  putU16(out, signedEnd, layout.signatureLengths[0]!);
  out.set(value, signedEnd + 2);
  const crcAt = signedEnd + 2 + SIGNATURE_VALUE_BYTES;
  putU32(out, crcAt, crc32(out, 0, crcAt));
  return out;
}

/** Encodes an unsigned frame (responses: the back channel carries a CRC only) at once; throws as `encodeFrame` does. */
export function encodeUnsignedFrame(frame: Frame, version: number = PROTOCOL_VERSION): Uint8Array {
  const { out, signedEnd } = layOut(frame, false, version);
  putU32(out, signedEnd, crc32(out, 0, signedEnd));
  return out;
}

/**
 * A copy of an encoded unsigned frame under another session id, and optionally another
 * source (its 12 packed BCD bytes, `encodeBcd(ebrid, RESOURCE_CODE_BYTES)`), the CRC
 * written anew: one sender's answers differ in nothing else, nor do many senders' same
 * answer. A signed frame cannot be re-addressed so, its signature covers both: RangeError.
 */
export function withSessionId(frame: Uint8Array, sessionId: number, sourceBcd?: Uint8Array): Buffer {
  if (frame[9] !== 0) throw new RangeError('a signed frame keeps its session id (the signature covers it)');
  checkUint(sessionId, 0xffffffff, 'session id');
  if (sourceBcd && sourceBcd.length !== RESOURCE_CODE_BYTES) throw new RangeError(`a source is ${RESOURCE_CODE_BYTES} BCD bytes`);
  // From Node's pool of small buffers: no memory of its own per answer, and a socket writes it as it is.
  const out = Buffer.allocUnsafe(frame.length);
  out.set(frame);
  putU32(out, 4, sessionId);
  if (sourceBcd) out.set(sourceBcd, HEADER_BYTES);
  const crcAt = out.length - 4;
  putU32(out, crcAt, crc32(out, 0, crcAt));
  return out;
}

/** The frame's bytes up to the signature (room left for the trailer when `signed`, and for the CRC). */
function layOut(frame: Frame, signed: boolean, version: number): { out: Uint8Array; signedEnd: number; layout: FrameLayout } {
  const layout = LAYOUTS.get(version);
  if (!layout) throw new RangeError(`protocol version 0x${version.toString(16).padStart(4, '0')} is not registered`);
  if (frame.packetType !== PacketType.Request && frame.packetType !== PacketType.Response) {
    throw new RangeError(`packet type must be 1 (request) or 2 (response), got ${String(frame.packetType)}`);
  }
  requireDigits(frame.source, [23], 'source resource code');
  const targets = frame.targets;
  for (let i = 0; i < targets.length; i++) requireDigits(targets[i]!, [23, 12], `target ${i + 1}`);

  // Every width is known up front: check the values in the order the fields are written,
  // then write them into one buffer of the exact size (no growing, no copies).
  checkUint(frame.sessionId, 0xffffffff, 'session id');
  checkUint(targets.length, 0xffff, 'target count');
  checkUint(frame.businessType, 0xff, 'business type');
  checkUint(frame.content.length, 0xffff, 'content length');
  const contentAt = HEADER_BYTES + RESOURCE_CODE_BYTES + 2 + targets.length * RESOURCE_CODE_BYTES + 3;
  const signedEnd = contentAt + frame.content.length;
  const total = signedEnd + (signed ? 2 + SIGNATURE_VALUE_BYTES : 0) + 4;
  if (total > MAX_FRAME_BYTES) throw new RangeError(`frame would be ${total} bytes; the u16 length field allows ${MAX_FRAME_BYTES}`);

  const out = new Uint8Array(total);
  putU16(out, 0, FRAME_MAGIC);
  putU16(out, 2, version);
  putU32(out, 4, frame.sessionId);
  out[8] = frame.packetType;
  out[9] = signed ? 1 : 0;
  putU16(out, 10, total);
  writeBcd(out, HEADER_BYTES, frame.source, RESOURCE_CODE_BYTES, 'source resource code');
  let at = HEADER_BYTES + RESOURCE_CODE_BYTES;
  putU16(out, at, targets.length);
  at += 2;
  for (const t of targets) {
    writeBcd(out, at, t, RESOURCE_CODE_BYTES, 'target code');
    at += RESOURCE_CODE_BYTES;
  }
  out[at] = frame.businessType;
  putU16(out, at + 1, frame.content.length);
  out.set(frame.content, contentAt);
  return { out, signedEnd, layout };
}

function putU16(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 8;
  out[at + 1] = v & 0xff;
}

function putU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

/** Options of {@link decodeFrame}. */
export interface DecodeFrameOptions {
  maxFrameBytes?: number;
  /** The bytes come from a FrameSplitter, which checked the CRC already: not computed again. */
  crcChecked?: boolean;
}

/**
 * Decodes exactly one frame. Never throws on bad input: returns a failure with the
 * result code a terminal answers with (12 version, 13 parse, 15 CRC).
 */
export function decodeFrame(buf: Uint8Array, options?: DecodeFrameOptions): FrameDecodeResult {
  const maxFrameBytes = options?.maxFrameBytes ?? MAX_FRAME_BYTES;
  const crcChecked = options?.crcChecked === true;
  if (buf.length >= HEADER_BYTES && ((buf[0]! << 8) | buf[1]!) === FRAME_MAGIC) {
    // The header is readable: a failure carries its session id and packet type, so a terminal can answer.
    const sessionId = ((buf[4]! << 24) | (buf[5]! << 16) | (buf[6]! << 8) | buf[7]!) >>> 0;
    const packetType = buf[8]!;
    try {
      return readFrame(buf, maxFrameBytes, sessionId, packetType, crcChecked);
    } catch (err) {
      return { ...decodeFailure(err), sessionId, packetType };
    }
  }
  // Inline rather than guardDecode: this runs once per frame, a closure per call is measurable.
  try {
    if (buf.length < HEADER_BYTES) throw new DecodeError(ResultCode.ParseError, `truncated: ${buf.length} byte(s), the header alone is ${HEADER_BYTES}`);
    throw new DecodeError(ResultCode.ParseError, `header is 0x${hex16((buf[0]! << 8) | buf[1]!)}, expected 0xFEFD`);
  } catch (err) {
    return decodeFailure(err);
  }
}

/** The frame after its header fields 0..8 (magic checked); throws `DecodeError`. */
function readFrame(buf: Uint8Array, maxFrameBytes: number, sessionId: number, packetType: number, crcChecked: boolean): FrameDecodeSuccess {
  const version = (buf[2]! << 8) | buf[3]!;
  const layout = LAYOUTS.get(version);
  if (!layout) throw new DecodeError(ResultCode.VersionNotSupported, `version 0x${hex16(version)} is not supported (0x${hex16(PROTOCOL_VERSION)} is)`);
  if (packetType !== PacketType.Request && packetType !== PacketType.Response) {
    throw new DecodeError(ResultCode.ParseError, `packet type ${packetType}, expected 1 (request) or 2 (response)`);
  }
  const signed = buf[9]!;
  if (signed > 1) throw new DecodeError(ResultCode.ParseError, `signature flag ${signed}, expected 0 or 1`);
  const length = (buf[10]! << 8) | buf[11]!;
  const minimum = MIN_FRAME_BYTES + (signed ? 2 + SIGNATURE_VALUE_BYTES : 0);
  if (length < minimum) throw new DecodeError(ResultCode.ParseError, `length field ${length} is below the minimum ${minimum}`);
  if (length > maxFrameBytes) throw new DecodeError(ResultCode.ParseError, `length field ${length} exceeds the limit of ${maxFrameBytes} bytes`);
  if (buf.length < length) throw new DecodeError(ResultCode.ParseError, `truncated: ${buf.length} byte(s) of a ${length}-byte frame`);
  if (buf.length > length) throw new DecodeError(ResultCode.ParseError, `${buf.length - length} byte(s) after the ${length}-byte frame`);

  // CRC before the body: a damaged body must be answered with 15, not with a parse error.
  const crcAt = length - 4;
  const expected = ((buf[crcAt]! << 24) | (buf[crcAt + 1]! << 16) | (buf[crcAt + 2]! << 8) | buf[crcAt + 3]!) >>> 0;
  const actual = crcChecked ? expected : crc32(buf, 0, crcAt);
  if (expected !== actual) throw new DecodeError(ResultCode.CrcError, `CRC32 is 0x${hex32(expected)}, the bytes give 0x${hex32(actual)}`);

  const body = new ByteReader(buf, HEADER_BYTES, crcAt);
  const source = readDigits(body, RESOURCE_CODE_BYTES, SOURCE_DIGITS, 'source resource code');
  const targetCount = body.u16('target count');
  // Bound the count by the bytes present before allocating anything for it.
  if (targetCount * RESOURCE_CODE_BYTES > body.remaining) {
    throw new DecodeError(ResultCode.ParseError, `target count ${targetCount} needs ${targetCount * RESOURCE_CODE_BYTES} bytes, only ${body.remaining} left`);
  }
  const targets: string[] = [];
  for (let i = 0; i < targetCount; i++) {
    targets.push(readDigits(body, RESOURCE_CODE_BYTES, TARGET_DIGITS, () => `target ${i + 1}`));
  }
  const businessType = body.u8('business type');
  const contentLength = body.u16('content length');
  const contentAt = body.skip(contentLength, 'content');
  // One copy serves both: the content is a view into the frame's own signed bytes, never into `buf`.
  const signedBytes = buf.slice(0, body.offset);
  const content = signedBytes.subarray(contentAt, contentAt + contentLength);
  const signature = signed ? readSignature(body, layout) : null;
  if (body.remaining !== 0) body.expectEnd(signed ? 'signature trailer' : 'content (signature flag is 0)');
  return { ok: true, frame: { version, sessionId, packetType, source, targets, businessType, content }, signedBytes, signature };
}

const SOURCE_DIGITS = [23];
const TARGET_DIGITS = [23, 12];

function readSignature(r: ByteReader, layout: FrameLayout): FrameSignature {
  const declared = r.u16('signature length');
  if (!layout.signatureLengths.includes(declared)) {
    throw new DecodeError(ResultCode.ParseError, `signature length ${declared}, expected ${layout.signatureLengths.join(' or ')}`);
  }
  const value = r.bytes(SIGNATURE_VALUE_BYTES, 'signature');
  const sigTime = ((value[0]! << 24) | (value[1]! << 16) | (value[2]! << 8) | value[3]!) >>> 0;
  let certSerial = '';
  for (let i = 4; i < 10; i++) certSerial += HEX_BYTE[value[i]!]!;
  // `rs` is a view into `value`, which is this result's own copy.
  return { value, sigTime, certSerial, rs: value.subarray(10, SIGNATURE_VALUE_BYTES) };
}

/** Upper-case two-digit hex per byte value. */
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));

/** The session id after `previous`: u32, wrapping past 0xFFFFFFFF to 1 (0 is never used, so it can mean "none"). */
export function nextSessionId(previous: number): number {
  return previous >= 0xffffffff ? 1 : previous + 1;
}

function hex16(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

function hex32(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}
