/**
 * Our dispatch commands (wire.ts) in GD/J 089 appendix-D terms and back, and the
 * result codes of a response in terms of acks. The IP driver and the simulated IP
 * terminal both use these, so the mapping is written once:
 *
 * | StartCommand        | StartBroadcastRequest (0x01)                                    |
 * |---------------------|-----------------------------------------------------------------|
 * | ebmid               | EBMID                                                           |
 * | msgType 1 real      | broadcast type 4 emergency                                      |
 * | msgType 3 / 4 / 5   | broadcast type 1 / 2 / 3 (platform / front-end / terminal drill)|
 * | severity 1..4       | event level 1..4                                                |
 * | severity 0 unknown  | event level 4 (blue): ours; the field has no "unknown", and the |
 * |                     | least disruptive level keeps an unknown below every known level |
 * |                     | but blue (the MQTT terminal ranks it below blue too)            |
 * | eventType           | event type (5 digits)                                           |
 * | start / end         | u32 UTC seconds                                                 |
 * | audio stream rtp:// | audio kind 1 RTP multicast; stream http(s):// → 2; file → 3     |
 * | audio null          | not expressible (the frame has no text): an Error               |
 * | seq                 | the frame's session id (u32; the response echoes it)            |
 * | (volume)            | 0xFF unchanged                                                  |
 *
 * StopCommand → StopBroadcastRequest (0x02) with the EBMID.
 *
 * Response → ack: 0 → playing (start) / stopped (stop); 73 → queued BUSY_HIGHER_PRIORITY;
 * anything else → rejected, reason = the description when it is a reason token (our
 * simulated terminal writes the precise one, e.g. BAD_SIGNATURE), else the code's name.
 */
import {
  AudioKind, BroadcastType, BusinessType, EventLevel, ResultCode, VOLUME_UNCHANGED,
  type BusinessRequest, type StartBroadcastRequest,
} from '../../terminal-protocol/index.ts';
import { NotExpressible } from '../driver.ts';
import type { BrainAck } from '../sim-brain.ts';
import type { Command, StartCommand } from '../wire.ts';

const DRILL_TYPES: Record<number, number> = { 3: BroadcastType.PlatformDrill, 4: BroadcastType.FrontEndDrill, 5: BroadcastType.TerminalDrill };

/** The session id a command travels under: its seq, which must fit the u32 field (0 means "none"). */
export function sessionIdOf(cmd: Command): number {
  if (!Number.isSafeInteger(cmd.seq) || cmd.seq < 1 || cmd.seq > 0xffffffff) throw new RangeError(`command seq ${cmd.seq} does not fit the GD/J 089 session id (1..4294967295)`);
  return cmd.seq;
}

/** The GD/J 089 request for a command. Throws when the command cannot be expressed (no audio URL, cancel msgType). */
export function requestOf(cmd: Command): BusinessRequest {
  if (cmd.type === 'stop') return { type: BusinessType.StopBroadcast, ebmId: cmd.ebmid };
  return startRequest(cmd);
}

function startRequest(cmd: StartCommand): StartBroadcastRequest {
  const broadcastType = cmd.msgType === 1 ? BroadcastType.Emergency : DRILL_TYPES[cmd.msgType];
  if (broadcastType === undefined) throw new NotExpressible('NOT_SUPPORTED', `msgType ${cmd.msgType} has no GD/J 089 broadcast type (1 real, 3–5 drills)`);
  if (!cmd.audio) throw new NotExpressible('NO_AUDIO', `broadcast ${cmd.ebmid} has no audio: a GD/J 089 IP terminal can only play an audio URL`);
  const kind = cmd.audio.kind === 'file' ? AudioKind.FileUrl : /^(rtp|udp):/i.test(cmd.audio.url) ? AudioKind.RtpMulticast : AudioKind.UnicastMp3Stream;
  return {
    type: BusinessType.StartBroadcast,
    ebmId: cmd.ebmid,
    broadcastType,
    eventLevel: cmd.severity >= 1 && cmd.severity <= 4 ? cmd.severity : EventLevel.Blue,
    eventType: cmd.eventType,
    volume: VOLUME_UNCHANGED,
    startTime: Math.floor(Date.parse(cmd.start) / 1000),
    endTime: Math.floor(Date.parse(cmd.end) / 1000),
    audio: { kind, url: cmd.audio.url },
  };
}

const MSG_TYPES: Record<number, number> = {
  [BroadcastType.Emergency]: 1, [BroadcastType.PlatformDrill]: 3, [BroadcastType.FrontEndDrill]: 4, [BroadcastType.TerminalDrill]: 5,
  // Daily programmes have no EBM MsgType; 6 (ours) ranks them with the drills, below every real warning.
  [BroadcastType.Daily]: 6,
};
/** "Until stopped" (end time 0) as the latest time the u32 field can hold. */
const FOREVER = new Date(0xffffffff * 1000).toISOString();

/** A received start / stop request as the command the terminal brain acts on; null for other business types. */
export function commandOf(req: BusinessRequest, sessionId: number, targets: readonly string[]): Command | null {
  if (req.type === BusinessType.StopBroadcast) return { v: 1, type: 'stop', ebmid: req.ebmId, cancelEbmid: null, seq: sessionId };
  if (req.type !== BusinessType.StartBroadcast) return null;
  return {
    v: 1, type: 'start', ebmid: req.ebmId, msgType: MSG_TYPES[req.broadcastType] ?? 6, severity: req.eventLevel, eventType: req.eventType,
    areas: [...targets], start: new Date(req.startTime * 1000).toISOString(), end: req.endTime === null ? FOREVER : new Date(req.endTime * 1000).toISOString(),
    audio: { kind: req.audio.kind === AudioKind.FileUrl ? 'file' : 'stream', url: req.audio.url }, text: '', seq: sessionId,
  };
}

const NAMES = new Map<number, string>(Object.entries(ResultCode).map(([name, code]) => [code, name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()]));
/** A result code's name, e.g. 52 → ILLEGAL_CERTIFICATE; vendor codes → RESULT_<n>. */
export function resultName(code: number): string {
  return NAMES.get(code) ?? `RESULT_${code}`;
}

/** Signature and anti-replay failures are 52 (illegal certificate); other refusals of the content 58. */
const CERTIFICATE_REASONS = new Set(['UNSIGNED', 'MALFORMED', 'UNKNOWN_CERTIFICATE', 'CERTIFICATE_EXPIRED', 'CERTIFICATE_REVOKED', 'STALE', 'FROM_THE_FUTURE', 'BAD_SIGNATURE', 'REPLAYED', 'OUT_OF_ORDER']);

/** The result code a terminal answers an ack about the commanded broadcast with. */
export function resultOf(ack: BrainAck): number {
  if (ack.state === 'playing' || ack.state === 'stopped') return ResultCode.Ok;
  if (ack.state === 'queued') return ResultCode.BusyWithHigherPriorityTask;
  return CERTIFICATE_REASONS.has(ack.reason ?? '') ? ResultCode.IllegalCertificate : ResultCode.IllegalContent;
}

/** The ack a response to a start / stop means. */
export function ackOfResponse(type: 'start' | 'stop', ebmid: string, result: number, description: string): BrainAck {
  if (result === ResultCode.Ok) return { ebmid, state: type === 'start' ? 'playing' : 'stopped' };
  if (result === ResultCode.BusyWithHigherPriorityTask) return { ebmid, state: 'queued', reason: 'BUSY_HIGHER_PRIORITY' };
  return { ebmid, state: 'rejected', reason: /^[A-Z][A-Z0-9_]{0,39}$/.test(description) ? description : resultName(result) };
}
