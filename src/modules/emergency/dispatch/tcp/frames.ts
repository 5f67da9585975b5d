/**
 * Building the bytes both ends of an IP-terminal connection write: a response to a
 * request (also when the request could not be decoded, so only its session id and
 * business type are known) and a request signed through a crypto `Signer`.
 */
import type { Signer } from '../../../../platform/crypto/index.ts';
import type { AreaTarget } from '../driver.ts';
import type { Command } from '../wire.ts';
import { requestOf, sessionIdOf } from './commands.ts';
import {
  BusinessType, PacketType, encodeFrame, encodeResponse, encodeUnsignedFrame, requestFrame, withSessionId,
  type BusinessRequest, type BusinessResponse,
} from '../../terminal-protocol/index.ts';

/** The source of answers whose sender cannot name its center (a refused unknown terminal): 23 zeros (ours). */
export const ANONYMOUS_SOURCE = '0'.repeat(23);
/** The business type of an answer to an unreadable request. */
export const UNREADABLE_REQUEST_TYPE = BusinessType.Heartbeat;

/**
 * An unsigned response frame (the GD/J 089 back channel carries a CRC only). A request
 * that could not be read (CRC, parse) is answered with business type 0x10 (ours: the
 * type is unknown then); the receiver matches such a refusal by session id alone.
 */
export function responseBytes(sessionId: number, businessType: number, source: string, target: string | null, result: number, description: string): Uint8Array {
  const text = description.slice(0, 200);
  const response = (businessType === BusinessType.Query
    ? { type: BusinessType.Query, result, description: text, status: null }
    : { type: businessType, result, description: text }) as BusinessResponse;
  const { content } = encodeResponse(response);
  return encodeUnsignedFrame({ sessionId, packetType: PacketType.Response, source, targets: target ? [target] : [], businessType, content });
}

/**
 * One sender's responses, encoded once per (business type, result, description) and
 * then copied under each answer's session id (`withSessionId`): a simulated terminal
 * answers every command, and only that field and the CRC change between its answers.
 */
export class ResponseTemplates {
  readonly #source: string;
  /** (business type, result) → description → template; no key string is built per answer. */
  readonly #made = new Map<number, Map<string, Uint8Array>>();
  #count = 0;

  constructor(source: string) {
    this.#source = source;
  }

  bytes(sessionId: number, businessType: number, result: number, description: string): Buffer {
    const kind = businessType * 0x10000 + result;
    let byText = this.#made.get(kind);
    let template = byText?.get(description);
    if (!template) {
      template = responseBytes(0, businessType, this.#source, null, result, description);
      if (this.#count >= 64) {
        this.#made.clear();
        this.#count = 0;
        byText = undefined;
      }
      if (!byText) this.#made.set(kind, (byText = new Map()));
      byText.set(description, template);
      this.#count++;
    }
    return withSessionId(template, sessionId);
  }
}

/** A request frame signed by `signer` (one GD/J 081 signature value in the trailer). */
export function signedRequestBytes(sessionId: number, source: string, targets: readonly string[], request: BusinessRequest, signer: Signer): Promise<Uint8Array> {
  return encodeFrame(requestFrame(sessionId, source, targets, request), (bytes) => signer.sign(bytes));
}

/** A request frame without signature (a terminal's heartbeat after its hello: the back channel carries a CRC only). */
export function unsignedRequestBytes(sessionId: number, source: string, targets: readonly string[], request: BusinessRequest): Uint8Array {
  return encodeUnsignedFrame(requestFrame(sessionId, source, targets, request));
}

/** Area codes per signed frame (GD/J 089 lets a frame name several targets). */
export const AREAS_PER_FRAME = 2000;

/** Calls `write` per AREAS_PER_FRAME target areas with that frame, signed only when `write` asks for it (someone is inside). */
export async function forEachAreaFrame(target: AreaTarget, cmd: Command, signer: Signer, source: string, write: (areas: string[], sessionId: number, frame: () => Promise<Uint8Array>) => Promise<unknown>): Promise<void> {
  const sessionId = sessionIdOf(cmd);
  const request = requestOf(cmd);
  for (let i = 0; i < target.areas.length; i += AREAS_PER_FRAME) {
    const areas = target.areas.slice(i, i + AREAS_PER_FRAME);
    await write(areas, sessionId, () => signedRequestBytes(sessionId, source, areas, request, signer));
  }
}
