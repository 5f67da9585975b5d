/**
 * The bound IP-terminal connections of one process, found by terminal and by area: each
 * connection is listed under its own area code and every ancestor (areaChain), so the
 * connections inside a broadcast's areas are read off, not searched for among every
 * connection of the center (a county-wide start to 2,780 terminals found them in about
 * a millisecond by testing each; the list is there at once).
 */
import type { TerminalConnection as Conn } from './connection.ts';

export class BoundConnections {
  /** centerCode → EBRID → its connection. */
  readonly #byTerminal = new Map<string, Map<string, Conn>>();
  /** centerCode → area code → the connections in it (the area or below). */
  readonly #byArea = new Map<string, Map<string, Set<Conn>>>();

  get(centerCode: string, ebrid: string): Conn | undefined {
    return this.#byTerminal.get(centerCode)?.get(ebrid);
  }

  /** Lists a connection bound to its terminal (`c.centerCode`, `c.ebrid`, `c.areas` set); returns the one it replaces. */
  add(c: Conn): Conn | undefined {
    const center = c.centerCode!;
    const previous = this.get(center, c.ebrid!);
    if (previous) this.remove(previous);
    let terminals = this.#byTerminal.get(center);
    if (!terminals) this.#byTerminal.set(center, (terminals = new Map()));
    terminals.set(c.ebrid!, c);
    let areas = this.#byArea.get(center);
    if (!areas) this.#byArea.set(center, (areas = new Map()));
    for (const code of c.areas) {
      let inside = areas.get(code);
      if (!inside) areas.set(code, (inside = new Set()));
      inside.add(c);
    }
    return previous;
  }

  /** Unlists a connection; false when it is not the one listed for its terminal. */
  remove(c: Conn): boolean {
    const center = c.centerCode;
    if (!center || !c.ebrid || this.get(center, c.ebrid) !== c) return false;
    this.#byTerminal.get(center)!.delete(c.ebrid);
    const areas = this.#byArea.get(center)!;
    for (const code of c.areas) {
      const inside = areas.get(code);
      inside?.delete(c);
      if (inside?.size === 0) areas.delete(code);
    }
    return true;
  }

  /** The usable connections of a center inside any of `areas`, each once. */
  inside(centerCode: string, areas: readonly string[]): Conn[] {
    const index = this.#byArea.get(centerCode);
    const out: Conn[] = [];
    if (!index) return out;
    if (areas.length === 1) {
      for (const c of index.get(areas[0]!) ?? []) if (c.usable) out.push(c);
      return out;
    }
    const seen = new Set<Conn>();
    for (const a of areas) {
      for (const c of index.get(a) ?? []) {
        if (!c.usable || seen.has(c)) continue;
        seen.add(c);
        out.push(c);
      }
    }
    return out;
  }
}
