/**
 * The automaton's alphabet: a dense id for every UTF-16 code unit that occurs in the
 * dictionary, after optional folding. A Chinese dictionary uses a few thousand of the
 * 65,536 code units; numbering only those keeps the double-array small, and a text unit
 * outside the alphabet (id 0) can only send the automaton back to its root.
 *
 * Folding is done per code unit and maps one unit to one unit, so offsets found in the
 * folded text are offsets in the original string: no position map is needed, and the
 * fold costs nothing at scan time because it is baked into the unit → id table.
 */

/** How text and words are normalised before matching. */
export interface FoldOptions {
  /** ASCII A–Z match a–z (and, with `foldWidth`, Ａ–Ｚ / ａ–ｚ too). Default false. */
  foldCase?: boolean;
  /**
   * Full-width ASCII forms U+FF01–U+FF5E match their half-width twins (Ａ→A, １→1, ！→!),
   * and the ideographic space U+3000 matches a space. Default false.
   */
  foldWidth?: boolean;
}

const FULLWIDTH_FIRST = 0xff01;
const FULLWIDTH_LAST = 0xff5e;
const FULLWIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;

/** Returns the folding function for `options`, or null when nothing is folded. */
export function unitFolder(options: FoldOptions): ((unit: number) => number) | null {
  const { foldCase = false, foldWidth = false } = options;
  if (!foldCase && !foldWidth) return null;
  return (unit) => {
    let u = unit;
    if (foldWidth) {
      if (u >= FULLWIDTH_FIRST && u <= FULLWIDTH_LAST) u -= FULLWIDTH_OFFSET;
      else if (u === IDEOGRAPHIC_SPACE) u = 0x20;
    }
    if (foldCase && u >= 0x41 && u <= 0x5a) u += 0x20;
    return u;
  };
}

/** Applies `fold` to every code unit of `text` (identity when `fold` is null). */
export function foldText(text: string, fold: ((unit: number) => number) | null): string {
  if (fold === null) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(fold(text.charCodeAt(i)));
  return out;
}

/** A dense alphabet: `classOf[unit]` is the id (1…size) of a code unit, 0 if absent. */
export interface Alphabet {
  classOf: Int32Array;
  size: number;
}

/**
 * Numbers the code units of the (already folded) words' units, most frequent first: the
 * children of busy states then sit close together in the double-array, which keeps it
 * dense. Units that fold onto an alphabet unit share its id.
 */
export function buildAlphabet(foldedUnits: Uint16Array, fold: ((unit: number) => number) | null): Alphabet {
  const counts = new Float64Array(0x10000);
  for (let i = 0; i < foldedUnits.length; i++) counts[foldedUnits[i]]++;
  const units: number[] = [];
  for (let u = 0; u < 0x10000; u++) if (counts[u] > 0) units.push(u);
  units.sort((a, b) => counts[b] - counts[a] || a - b);
  const classOf = new Int32Array(0x10000);
  units.forEach((u, i) => (classOf[u] = i + 1));
  if (fold !== null) {
    for (let u = 0; u < 0x10000; u++) {
      const f = fold(u);
      if (f !== u) classOf[u] = classOf[f];
    }
  }
  return { classOf, size: units.length };
}
