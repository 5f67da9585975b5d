/**
 * Business contents of the GD/J 089 appendix-D IP terminal protocol: what a frame's
 * content holds for each business type. Integers big-endian; strings are u16 length ‖
 * UTF-8; digit strings are fixed-width BCD (bcd.ts). Widths and orders are ours where
 * the digest of appendix D leaves them open.
 *
 * Requests:
 * | type | content                                                                                          |
 * |------|--------------------------------------------------------------------------------------------------|
 * | 0x01 start broadcast | EBMID 18 ‖ broadcast type 1 ‖ event level 1 ‖ event type 3 (5-digit BCD) ‖ volume 1 (0–100, 0xFF unchanged) ‖ start u32 UTC ‖ end u32 UTC (0: until stopped) ‖ audio kind 1 ‖ URL (u16 ‖ UTF-8) |
 * | 0x02 stop broadcast  | EBMID 18                                                                           |
 * | 0x10 heartbeat       | state 1 (1 idle, 2 playing, 3 fault) ‖ EBMID playing 18 (all 0xFF: none) ‖ volume 1 |
 * | 0x11 query           | empty                                                                              |
 * | 0x12 set parameters  | TLV list (parameters.ts)                                                           |
 * | 0x17 certificate authorization | u16 count ‖ count × (serial 6 ‖ key length u16 ‖ SM2 public key, 65 bytes 04‖x‖y) |
 *
 * Responses, every type: result code 1 ‖ description (u16 ‖ UTF-8, may be empty) ‖ payload.
 * Only a 0x11 query answered with result 0 has a payload: state 1 ‖ volume 1 ‖ firmware
 * (string) ‖ resource code 12 (23-digit BCD) ‖ physical id (string).
 *
 * Reading refuses malformed bytes with 13, an absent required value with 14, a bad
 * certificate with 52 and a well-formed but illegal value with 58; one rule set
 * (`*Problem`) serves writing (RangeError) and reading.
 */
import { ByteReader, ByteWriter, DecodeError, decodeFailure } from './bytes.ts';
import { EBMID_BYTES, EVENT_TYPE_BYTES, RESOURCE_CODE_BYTES, encodeBcd, readBcd, readDigits, requireDigits } from './bcd.ts';
import { BusinessType, ResultCode, type DecodeFailure } from './codes.ts';
import { decodeParameters, encodeParameters, type TerminalParameters } from './parameters.ts';
import { requestProblem, statusProblem } from './rules.ts';

export { AudioKind, BroadcastType, EventLevel, TerminalState, VOLUME_UNCHANGED } from './rules.ts';

/** 0x01: play a broadcast. Times are u32 UTC seconds. */
export interface StartBroadcastRequest {
  type: typeof BusinessType.StartBroadcast;
  /** 35 digits: platform EBRID + YYYYMMDD + 4-digit sequence. */
  ebmId: string;
  /** BroadcastType: 1–3 drills, 4 emergency, 5 daily. */
  broadcastType: number;
  /** EventLevel 1 (red, I) .. 4 (blue, IV). */
  eventLevel: number;
  /** 5-digit GB/T 35561 event type, e.g. 10201 typhoon. */
  eventType: string;
  /** 0–100, or VOLUME_UNCHANGED. */
  volume: number;
  startTime: number;
  /** null: play until a stop command (written as 0). */
  endTime: number | null;
  audio: { kind: number; url: string };
}

/** 0x02: stop the broadcast with this EBMID. */
export interface StopBroadcastRequest {
  type: typeof BusinessType.StopBroadcast;
  ebmId: string;
}

/** 0x10: the terminal's periodic report. */
export interface HeartbeatRequest {
  type: typeof BusinessType.Heartbeat;
  state: number;
  /** The EBMID being played, null when none. */
  playingEbmId: string | null;
  volume: number;
}

/** 0x11: ask the terminal for its status. */
export interface QueryRequest {
  type: typeof BusinessType.Query;
}

/** 0x12: change parameters; absent ones stay. */
export interface SetParametersRequest {
  type: typeof BusinessType.SetParameters;
  parameters: TerminalParameters;
  /** Reading only: TLV tags this codec skipped. */
  unknownTags?: number[];
}

/** One trusted signing certificate: its 48-bit serial and SM2 public key. */
export interface AuthorizedCertificate {
  /** 12 hex digits. */
  serial: string;
  /** 65 bytes, uncompressed point 04‖x‖y. */
  publicKey: Uint8Array;
}

/** 0x17: the full list of certificates whose signatures the terminal accepts (it replaces the old list). */
export interface CertificateAuthorizationRequest {
  type: typeof BusinessType.CertificateAuthorization;
  certificates: AuthorizedCertificate[];
}

export type BusinessRequest =
  | StartBroadcastRequest
  | StopBroadcastRequest
  | HeartbeatRequest
  | QueryRequest
  | SetParametersRequest
  | CertificateAuthorizationRequest;

