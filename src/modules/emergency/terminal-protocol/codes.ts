/**
 * Numbers of the GD/J 089 appendix-D IP terminal protocol: packet types, business
 * types and the result codes a response carries. Named here once; every codec file
 * and every caller uses these names, never the bare numbers.
 */

/** Packet type byte of the frame header (GD/J 089 appendix D: 1 request, 2 response). */
export const PacketType = {
  Request: 1,
  Response: 2,
} as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

/** Business type byte of the frame body: which command the content carries. */
export const BusinessType = {
  StartBroadcast: 0x01,
  StopBroadcast: 0x02,
  Heartbeat: 0x10,
  Query: 0x11,
  SetParameters: 0x12,
  CertificateAuthorization: 0x17,
} as const;
export type BusinessType = (typeof BusinessType)[keyof typeof BusinessType];

const BUSINESS_TYPES: ReadonlySet<number> = new Set(Object.values(BusinessType));

/** True when `n` is a business type this codec can decode. */
export function isBusinessType(n: number): n is BusinessType {
  return BUSINESS_TYPES.has(n);
}

/**
 * Result codes of a response (GD/J 089 appendix D). 1x: the packet itself, 3x: the
 * terminal's load, 5x: what the packet asks for, 7x: the platform's view of the
 * terminal. Decoders answer bad input with one of 12, 13, 14, 15, 52, 58, 59.
 */
export const ResultCode = {
  Ok: 0,
  Timeout: 11,
  VersionNotSupported: 12,
  ParseError: 13,
  MissingParameter: 14,
  CrcError: 15,
  Busy: 31,
  IllegalCertificate: 52,
  IllegalContent: 58,
  UnknownResourceCode: 59,
  UnknownTerminal: 71,
  TerminalOffline: 72,
  BusyWithHigherPriorityTask: 73,
} as const;
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

const RESULT_CODES: ReadonlySet<number> = new Set(Object.values(ResultCode));

/** True when `n` is a result code the standard defines (vendors add their own). */
export function isResultCode(n: number): n is ResultCode {
  return RESULT_CODES.has(n);
}

/** The result codes a decoder may report for bad input. */
export type DecodeErrorCode =
  | typeof ResultCode.VersionNotSupported
  | typeof ResultCode.ParseError
  | typeof ResultCode.MissingParameter
  | typeof ResultCode.CrcError
  | typeof ResultCode.IllegalCertificate
  | typeof ResultCode.IllegalContent
  | typeof ResultCode.UnknownResourceCode;

/** Why a decoder refused its input: the code a terminal answers with, and a message for the log. */
export interface DecodeFailure {
  ok: false;
  code: DecodeErrorCode;
  message: string;
}
