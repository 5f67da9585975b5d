/** Shapes shared by the fleet (fleet.ts), its worker processes (fleet-worker.ts) and their users. */
import type { TrustedKey } from './verify-pool.ts';

export type FleetProtocol = 'mqtt' | 'ip';

/** One simulated terminal as the fleet starts it. */
export interface FleetTerminal {
  ebrid: string;
  areaCode: string;
  /** MQTT: the broker it connects to, and its password there. */
  url?: string;
  password?: string;
  /** IP: its own signing key and certificate serial (the registry holds the public key). */
  privateKeyHex?: string;
  certSerial?: string;
}

export interface FleetOptions {
  mode: 'sim' | 'floor';
  protocol: FleetProtocol;
  centerCode: string;
  /** The platform certificates terminals trust. */
  keys: TrustedKey[];
  tcp?: { host: string; port: number };
  /** Answer delay per terminal, drawn from [min, max] ms. */
  latencyMs?: [number, number];
  /** Share (0–1) of terminals that take commands and never answer. */
  faultShare?: number;
  /** Every terminal's clock is off by this much. */
  clockSkewMs?: number;
  /** Heartbeat period (default 60 s; the platform marks a terminal silent for 300 s offline). */
  heartbeatSeconds?: number;
  /** Worker threads per process for signature checks (0: verify in the event loop). */
  verifyThreads?: number;
}

export interface WorkerSpec extends FleetOptions {
  terminals: FleetTerminal[];
}

/** What a terminal said, with the time it said it (ms since the epoch). */
export interface FleetEvent {
  ebrid: string;
  ebmid: string | null;
  state: string;
  reason?: string;
  at: number;
  /** How long the terminal waited for the verdict on the command's signature (shared verifier pool). */
  verifyWaitMs?: number;
}

export interface VerifyStats { requests: number; verified: number; verifyMs: number }
