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
  BusinessType, PacketType, RESOURCE_CODE_BYTES, encodeBcd, encodeFrame, encodeResponse, encodeUnsignedFrame, requestFrame, withSessionId,
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

/** Answer templates of this process, by (business type, result) then description: made once, shared by every sender. */
const templates = new Map<number, Map<string, Uint8Array>>();
let templateCount = 0;
/** The placeholder source of a template (a real sender's is written over it). */
const TEMPLATE_SOURCE = '0'.repeat(23);

function templateOf(businessType: number, result: number, description: string): Uint8Array {
  const kind = businessType * 0x10000 + result;
  let byText = templates.get(kind);
  let template = byText?.get(description);
  if (template) return template;
  template = responseBytes(0, businessType, TEMPLATE_SOURCE, null, result, description);
  if (templateCount >= 256) {
    templates.clear();
    templateCount = 0;
    byText = undefined;
  }
  if (!byText) templates.set(kind, (byText = new Map()));
  byText.set(description, template);
  templateCount++;
  return template;
}

/**
 * One sender's responses (a simulated terminal answers every command): each is the
 * process's template of that answer with the sender's source and the session id written
 * in (`withSessionId`), so thousands of terminals share a handful of templates and each
 * keeps only its 12 source bytes.
 */
export class Responder {
  readonly #source: Uint8Array;

  constructor(source: string) {
    this.#source = encodeBcd(source, RESOURCE_CODE_BYTES, 'source resource code');
  }

  bytes(sessionId: number, businessType: number, result: number, description: string): Buffer {
    return withSessionId(templateOf(businessType, result, description), sessionId, this.#source);
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
