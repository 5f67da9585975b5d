/**
 * Aho–Corasick over UTF-16 code units: every occurrence of every dictionary word,
 * overlapping and nested ones included (应急广播, 急广 and 广播 inside 应急广播), in one
 * left-to-right pass whose cost does not grow with the dictionary.
 *
 * Offsets are UTF-16 code-unit positions in the caller's string, the unit the browser
 * editor highlights with. Matching on code units handles astral characters (emoji,
 * CJK extension B) for free: a well-formed word starts and ends on whole characters, so
 * it can never match half of a surrogate pair.
 */
import { buildAlphabet, unitFolder, type FoldOptions } from './alphabet.ts';
import { buildDoubleArray, type DoubleArrayTables } from './double-array.ts';

export type { FoldOptions } from './alphabet.ts';

/** A dictionary word and the caller's payload id, reported back with each match. */
export interface WordEntry {
  text: string;
  id: number;
}

/** One occurrence: `text.slice(start, end)` is the matched word (before folding). */
export interface WordMatch {
  start: number;
  end: number;
  id: number;
}

/** Receives each occurrence; called in order of `end`, longest first at equal `end`. */
export type MatchHandler = (start: number, end: number, id: number) => void;

/** Size figures of a compiled automaton. */
export interface AutomatonStats {
  words: number;
  states: number;
  /** Length of the double-array (states plus the holes between them). */
  slots: number;
  alphabetSize: number;
  /** Bytes held in typed arrays (the whole automaton, apart from a few small objects). */
  bytes: number;
}

/** A compiled, immutable dictionary. Build it once with `compile` and share it. */
export class Automaton {
  readonly stats: AutomatonStats;
  private readonly transitions: Transitions;
  private readonly outputs: Outputs;

  /** @internal use `compile`. */
  constructor(classOf: Int32Array, alphabetSize: number, tables: DoubleArrayTables, words: readonly WordEntry[]) {
    const { base, check, fail, report, dict, term, nextSame } = tables;
    this.transitions = { classOf, base, check, fail, report };
    const wordLength = new Int32Array(words.length);
    const ids = new Float64Array(words.length); // ids may be any safe integer
    for (let i = 0; i < words.length; i++) {
      wordLength[i] = words[i].text.length;
      ids[i] = words[i].id;
    }
    this.outputs = { dict, term, nextSame, wordLength, ids };
    const arrays = [classOf, base, check, fail, report, dict, term, nextSame, wordLength, ids];
    this.stats = {
      words: words.length,
      states: tables.states,
      slots: base.length,
      alphabetSize,
      bytes: arrays.reduce((n, a) => n + a.byteLength, 0),
    };
  }

  /**
   * Calls `onMatch(start, end, id)` for every occurrence of every word in `text`, in
   * order of `end`. Allocates nothing: the fastest way to count, filter or collect.
   */
  scan(text: string, onMatch: MatchHandler): void {
    scanText(this.transitions, this.outputs, text, onMatch);
  }

  /** Every occurrence as `{ start, end, id }`, in order of `end` (see `scan`). */
  findAll(text: string): WordMatch[] {
    const out: WordMatch[] = [];
    scanText(this.transitions, this.outputs, text, (start, end, id) => out.push({ start, end, id }));
    return out;
  }

  /** True if any word occurs in `text`; stops at the first one. */
  test(text: string): boolean {
    return firstMatchEnd(this.transitions, text) >= 0;
  }
}

/** What the scan loop reads at every step. */
interface Transitions {
  /** Code unit → alphabet id; 0 for a unit that is in no word. */
  classOf: Int32Array;
  base: Int32Array;
  check: Int32Array;
  fail: Int32Array;
  report: Int32Array;
}

/** What a state outputs: per-slot chain heads and per-word data. */
interface Outputs {
  dict: Int32Array;
  term: Int32Array;
  nextSame: Int32Array;
  wordLength: Int32Array;
  ids: Float64Array;
}

/** The Aho–Corasick walk: one goto per code unit, failure links when there is none. */
function scanText(tr: Transitions, outputs: Outputs, text: string, onMatch: MatchHandler): void {
  const { classOf, base, check, fail, report } = tr;
  let s = 0; // the root
  for (let i = 0, n = text.length; i < n; i++) {
    const c = classOf[text.charCodeAt(i)];
    if (c === 0) {
      s = 0; // a unit that no word contains: no match can span it
      continue;
    }
    for (;;) {
      const t = base[s] + c;
      if (check[t] === s) {
        s = t;
        break;
      }
      if (s === 0) break;
      s = fail[s];
    }
    if (report[s] >= 0) emitMatches(outputs, report[s], i + 1, onMatch);
  }
}

/** The end of the first match in `text`, or -1: the same walk as `scanText`, stopping early. */
function firstMatchEnd(tr: Transitions, text: string): number {
  const { classOf, base, check, fail, report } = tr;
  let s = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = classOf[text.charCodeAt(i)];
    if (c === 0) {
      s = 0;
      continue;
    }
    for (;;) {
      const t = base[s] + c;
      if (check[t] === s) {
        s = t;
        break;
      }
      if (s === 0) break;
      s = fail[s];
    }
    if (report[s] >= 0) return i + 1;
  }
  return -1;
}

/** Walks the output chain of a state: its own words, then those of shorter suffixes. */
function emitMatches(outputs: Outputs, first: number, end: number, onMatch: MatchHandler): void {
  const { dict, term, nextSame, wordLength, ids } = outputs;
  for (let r = first; r >= 0; r = dict[r]) {
    for (let w = term[r]; w >= 0; w = nextSame[w]) onMatch(end - wordLength[w], end, ids[w]);
  }
}

/**
 * Compiles `words` into an automaton. Words may repeat (each entry is reported with its
 * own id); an empty word is rejected because it would match everywhere. With folding
 * options, words and text are compared after folding, and offsets still refer to the
 * original text because every fold maps one code unit to one code unit.
 */
export function compile(words: readonly WordEntry[], options: FoldOptions = {}): Automaton {
  const fold = unitFolder(options);
  const starts = new Int32Array(words.length + 1);
  for (let i = 0; i < words.length; i++) {
    if (words[i].text.length === 0) throw new RangeError(`compile: word ${i} is empty; an empty word would match everywhere`);
    starts[i + 1] = starts[i] + words[i].text.length;
  }
  const units = new Uint16Array(starts[words.length]);
  for (let i = 0; i < words.length; i++) {
    const text = words[i].text;
    for (let k = 0; k < text.length; k++) {
      const u = text.charCodeAt(k);
      units[starts[i] + k] = fold === null ? u : fold(u);
    }
  }
  const alphabet = buildAlphabet(units, fold);
  const tables = buildDoubleArray({ units, starts }, alphabet.classOf, alphabet.size);
  return new Automaton(alphabet.classOf, alphabet.size, tables, words);
}
