/**
 * Who is on the other end of a new IP-terminal connection: the first frame must be a
 * heartbeat signed with the terminal's registered certificate (GD/J 081 signature
 * value in the GD/J 089 trailer). The checks run cheapest first, so a flood of unknown
 * or unsigned connections costs no curve arithmetic:
 *
 *   58 ILLEGAL_CONTENT      not a heartbeat request (or its content is illegal: 13/14/58)
 *   59 UNKNOWN_RESOURCE     the source EBRID is not a registered terminal
 *   52 UNSIGNED             no signature trailer
 *   52 NO_CERTIFICATE       the terminal has no certificate registered (or an invalid key)
 *   52 <verify reason>      UNKNOWN_CERTIFICATE (another serial), STALE, FROM_THE_FUTURE,
 *                           BAD_SIGNATURE
 *   52 REPLAYED             not newer (SigTime, session id) than the last accepted hello of
 *                           that terminal: a captured hello cannot open a second session
 *
 * Prepared public keys are cached per certificate serial (no precomputation: 20,000
 * terminal keys precomputed would cost ~1 GB), so a reconnect pays one verification.
 */
import { preparePublicKey, verifySignatureValue, type TrustEntry } from '../../../../platform/crypto/index.ts';
import { BusinessType, PacketType, ResultCode, decodeRequest, type FrameDecodeSuccess, type HeartbeatRequest } from '../../terminal-protocol/index.ts';

/** What the registry says about a terminal. */
export interface RegisteredTerminal {
  centerCode: string;
  certSerial: string | null;
  publicKeyHex: string | null;
}

export type LookupTerminal = (ebrid: string) => Promise<RegisteredTerminal | null>;

export type HelloVerdict =
  | { ok: true; ebrid: string; centerCode: string; heartbeat: HeartbeatRequest }
  | { ok: false; code: number; reason: string; centerCode?: string };

/** Says whether a verified hello is newer than the terminal's last accepted one, and remembers it. */
export interface HelloGuard {
  accept(ebrid: string, sigTime: number, sessionId: number): boolean | Promise<boolean>;
  sweep?(now: Date): void;
}

/** The accepted hellos of one process: EBRID → (SigTime, session id) of the last one. */
export class HelloLedger implements HelloGuard {
  readonly #last = new Map<string, { sigTime: number; sessionId: number }>();
  readonly #maxSkewSeconds: number;

  constructor(maxSkewSeconds: number) {
    this.#maxSkewSeconds = maxSkewSeconds;
  }

  accept(ebrid: string, sigTime: number, sessionId: number): boolean {
    const last = this.#last.get(ebrid);
    if (last && (sigTime < last.sigTime || (sigTime === last.sigTime && sessionId <= last.sessionId))) return false;
    this.#last.set(ebrid, { sigTime, sessionId });
    return true;
  }

  sweep(now: Date): void {
    const oldest = Math.floor(now.getTime() / 1000) - this.#maxSkewSeconds - 60;
    for (const [ebrid, h] of this.#last) if (h.sigTime < oldest) this.#last.delete(ebrid);
  }
}

const MAX_CACHED_KEYS = 100_000;
const FAR_FUTURE = new Date('2106-01-01T00:00:00Z');

export class TerminalAuthenticator {
  readonly #lookup: LookupTerminal;
  readonly #maxSkewSeconds: number;
  /** certificate serial → prepared key (replaced when the registered key changes). */
  readonly #keys = new Map<string, TrustEntry>();
  readonly #hellos: HelloGuard;

  /** `hellos`: where accepted hellos are remembered (several gateway processes share the platform's). */
  constructor(lookup: LookupTerminal, maxSkewSeconds: number, hellos: HelloGuard = new HelloLedger(maxSkewSeconds)) {
    this.#lookup = lookup;
    this.#maxSkewSeconds = maxSkewSeconds;
    this.#hellos = hellos;
  }

  /** Decides on the first frame of a connection. Never throws on received bytes; lookup errors propagate. */
  async check(d: FrameDecodeSuccess, now: Date = new Date()): Promise<HelloVerdict> {
    const { frame, signature } = d;
    if (frame.packetType !== PacketType.Request || frame.businessType !== BusinessType.Heartbeat) {
      return { ok: false, code: ResultCode.IllegalContent, reason: 'FIRST_FRAME_NOT_HEARTBEAT' };
    }
    const req = decodeRequest(frame.businessType, frame.content);
    if (!req.ok) return { ok: false, code: req.code, reason: req.message };
    const terminal = await this.#lookup(frame.source);
    if (!terminal) return { ok: false, code: ResultCode.UnknownResourceCode, reason: 'UNKNOWN_TERMINAL' };
    const refuse = (reason: string): HelloVerdict => ({ ok: false, code: ResultCode.IllegalCertificate, reason, centerCode: terminal.centerCode });
    if (!signature) return refuse('UNSIGNED');
    const entry = this.#key(terminal);
    if (!entry) return refuse('NO_CERTIFICATE');
    const verdict = verifySignatureValue(d.signedBytes, signature.value, { get: (s) => (s === entry.certSerial ? entry : undefined) }, { now, maxSkewSeconds: this.#maxSkewSeconds });
    if (!verdict.ok) return refuse(verdict.reason);
    if (!(await this.#hellos.accept(frame.source, signature.sigTime, frame.sessionId))) return refuse('REPLAYED');
    return { ok: true, ebrid: frame.source, centerCode: terminal.centerCode, heartbeat: req.request as HeartbeatRequest };
  }

  /** Forgets hellos too old to pass the freshness check anyway (the sweep calls it). */
  sweep(now: Date = new Date()): void {
    this.#hellos.sweep?.(now);
  }

  #key(t: RegisteredTerminal): TrustEntry | null {
    if (!t.certSerial || !t.publicKeyHex || !/^[0-9A-Fa-f]{12}$/.test(t.certSerial)) return null;
    const serial = t.certSerial.toUpperCase();
    const cached = this.#keys.get(serial);
    if (cached && cached.publicKeyHex === t.publicKeyHex.toLowerCase()) return cached;
    let key;
    try {
      key = preparePublicKey(t.publicKeyHex, { window: 1 });
    } catch {
      return null;
    }
    // The registry vouches for the key; validity dates are the registry's business (a revoked terminal is deleted there).
    const entry: TrustEntry = { certSerial: serial, publicKeyHex: key.publicKeyHex, subject: 'terminal', validFrom: new Date(0), validTo: FAR_FUTURE, revoked: false, key };
    if (this.#keys.size >= MAX_CACHED_KEYS) this.#keys.delete(this.#keys.keys().next().value!);
    this.#keys.set(serial, entry);
    return entry;
  }
}
