/**
 * Terminal drivers: the one face dispatch sees of a transport to loudspeaker terminals.
 * Two real drivers sit behind it:
 *
 *   mqtt  4G terminals on the MQTT broker (mqtt-driver.ts): one publish per area topic,
 *         the broker fans out; acks and hellos come back on per-terminal topics.
 *   ip    GD/J 089 appendix-D IP terminals over TCP (tcp/driver.ts): terminals keep a
 *         connection to the platform's listener; commands are signed binary frames,
 *         answers are response frames and heartbeats.
 *
 * A driver only moves signed commands and reports what terminals say; which terminal
 * should get what, and what a reply means for a delivery, is dispatch's (service.ts).
 * The registry's `protocol` column ('mqtt' | 'ip') says which driver serves a terminal.
 */
import type { Signer } from '../../../platform/crypto/index.ts';
import type { Ack, Command } from './wire.ts';

export type DriverProtocol = 'mqtt' | 'ip';

/** Who a command goes to: every terminal of the driver inside `areas` (descendants included) of a center. */
export interface AreaTarget {
  centerCode: string;
  /** Minimal cover (no code inside another), 12-digit area codes. */
  areas: string[];
}

/** What terminals tell the platform, as reported by a driver. */
export interface TerminalSink {
  /**
   * A terminal is (again) reachable: it connected and authenticated (MQTT: broker
   * credentials + its hello; IP: a signed first frame). Dispatch re-sends what it misses.
   */
  hello(protocol: DriverProtocol, centerCode: string, ebrid: string, at: Date): Promise<void>;
  /**
   * A terminal's answer about one broadcast (playing, queued behind a higher one, stopped,
   * rejected). Taken at once when it returns nothing; a promise when it needs to wait.
   */
  ack(protocol: DriverProtocol, centerCode: string, ebrid: string, ack: Ack): void | Promise<void>;
  /** A terminal is no longer reachable (connection closed); its status becomes offline. */
  gone?(protocol: DriverProtocol, centerCode: string, ebrid: string, at: Date): Promise<void>;
  /** Terminals were heard from (heartbeats), batched: their last-seen time moves on. */
  seen?(protocol: DriverProtocol, centerCode: string, ebrids: string[], at: Date): Promise<void>;
}

export interface TerminalDriver {
  readonly protocol: DriverProtocol;
  /** Starts receiving (subscriptions, listener); resolves when terminals can reach it. */
  start(sink: TerminalSink): Promise<void>;
  /** Signs `cmd` with `signer` and sends it to every terminal of this driver in the target areas. */
  toAreas(target: AreaTarget, cmd: Command, signer: Signer): Promise<void>;
  /**
   * Signs and sends `cmd` to one terminal (a re-send after its hello). Returns false when
   * the driver cannot reach it now (the delivery stays due; the next hello retries).
   */
  toTerminal(centerCode: string, ebrid: string, cmd: Command, signer: Signer): Promise<boolean>;
  /** Resolves when no received message is being processed. */
  idle(): Promise<void>;
  /** Stops receiving (after messages in progress) and closes what it opened. */
  stop(): Promise<void>;
}

/**
 * A command this driver's protocol cannot carry (e.g. a broadcast without audio for a
 * GD/J 089 IP terminal, which plays only an audio URL). Permanent: dispatch marks the
 * deliveries of this driver's terminals failed with the reason instead of retrying.
 */
export class NotExpressible extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}
