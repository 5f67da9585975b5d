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

/**
 * Consecutive acks of one center, by column: a county's burst of thousands crosses over
 * as a few arrays of strings, which the structured clone copies several times faster
 * than as many small objects (and the platform reads faster).
 */
export interface AckRun {
  k: 'acks';
  center: string;
  ebrid: string[];
  ebmid: (string | null)[];
  state: Ack['state'][];
  /** null: the ack has no reason. */
  reason: (string | null)[];
  at: string[];
}

/** What crosses over: calls in order, runs of acks packed. */
export type SinkBatchItem = Exclude<SinkCall, { k: 'ack' }> | AckRun;

/** Appends a call to a batch, packing an ack into the run of acks it follows. */
export function appendCall(batch: SinkBatchItem[], call: SinkCall): void {
  if (call.k !== 'ack') return void batch.push(call);
  let run = batch.at(-1);
  if (run?.k !== 'acks' || run.center !== call.center) {
    run = { k: 'acks', center: call.center, ebrid: [], ebmid: [], state: [], reason: [], at: [] };
    batch.push(run);
  }
  run.ebrid.push(call.ebrid);
  run.ebmid.push(call.ack.ebmid);
  run.state.push(call.ack.state);
  run.reason.push(call.ack.reason ?? null);
  run.at.push(call.ack.at);
}

/** The calls of a batch, in order (runs unpacked). */
export function* callsOf(batch: readonly SinkBatchItem[]): Generator<SinkCall> {
  for (const item of batch) {
    if (item.k !== 'acks') {
      yield item;
      continue;
    }
    for (let i = 0; i < item.ebrid.length; i++) {
      const ack: Ack = { ebmid: item.ebmid[i]!, state: item.state[i]!, at: item.at[i]! };
      const reason = item.reason[i];
      if (reason !== null && reason !== undefined) ack.reason = reason;
      yield { k: 'ack', center: item.center, ebrid: item.ebrid[i]!, ack };
    }
  }
}

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
  | { t: 'sink'; id: number; calls: SinkBatchItem[] }
  | { t: 'answer'; id: number; value: boolean };
