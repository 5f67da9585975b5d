/**
 * Frames and business contents together: build a request frame, the response to a
 * request (same session id, addressed back to its source, same business type), and
 * decode a frame's content by its packet type.
 */
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, type BusinessRequest, type BusinessResponse } from './business.ts';
import { PacketType, type DecodeFailure } from './codes.ts';
import type { Frame } from './frame.ts';

/** A request frame from `source` to `targets` carrying `request`. Throws `RangeError` on an illegal request. */
export function requestFrame(sessionId: number, source: string, targets: readonly string[], request: BusinessRequest): Frame {
  const { businessType, content } = encodeRequest(request);
  return { sessionId, packetType: PacketType.Request, source, targets, businessType, content };
}

/**
 * The response to `request`, sent by `responder`: GD/J 089 appendix D has the response
 * echo the session id; it goes back to the request's source. Throws `RangeError` when
 * the response's business type is not the request's.
 */
export function responseFrame(request: Frame, responder: string, response: BusinessResponse): Frame {
  if (response.type !== request.businessType) {
    throw new RangeError(`a response to business type 0x${request.businessType.toString(16)} cannot carry type 0x${response.type.toString(16)}`);
  }
  const { businessType, content } = encodeResponse(response);
  return { sessionId: request.sessionId, packetType: PacketType.Response, source: responder, targets: [request.source], businessType, content };
}

/** A frame's content, decoded as a request or a response by its packet type. Never throws on bad input. */
export type DecodedMessage = { ok: true; kind: 'request'; request: BusinessRequest } | { ok: true; kind: 'response'; response: BusinessResponse } | DecodeFailure;

/** Decodes `frame.content` according to `frame.packetType` and `frame.businessType`. */
export function decodeMessage(frame: Frame): DecodedMessage {
  if (frame.packetType === PacketType.Request) {
    const r = decodeRequest(frame.businessType, frame.content);
    return r.ok ? { ok: true, kind: 'request', request: r.request } : r;
  }
  const r = decodeResponse(frame.businessType, frame.content);
  return r.ok ? { ok: true, kind: 'response', response: r.response } : r;
}
