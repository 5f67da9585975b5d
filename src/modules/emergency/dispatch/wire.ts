/**
 * The MQTT wire format between the county platform and 4G loudspeaker terminals
 * (version 1). Every command is signed (GD/J 081); the back channel (acks, hellos) is
 * authenticated by the broker: each terminal logs in as itself and may publish only on
 * its own topics (broker-auth.ts).
 *
 * Topics (centerCode = centers.code; area = 12-digit code; ebrid = 23-digit EBRID):
 *   rongmei/<centerCode>/eb/area/<area>        platform → terminals  start / stop, QoS 1, not retained.
 *                                              A terminal subscribes to its own area and every ancestor.
 *   rongmei/<centerCode>/eb/terminal/<ebrid>   platform → one terminal  re-sends after a hello
 *   rongmei/<centerCode>/eb/ack/<ebrid>        terminal → platform   { ebmid, state: playing|stopped|rejected, reason?, at }
 *   rongmei/<centerCode>/eb/hello/<ebrid>      terminal → platform   { at } on every (re)connect
 *   rongmei/<centerCode>/eb/heartbeat/<ebrid>  terminal → platform   { at } every heartbeat period (liveness only)
 *   rongmei/<centerCode>/eb/gone/<ebrid>       the terminal's last will: the broker publishes it when the
 *                                              connection dies; a terminal leaving cleanly publishes it itself
 *
 * A command on the wire is the UTF-8 JSON envelope
 *   { "cmd": base64(C), "sig": base64(S) }
 * where C is the UTF-8 JSON of the command
 *   { v: 1, type: 'start', ebmid, msgType, severity, eventType, areas, start, end, audio, text, seq }
 *   { v: 1, type: 'stop', ebmid, cancelEbmid, seq }
 * (start / end ISO-8601 UTC; audio { kind, url } or null; seq increasing per center) and S
 * is the 74-byte GD/J 081 signature value SigTime ‖ cert serial ‖ SM2(r ‖ s) over C's bytes.
 * Receivers verify S over the exact bytes of C before parsing C.
 */
import type { Signer, TrustList, VerifyResult } from '../../../platform/crypto/index.ts';
import { verifySignatureValue } from '../../../platform/crypto/index.ts';

export const WIRE_VERSION = 1;

export interface StartCommand {
  v: 1;
  type: 'start';
  ebmid: string;
  /** 1 real; 3–5 drills (GD/J 082 MsgType). */
  msgType: number;
  /** 1 red / I … 4 blue / IV; 0 unknown. */
  severity: number;
  eventType: string;
  areas: string[];
  start: string;
  end: string;
  audio: { kind: string; url: string } | null;
  text: string;
  seq: number;
}

export interface StopCommand {
  v: 1;
  type: 'stop';
  ebmid: string;
  cancelEbmid: string | null;
  seq: number;
}

export type Command = StartCommand | StopCommand;

/**
 * playing   it plays this broadcast now
 * queued    accepted but waiting behind a higher-priority one; reason PREEMPTED when it
 *           was playing and a higher one took over, BUSY_HIGHER_PRIORITY when it arrived
 *           while a higher one played (GD/J 089 result 73)
 * stopped   stopped by a stop command
 * rejected  refused (reason: the verification failure, EXPIRED, REPLAYED, …)
 */
export type AckState = 'playing' | 'queued' | 'stopped' | 'rejected';
export interface Ack {
  ebmid: string | null;
  state: AckState;
  reason?: string;
  at: string;
}

export const topics = {
  area: (center: string, area: string) => `rongmei/${center}/eb/area/${area}`,
  terminal: (center: string, ebrid: string) => `rongmei/${center}/eb/terminal/${ebrid}`,
  ack: (center: string, ebrid: string) => `rongmei/${center}/eb/ack/${ebrid}`,
  hello: (center: string, ebrid: string) => `rongmei/${center}/eb/hello/${ebrid}`,
  heartbeat: (center: string, ebrid: string) => `rongmei/${center}/eb/heartbeat/${ebrid}`,
  gone: (center: string, ebrid: string) => `rongmei/${center}/eb/gone/${ebrid}`,
};

/** Parses `rongmei/<center>/eb/<kind>/<id>`; null for anything else. */
export function parseTopic(topic: string): { center: string; kind: string; id: string } | null {
  const m = /^rongmei\/([^/]+)\/eb\/(area|terminal|ack|hello|heartbeat|gone)\/([^/]+)$/.exec(topic);
  return m ? { center: m[1]!, kind: m[2]!, id: m[3]! } : null;
}

/** The area codes from the province down to `code` (the topics a terminal there listens on). */
export function areaChain(code: string): string[] {
  const chain = [code.slice(0, 2).padEnd(12, '0'), code.slice(0, 4).padEnd(12, '0'), code.slice(0, 6).padEnd(12, '0'), code.slice(0, 9).padEnd(12, '0'), code];
  return [...new Set(chain)];
}

/** Drops codes that lie inside another listed code, so no terminal gets a command twice. */
export function minimalAreas(codes: readonly string[]): string[] {
  const uniq = [...new Set(codes)];
  return uniq.filter((c) => !uniq.some((o) => o !== c && areaChain(c).includes(o)));
}