/** What a 0x11 query response reports. */
export interface TerminalStatus {
  state: number;
  volume: number;
  firmware: string;
  /** The terminal's logical 23-digit resource code (assignable). */
  resourceCode: string;
  /** The terminal's fixed physical id, as the vendor writes it. */
  physicalId: string;
}

/** A response: the result code (any u8 when read: vendors add codes) and a description. */
export type BusinessResponse =
  | { type: typeof BusinessType.Query; result: number; description: string; status: TerminalStatus | null }
  | { type: Exclude<BusinessType, typeof BusinessType.Query>; result: number; description: string };

/** Encodes a request's content. Throws `RangeError` on an illegal value (strict writing). */
export function encodeRequest(req: BusinessRequest): { businessType: BusinessType; content: Uint8Array } {
  const problem = requestProblem(req);
  if (problem) throw new RangeError(problem);
  const w = new ByteWriter();
  switch (req.type) {
    case BusinessType.StartBroadcast:
      w.bytes(ebmIdBytes(req.ebmId)).u8(req.broadcastType, 'broadcast type').u8(req.eventLevel, 'event level');
      requireDigits(req.eventType, [5], 'event type');
      w.bytes(encodeBcd(req.eventType, EVENT_TYPE_BYTES, 'event type')).u8(req.volume, 'volume');
      w.u32(req.startTime, 'start time').u32(req.endTime ?? 0, 'end time');
      w.u8(req.audio.kind, 'audio kind').string(req.audio.url, 'audio URL');
      break;
    case BusinessType.StopBroadcast:
      w.bytes(ebmIdBytes(req.ebmId));
      break;
    case BusinessType.Heartbeat:
      w.u8(req.state, 'state').bytes(req.playingEbmId === null ? new Uint8Array(EBMID_BYTES).fill(0xff) : ebmIdBytes(req.playingEbmId));
      w.u8(req.volume, 'volume');
      break;
    case BusinessType.Query:
      break;
    case BusinessType.SetParameters:
      w.bytes(encodeParameters(req.parameters));
      break;
    case BusinessType.CertificateAuthorization:
      w.u16(req.certificates.length, 'certificate count');
      for (const c of req.certificates) w.bytes(Buffer.from(c.serial, 'hex')).u16(c.publicKey.length, 'public key length').bytes(c.publicKey);
      break;
  }
  return { businessType: req.type, content: w.finish() };
}

/** Decodes a request's content. Never throws on bad input. */
export function decodeRequest(businessType: number, content: Uint8Array): { ok: true; request: BusinessRequest } | DecodeFailure {
  // Inline rather than guardDecode, and names built only on failure: this runs per frame.
  try {
    const r = new ByteReader(content);
    const request = readRequest(businessType, r);
    if (r.remaining !== 0) r.expectEnd(`business type 0x${businessType.toString(16)} content`);
    const problem = requestProblem(request, true);
    if (problem) throw new DecodeError(ResultCode.IllegalContent, problem);
    return { ok: true as const, request };
  } catch (err) {
    return decodeFailure(err);
  }
}

function readRequest(businessType: number, r: ByteReader): BusinessRequest {
  switch (businessType) {
    case BusinessType.StartBroadcast: {
      const ebmId = readEbmId(r, 'EBMID');
      const broadcastType = r.u8('broadcast type');
      const eventLevel = r.u8('event level');
      const eventType = readDigits(r, EVENT_TYPE_BYTES, EVENT_TYPE_DIGITS, 'event type');
      const volume = r.u8('volume');
      const startTime = r.u32('start time');
      const end = r.u32('end time');
      const kind = r.u8('audio kind');
      const url = r.string('audio URL');
      if (url.length === 0) throw new DecodeError(ResultCode.MissingParameter, 'start broadcast has no audio URL');
      return { type: businessType, ebmId, broadcastType, eventLevel, eventType, volume, startTime, endTime: end === 0 ? null : end, audio: { kind, url } };
    }
    case BusinessType.StopBroadcast:
      return { type: businessType, ebmId: readEbmId(r, 'EBMID') };
    case BusinessType.Heartbeat: {
      const state = r.u8('state');
      const playing = readBcd(r, EBMID_BYTES, 'playing EBMID');
      if (playing !== '' && playing.length !== 35) throw new DecodeError(ResultCode.ParseError, `playing EBMID: ${playing.length} digits, expected 35 or none`);
      return { type: businessType, state, playingEbmId: playing === '' ? null : playing, volume: r.u8('volume') };
    }
    case BusinessType.Query:
      return { type: businessType };
    case BusinessType.SetParameters: {
      const { parameters, unknownTags } = decodeParameters(r.bytes(r.remaining, 'parameters'));
      return { type: businessType, parameters, unknownTags };
    }
    case BusinessType.CertificateAuthorization:
      return { type: businessType, certificates: readCertificates(r) };
    default:
      throw new DecodeError(ResultCode.ParseError, `business type 0x${businessType.toString(16)} is not defined`);
  }
}

