/**
 * The messages between the platform process and its IP-terminal gateway processes
 * (gateway.ts ↔ gateway-worker.ts), over Node's IPC channel with the "advanced"
 * serialization (structured clone: Uint8Array frames travel as bytes, not base64).
 */
import type { Ack, Command } from '../wire.ts';
import type { RegisteredTerminal } from './auth.ts';

export interface GatewaySettings {
  maxSkewSeconds?: number;
  helloTimeoutSeconds?: number;
  silentAfterSeconds?: number;
  sweepSeconds?: number;
  logLevel: string;
}

/** What a gateway's terminals said, in the order they said it (one batch per tick). */
export type SinkCall =
  | { k: 'hello'; center: string; ebrid: string; at: number }
  | { k: 'ack'; center: string; ebrid: string; ack: Ack }
  | { k: 'gone'; center: string; ebrid: string; at: number }
  | { k: 'seen'; center: string; ebrids: string[]; at: number };

/** A terminal as the registry has it, with the platform EBRID its center's frames come from. */
export type LookedUp = (RegisteredTerminal & { platformEbrid: string }) | null;

export type ToGateway =
  | { t: 'init'; settings: GatewaySettings }
  /** Sent with the socket as the IPC handle. */
  | { t: 'conn' }
  | { t: 'looked-up'; id: number; terminal?: LookedUp; error?: string }
  | { t: 'claimed'; id: number; accepted: boolean }
  | { t: 'recorded'; id: number }
  | { t: 'areas'; center: string; areas: string[]; cmd: Command; sessionId: number; bytes: Uint8Array }
  | { t: 'one'; id: number; center: string; ebrid: string; cmd: Command; sessionId: number; bytes: Uint8Array }
  /** The terminal said hello on another gateway: close its connection here, silently. */
  | { t: 'drop'; center: string; ebrid: string }
  | { t: 'idle'; id: number }
  | { t: 'stop'; id: number };

export type FromGateway =
  | { t: 'ready' }
  | { t: 'lookup'; id: number; ebrid: string }
  | { t: 'claim'; id: number; ebrid: string; sigTime: number; sessionId: number }
  | { t: 'sink'; id: number; calls: SinkCall[] }
  | { t: 'answer'; id: number; value: boolean };
