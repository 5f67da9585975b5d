/**
 * What the terminals of one fleet process said, kept by column until the parent collects
 * it: a burst of 5,000 acks leaves a few arrays of numbers and shared strings behind, not
 * 5,000 objects that outlive the burst (each one copied by the young generation's
 * collections and then promoted). `count` answers from a set per (EBMID, state) without
 * looking at the acks.
 */
import type { BrainAck } from '../dispatch/sim-brain.ts';
import type { FleetEvent } from './types.ts';

/** EBMIDs whose counts are kept (a long-running simulator hears many broadcasts). */
const COUNTED_EBMIDS = 16;

export class AckLog {
  #ebrid: string[] = [];
  #ebmid: (string | null)[] = [];
  #state: string[] = [];
  #reason: (string | undefined)[] = [];
  #at: number[] = [];
  #verifyWaitMs: number[] = [];
  /** EBMID → state → the terminals (by index) that said it. */
  readonly #said = new Map<string, Map<string, Set<number>>>();

  /** Terminal `index` (`ebrid`) said `ack` at `atMs`, having waited `verifyWaitMs` for its signature verdict. */
  add(index: number, ebrid: string, ack: BrainAck, atMs: number, verifyWaitMs = 0): void {
    this.#ebrid.push(ebrid);
    this.#ebmid.push(ack.ebmid);
    this.#state.push(ack.state);
    this.#reason.push(ack.reason);
    this.#at.push(atMs);
    this.#verifyWaitMs.push(verifyWaitMs);
    if (ack.ebmid === null) return;
    let byState = this.#said.get(ack.ebmid);
    if (!byState) {
      if (this.#said.size >= COUNTED_EBMIDS) this.#said.delete(this.#said.keys().next().value!);
      this.#said.set(ack.ebmid, (byState = new Map()));
    }
    let who = byState.get(ack.state);
    if (!who) byState.set(ack.state, (who = new Set()));
    who.add(index);
  }

  /** How many terminals said `state` about `ebmid` (each once, whatever they said after). */
  count(ebmid: string, state: string): number {
    return this.#said.get(ebmid)?.get(state)?.size ?? 0;
  }

  /** Everything said since the last drain, as events, oldest first. */
  drain(): FleetEvent[] {
    const out: FleetEvent[] = [];
    for (let i = 0; i < this.#ebrid.length; i++) {
      const e: FleetEvent = { ebrid: this.#ebrid[i]!, ebmid: this.#ebmid[i]!, state: this.#state[i]!, at: this.#at[i]! };
      if (this.#reason[i] !== undefined) e.reason = this.#reason[i];
      if (this.#verifyWaitMs[i]) e.verifyWaitMs = this.#verifyWaitMs[i];
      out.push(e);
    }
    this.#ebrid = [];
    this.#ebmid = [];
    this.#state = [];
    this.#reason = [];
    this.#at = [];
    this.#verifyWaitMs = [];
    return out;
  }
}