/** Signs a command; returns the envelope bytes to publish. */
export async function encodeCommand(cmd: Command, signer: Signer, sigTime?: Date): Promise<Buffer> {
  const bytes = Buffer.from(JSON.stringify(cmd), 'utf8');
  const sig = await signer.sign(bytes, sigTime);
  return Buffer.from(JSON.stringify({ cmd: bytes.toString('base64'), sig: sig.toString('base64') }), 'utf8');
}

export type Decoded =
  | { ok: true; cmd: Command; verdict: Extract<VerifyResult, { ok: true }> }
  | { ok: false; reason: string; ebmid: string | null };

function asRecord(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function parseCommand(bytes: Buffer): Command | null {
  let o: Record<string, unknown> | null;
  try {
    o = asRecord(JSON.parse(bytes.toString('utf8')));
  } catch {
    return null;
  }
  if (!o || o.v !== WIRE_VERSION || typeof o.ebmid !== 'string' || !/^\d{35}$/.test(o.ebmid) || typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 0) return null;
  if (o.type === 'stop') return { v: 1, type: 'stop', ebmid: o.ebmid, cancelEbmid: typeof o.cancelEbmid === 'string' ? o.cancelEbmid : null, seq: o.seq };
  if (o.type !== 'start') return null;
  const audio = asRecord(o.audio);
  if (typeof o.msgType !== 'number' || typeof o.severity !== 'number' || typeof o.eventType !== 'string' || typeof o.start !== 'string' || typeof o.end !== 'string' || typeof o.text !== 'string') return null;
  if (!Array.isArray(o.areas) || !o.areas.every((a) => typeof a === 'string')) return null;
  return {
    v: 1, type: 'start', ebmid: o.ebmid, msgType: o.msgType, severity: o.severity, eventType: o.eventType, areas: o.areas as string[],
    start: o.start, end: o.end, text: o.text, seq: o.seq,
    audio: audio && typeof audio.kind === 'string' && typeof audio.url === 'string' ? { kind: audio.kind, url: audio.url } : null,
  };
}

/** The EBMID a (possibly forged) command claims, for the rejection ack; unauthenticated. */
function claimedEbmid(bytes: Buffer): string | null {
  const m = /"ebmid"\s*:\s*"(\d{35})"/.exec(bytes.toString('utf8'));
  return m ? m[1]! : null;
}

/** A signature check: the platform's trust list in this thread, or a simulator's verifier pool. */
export type VerifySignature = (bytes: Uint8Array, value: Uint8Array, now: Date) => VerifyResult | Promise<VerifyResult>;

type Envelope = { bytes: Buffer; sig: Buffer } | Extract<Decoded, { ok: false }>;

function openEnvelope(payload: Buffer): Envelope {
  let env: Record<string, unknown> | null = null;
  try {
    env = asRecord(JSON.parse(payload.toString('utf8')));
  } catch {
    /* not JSON */
  }
  if (!env || typeof env.cmd !== 'string') return { ok: false, reason: 'MALFORMED', ebmid: null };
  const bytes = Buffer.from(env.cmd, 'base64');
  if (typeof env.sig !== 'string') return { ok: false, reason: 'UNSIGNED', ebmid: claimedEbmid(bytes) };
  return { bytes, sig: Buffer.from(env.sig, 'base64') };
}

function decided(bytes: Buffer, verdict: VerifyResult): Decoded {
  if (!verdict.ok) return { ok: false, reason: verdict.reason, ebmid: claimedEbmid(bytes) };
  const cmd = parseCommand(bytes);
  if (!cmd) return { ok: false, reason: 'MALFORMED', ebmid: claimedEbmid(bytes) };
  return { ok: true, cmd, verdict };
}

/** Verifies and parses an envelope. Never throws on received bytes. */
export function decodeCommand(payload: Buffer, trust: TrustList, now: Date = new Date()): Decoded {
  const env = openEnvelope(payload);
  if (!('bytes' in env)) return env;
  return decided(env.bytes, verifySignatureValue(env.bytes, env.sig, trust, { now }));
}

/** The same, with the signature checked by `verify` (which may run elsewhere). */
export async function decodeCommandVia(payload: Buffer, verify: VerifySignature, now: Date = new Date()): Promise<Decoded> {
  const env = openEnvelope(payload);
  if (!('bytes' in env)) return env;
  return decided(env.bytes, await verify(env.bytes, env.sig, now));
}

/** Parses an ack payload leniently; null when unusable. */
export function parseAck(payload: Buffer): Ack | null {
  let o: Record<string, unknown> | null;
  try {
    o = asRecord(JSON.parse(payload.toString('utf8')));
  } catch {
    return null;
  }
  if (!o || (o.state !== 'playing' && o.state !== 'queued' && o.state !== 'stopped' && o.state !== 'rejected')) return null;
  const at = typeof o.at === 'string' && !Number.isNaN(Date.parse(o.at)) ? new Date(o.at).toISOString() : new Date().toISOString();
  return { ebmid: typeof o.ebmid === 'string' ? o.ebmid : null, state: o.state, ...(typeof o.reason === 'string' ? { reason: o.reason.slice(0, 200) } : {}), at };
}