const EVENT_TYPE_DIGITS = [5];
const RESOURCE_CODE_DIGITS = [23];

function readCertificates(r: ByteReader): AuthorizedCertificate[] {
  const count = r.u16('certificate count');
  if (count === 0) throw new DecodeError(ResultCode.MissingParameter, 'certificate authorization lists no certificate');
  const certificates: AuthorizedCertificate[] = [];
  for (let i = 0; i < count; i++) {
    const serial = Buffer.from(r.bytes(6, `certificate ${i + 1} serial`)).toString('hex').toUpperCase();
    let publicKey = r.bytes(r.u16(`certificate ${i + 1} key length`), `certificate ${i + 1} public key`);
    // Lenient: some field systems send the bare x‖y; normalize to the uncompressed point.
    if (publicKey.length === 64) publicKey = Uint8Array.of(0x04, ...publicKey);
    if (publicKey.length !== 65 || publicKey[0] !== 0x04) {
      throw new DecodeError(ResultCode.IllegalCertificate, `certificate ${serial}: public key must be 65 bytes starting 0x04 (or 64 bytes x‖y)`);
    }
    certificates.push({ serial, publicKey });
  }
  return certificates;
}

/** Encodes a response's content. Throws `RangeError` on an illegal value. */
export function encodeResponse(res: BusinessResponse): { businessType: BusinessType; content: Uint8Array } {
  // Most responses are a result code and a short description: start small.
  const w = new ByteWriter(64).u8(res.result, 'result code').string(res.description, 'description');
  if (res.type === BusinessType.Query && res.result === ResultCode.Ok) {
    if (!res.status) throw new RangeError('a successful query response must carry the terminal status');
    const problem = statusProblem(res.status);
    if (problem) throw new RangeError(problem);
    const s = res.status;
    requireDigits(s.resourceCode, [23], 'resource code');
    w.u8(s.state, 'state').u8(s.volume, 'volume').string(s.firmware, 'firmware');
    w.bytes(encodeBcd(s.resourceCode, RESOURCE_CODE_BYTES, 'resource code')).string(s.physicalId, 'physical id');
  }
  return { businessType: res.type, content: w.finish() };
}

/** Decodes a response's content. Never throws on bad input. */
export function decodeResponse(businessType: number, content: Uint8Array): { ok: true; response: BusinessResponse } | DecodeFailure {
  try {
    const r = new ByteReader(content);
    const result = r.u8('result code');
    const description = r.string('description');
    let response: BusinessResponse;
    if (businessType === BusinessType.Query) {
      response = { type: businessType, result, description, status: result === ResultCode.Ok ? readStatus(r) : null };
    } else if (isSimple(businessType)) {
      response = { type: businessType, result, description };
    } else {
      throw new DecodeError(ResultCode.ParseError, `business type 0x${businessType.toString(16)} is not defined`);
    }
    if (r.remaining !== 0) r.expectEnd(`business type 0x${businessType.toString(16)} response`);
    return { ok: true as const, response };
  } catch (err) {
    return decodeFailure(err);
  }
}

function readStatus(r: ByteReader): TerminalStatus {
  if (r.remaining === 0) throw new DecodeError(ResultCode.MissingParameter, 'a successful query response carries no terminal status');
  const state = r.u8('state');
  const volume = r.u8('volume');
  const firmware = r.string('firmware');
  const resourceCode = readDigits(r, RESOURCE_CODE_BYTES, RESOURCE_CODE_DIGITS, 'resource code');
  const status = { state, volume, firmware, resourceCode, physicalId: r.string('physical id') };
  const problem = statusProblem(status);
  if (problem) throw new DecodeError(ResultCode.IllegalContent, problem);
  return status;
}

function isSimple(t: number): t is Exclude<BusinessType, typeof BusinessType.Query> {
  return t === BusinessType.StartBroadcast || t === BusinessType.StopBroadcast || t === BusinessType.Heartbeat
    || t === BusinessType.SetParameters || t === BusinessType.CertificateAuthorization;
}

function ebmIdBytes(ebmId: string): Uint8Array {
  requireDigits(ebmId, [35], 'EBMID');
  return encodeBcd(ebmId, EBMID_BYTES, 'EBMID');
}

function readEbmId(r: ByteReader, what: string): string {
  const digits = readBcd(r, EBMID_BYTES, what);
  if (digits === '') throw new DecodeError(ResultCode.MissingParameter, `${what} is empty`);
  if (digits.length !== 35) throw new DecodeError(ResultCode.ParseError, `${what}: ${digits.length} digits, expected 35`);
  return digits;
}
