/**
 * The GD/J 089 appendix-D IP terminal protocol (TCP, binary), version 0x0100: the frame
 * (frame.ts, with its byte-layout table), the business contents (business.ts,
 * parameters.ts), and a framer for TCP streams (stream.ts). Codecs only: no sockets, no
 * signing; the caller signs through `FrameSigner` and verifies `signedBytes` itself.
 */
export { BusinessType, PacketType, ResultCode, isBusinessType, isResultCode, type DecodeErrorCode, type DecodeFailure } from './codes.ts';
export { EBMID_BYTES, EVENT_TYPE_BYTES, RESOURCE_CODE_BYTES, decodeBcd, encodeBcd } from './bcd.ts';
export { crc32 } from './crc32.ts';
export {
  FRAME_MAGIC,
  HEADER_BYTES,
  MAX_FRAME_BYTES,
  MIN_FRAME_BYTES,
  PROTOCOL_VERSION,
  PROTOCOL_VERSION_1_0,
  SIGNATURE_VALUE_BYTES,
  decodeFrame,
  encodeFrame,
  encodeUnsignedFrame,
  withSessionId,
  nextSessionId,
  type DecodeFrameOptions,
  type DecodedFrame,
  type Frame,
  type FrameDecodeFailure,
  type FrameDecodeResult,
  type FrameDecodeSuccess,
  type FrameSignature,
  type FrameSigner,
} from './frame.ts';
export {
  AudioKind,
  BroadcastType,
  EventLevel,
  TerminalState,
  VOLUME_UNCHANGED,
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  type AuthorizedCertificate,
  type BusinessRequest,
  type BusinessResponse,
  type CertificateAuthorizationRequest,
  type HeartbeatRequest,
  type QueryRequest,
  type SetParametersRequest,
  type StartBroadcastRequest,
  type StopBroadcastRequest,
  type TerminalStatus,
} from './business.ts';
export { Addressing, ParameterTag, type NetworkParameters, type TerminalParameters } from './parameters.ts';
export { decodeMessage, requestFrame, responseFrame, type DecodedMessage } from './messages.ts';
export { FrameSplitter, type FramerEvent, type FramerOptions } from './stream.ts';
