/**
 * Frames the simulated IP terminals of one process decoded lately, kept by their exact
 * bytes. A simulator holds thousands of terminals that receive the same signed area
 * frame; decoding it (frame, CRC, business content) is a function of the bytes alone,
 * so the first terminal's result serves the others; so does the answer to "is an area
 * among its targets", asked once per area, not once per terminal. Everything else that
 * depends on the terminal is still done by each one: its replay guard, priority,
 * expiry, and the signature check through its verifier.
 */
import { decodeFrame, decodeRequest, type FrameDecodeResult } from '../../terminal-protocol/index.ts';
import type { Command } from '../wire.ts';
import { commandOf } from './commands.ts';

export interface ReadFrame {
  readonly bytes: Uint8Array;
  readonly decoded: FrameDecodeResult;
  /** The business request of a decoded request frame (made on first use). */
  request(): ReturnType<typeof decodeRequest>;
  /** The start / stop command it carries, null for other requests (made on first use; shared, never changed). */
  command(): Command | null;
  /**
   * Whether the frame is for a terminal: its EBRID, or its area or an ancestor (`chain`,
   * areaChain of its area, whose id `areaIdOf` gave) among the targets.
   */
  addresses(areaId: number, chain: readonly string[], ebrid: string): boolean;
}

/** Area codes of this process's terminals, numbered (a frame remembers its answer per number). */
const areaIds = new Map<string, number>();
export function areaIdOf(areaCode: string): number {
  let id = areaIds.get(areaCode);
  if (id === undefined) areaIds.set(areaCode, (id = areaIds.size));
  return id;
}

/** Distinct frames remembered (a start, a stop and a few re-sends in flight). */
const SLOTS = 8;
const recent: ReadFrame[] = [];

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * A frame read lately whose bytes are exactly `chunk` and that decoded (so its CRC
 * held), or null: a chunk that is one whole known frame needs no framing nor CRC again.
 */
export function knownFrame(chunk: Uint8Array): ReadFrame | null {
  for (const r of recent) if (r.decoded.ok && same(r.bytes, chunk)) return r;
  return null;
}

/** Decodes `bytes`, or returns what decoding the same bytes gave lately. The result must not be changed. */
export function readFrame(bytes: Uint8Array): ReadFrame {
  for (const r of recent) if (same(r.bytes, bytes)) return r;
  const own = new Uint8Array(bytes); // the caller's buffer may be reused
  const decoded = decodeFrame(own);
  let request: ReturnType<typeof decodeRequest> | null = null;
  let command: Command | null | undefined;
  let targets: ReadonlySet<string> | null = null;
  /** Some target is a terminal's EBRID, not an area code. */
  let terminalTargets = false;
  const byArea = new Map<number, boolean>();
  const r: ReadFrame = {
    bytes: own,
    decoded,
    request() {
      if (!decoded.ok) throw new Error('not a decoded frame');
      return (request ??= decodeRequest(decoded.frame.businessType, decoded.frame.content));
    },
    command() {
      if (command !== undefined) return command;
      const req = r.request();
      const f = (decoded as Extract<FrameDecodeResult, { ok: true }>).frame;
      return (command = req.ok ? commandOf(req.request, f.sessionId, f.targets) : null);
    },
    addresses(areaId, chain, ebrid) {
      if (!decoded.ok) return false;
      if (!targets) {
        targets = new Set(decoded.frame.targets);
        terminalTargets = decoded.frame.targets.some((t) => t.length !== 12);
      }
      let inArea = byArea.get(areaId);
      if (inArea === undefined) {
        inArea = chain.some((code) => targets!.has(code));
        byArea.set(areaId, inArea);
      }
      return inArea || (terminalTargets && targets.has(ebrid));
    },
  };
  recent.unshift(r);
  if (recent.length > SLOTS) recent.pop();
  return r;
}
