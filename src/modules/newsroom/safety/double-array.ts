/**
 * Builds the Aho–Corasick tables as a double-array trie over dense alphabet ids.
 *
 * A state is a slot. The child of state `s` on id `c` is slot `t = base[s] + c`, and it
 * belongs to `s` only if `check[t] === s`: one addition and one comparison per step, no
 * hashing, no objects, nothing for the garbage collector to walk. (Interleaving the
 * arrays into one cell per slot was measured too: it was slightly slower in V8.)
 *
 * The trie is built breadth-first straight from the words: a node is a range of word
 * indices sharing a prefix, split among its children by a counting sort on the next
 * code unit (an MSD radix sort folded into the BFS), so no pointer trie and no string
 * sort is needed. Failure links are set in the same pass: BFS order guarantees that a
 * node's failure target, and that target's children, are already placed.
 */

/** The finished tables, one Int32Array per field, indexed by slot. */
export interface DoubleArrayTables {
  /** `base[s] + c` is the slot of the child of `s` on alphabet id `c`. */
  base: Int32Array;
  /** `check[t]` is the parent of slot `t`; negative for a free slot and for the root. */
  check: Int32Array;
  /** Failure link: the state of the longest proper suffix that is also a trie path. */
  fail: Int32Array;
  /** First state with output among `s` and its suffixes, or -1: tested at every step. */
  report: Int32Array;
  /** Dictionary suffix link: `report` of `fail[s]`, the next shorter state with output. */
  dict: Int32Array;
  /** First word index ending exactly at the slot, or -1. */
  term: Int32Array;
  /** Per word: next word index with the same (folded) text, or -1. */
  nextSame: Int32Array;
  /** Number of states, root included. */
  states: number;
}

/** The words as one buffer of folded code units: word `w` is units[starts[w]…starts[w+1]). */
export interface WordUnits {
  units: Uint16Array;
  starts: Int32Array;
}

const ROOT = 0;
const FREE = -1;
/** A free slot that anchors this many failed multi-child placements stops anchoring them. */
const RETIRE_AFTER = 8;

/**
 * Growable build-time slot arrays, and two "next free slot at or after i" forests
 * (union–find with path halving): `free` over every free slot, `anchors` over the free
 * slots still worth trying as the first child of a multi-child node.
 */
class Slots {
  base = new Int32Array(0);
  check = new Int32Array(0);
  fail = new Int32Array(0);
  term = new Int32Array(0);
  private free = new Int32Array(1);
  private anchors = new Int32Array(1);
  private tries = new Uint8Array(0);
  size = 0;

  constructor(initial: number) {
    this.grow(Math.max(initial, 1024));
    this.take(ROOT);
    this.check[ROOT] = -2; // the root: taken, and no state is its parent
  }

  /** Ensures slot `i` exists. */
  reserve(i: number): void {
    if (i >= this.size) this.grow(Math.max(i + 1, Math.ceil(this.size * 1.25)));
  }

  private grow(size: number): void {
    const old = this.size;
    const resize = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T, fill: number): T => {
      const b = make(size);
      b.set(a);
      b.fill(fill, old);
      return b;
    };
    const i32 = (n: number) => new Int32Array(n);
    this.base = resize(this.base, i32, 0);
    this.check = resize(this.check, i32, FREE);
    this.fail = resize(this.fail, i32, ROOT);
    this.term = resize(this.term, i32, -1);
    this.tries = resize(this.tries, (n) => new Uint8Array(n), 0);
    // One extra entry, the sentinel `size`, which is "free" and means: grow first.
    const forest = (a: Int32Array) => {
      const b = new Int32Array(size + 1);
      b.set(a.subarray(0, old));
      for (let i = old; i <= size; i++) b[i] = i;
      return b;
    };
    this.free = forest(this.free);
    this.anchors = forest(this.anchors);
    this.size = size;
  }

  /** Marks slot `i` as taken by a state. */
  take(i: number): void {
    this.free[i] = i + 1;
    this.anchors[i] = i + 1;
  }

  /**
   * A base at which every label's slot is free. A node with one child (most of them)
   * takes the first free slot: that fills the holes left between wider nodes. Wider
   * nodes try anchors in order, and an anchor that keeps failing is retired, so the
   * crowded front of the array is not rescanned for every node (as in darts-clone).
   */
  findBase(labels: Int32Array, count: number, anchor: number): number {
    if (count === 1) {
      const p = this.firstFree(false, anchor);
      return p - anchor;
    }
    for (let p = this.firstFree(true, anchor); ; p = this.firstFree(true, p + 1)) {
      if (this.fits(p - anchor, labels, count)) return p - anchor;
      if (++this.tries[p] >= RETIRE_AFTER) this.anchors[p] = p + 1;
    }
  }

  /** The first free slot ≥ i (among anchors only, if asked), growing the arrays if needed. */
  private firstFree(anchorsOnly: boolean, i: number): number {
    for (let from = i; ; ) {
      if (from >= this.size) this.grow(Math.max(from + 1, Math.ceil(this.size * 1.25)));
      const f = anchorsOnly ? this.anchors : this.free;
      let p = from;
      while (f[p] !== p) {
        f[p] = f[f[p]];
        p = f[p];
      }
      if (p < this.size) return p;
      from = p; // the sentinel: nothing free up to the end
    }
  }

  private fits(b: number, labels: Int32Array, count: number): boolean {
    for (let k = 0; k < count; k++) {
      const t = b + labels[k];
      if (t < this.size && this.check[t] !== FREE) return false;
    }
    return true;
  }
}

/**
 * Builds the tables for `words` (folded code units). `classOf` maps a folded unit to
 * its dense id 1…`alphabetSize`.
 */
export function buildDoubleArray(words: WordUnits, classOf: Int32Array, alphabetSize: number): DoubleArrayTables {
  return new Builder(words, classOf, alphabetSize).build();
}

/** One BFS over the trie: a queue of nodes, each a range of word indices and a depth. */
class Builder {
  private readonly slots: Slots;
  private readonly qSlot: Int32Array;
  private readonly qLo: Int32Array;
  private readonly qHi: Int32Array;
  private readonly qDepth: Int32Array;
  private qLength = 1;
  /** Word indices; each queued node owns the range [qLo, qHi). */
  private readonly idx: Int32Array;
  private readonly tmp: Int32Array;
  /** Counting sort per node: words per label, then each label's range end. */
  private readonly count: Int32Array;
  private readonly labels: Int32Array;
  private labelCount = 0;
  private readonly nextSame: Int32Array;

  constructor(
    private readonly words: WordUnits,
    private readonly classOf: Int32Array,
    private readonly alphabetSize: number,
  ) {
    const n = words.starts.length - 1;
    const states = words.units.length + 1; // at most one state per code unit, plus the root
    // Single-child nodes fill the holes between wider ones, so this rarely grows.
    this.slots = new Slots(states + 2 * alphabetSize);
    this.qSlot = new Int32Array(states);
    this.qLo = new Int32Array(states);
    this.qHi = new Int32Array(states);
    this.qDepth = new Int32Array(states);
    this.qHi[0] = n;
    this.idx = new Int32Array(n);
    for (let i = 0; i < n; i++) this.idx[i] = i;
    this.tmp = new Int32Array(n);
    this.count = new Int32Array(alphabetSize + 1);
    this.labels = new Int32Array(alphabetSize);
    this.nextSame = new Int32Array(n).fill(-1);
  }

  build(): DoubleArrayTables {
    let maxBase = 0;
    for (let h = 0; h < this.qLength; h++) {
      const ending = this.split(h);
      if (this.labelCount > 0) maxBase = Math.max(maxBase, this.placeChildren(h, this.qLo[h] + ending));
    }
    return this.finish(maxBase + this.alphabetSize + 1);
  }

  /**
   * Splits the words of node `h`: those ending at its depth become its `term` chain (in
   * index order) and move to the front of its range; the rest are counting-sorted by
   * their next unit into contiguous child ranges. Returns how many words end here, and
   * leaves the distinct labels in `labels` and each label's range end in `count`.
   */
  private split(h: number): number {
    const { idx, tmp, count, labels, classOf, nextSame } = this;
    const { units, starts } = this.words;
    const lo = this.qLo[h];
    const hi = this.qHi[h];
    const depth = this.qDepth[h];
    let term = -1;
    let last = -1;
    let ending = 0;
    this.labelCount = 0;
    for (let k = lo; k < hi; k++) {
      const w = idx[k];
      if (starts[w + 1] - starts[w] === depth) {
        if (last >= 0) nextSame[last] = w;
        else term = w;
        last = w;
        ending++;
      } else {
        const c = classOf[units[starts[w] + depth]];
        if (count[c]++ === 0) labels[this.labelCount++] = c;
      }
    }
    // Prefix sums turn sizes into positions, then a stable scatter groups by label.
    let pos = 0;
    for (let g = 0; g < this.labelCount; g++) {
      const size = count[labels[g]];
      count[labels[g]] = pos;
      pos += size;
    }
    for (let k = lo; k < hi; k++) {
      const w = idx[k];
      if (starts[w + 1] - starts[w] !== depth) tmp[count[classOf[units[starts[w] + depth]]]++] = w;
    }
    for (let k = 0, to = lo + ending; k < pos; k++) idx[to + k] = tmp[k]; // no subarray view per node
    this.slots.term[this.qSlot[h]] = term;
    return ending;
  }

  /** Places the children of node `h` (their words start at `lo`), queues them, returns the base. */
  private placeChildren(h: number, lo: number): number {
    const { labels, count, slots } = this;
    const s = this.qSlot[h];
    const n = this.labelCount;
    let anchor = labels[0];
    for (let g = 1; g < n; g++) if (labels[g] < anchor) anchor = labels[g];
    const b = slots.findBase(labels, n, anchor);
    slots.reserve(b + this.alphabetSize);
    slots.base[s] = b;
    let start = lo;
    for (let g = 0; g < n; g++) {
      const c = labels[g];
      const t = b + c;
      const end = lo + count[c]; // after the scatter, count[c] is the end of c's range
      count[c] = 0;
      slots.check[t] = s;
      slots.take(t);
      slots.fail[t] = s === ROOT ? ROOT : this.failureTarget(slots.fail[s], c);
      const q = this.qLength++;
      this.qSlot[q] = t;
      this.qLo[q] = start;
      this.qHi[q] = end;
      this.qDepth[q] = this.qDepth[h] + 1;
      start = end;
    }
    return b;
  }

  /** goto(u, c), following failure links from `u` until a state has a child on `c`. */
  private failureTarget(from: number, c: number): number {
    const { base, check, fail } = this.slots;
    for (let u = from; ; u = fail[u]) {
      const v = base[u] + c;
      if (check[v] === u) return v;
      if (u === ROOT) return ROOT;
    }
  }

  /**
   * Trims the tables to `length` slots, enough that `base[s] + c` is always in range,
   * and derives the output links. They need only `term` and `fail`, and the queue's BFS
   * order reaches every failure target before the states that point to it.
   */
  private finish(length: number): DoubleArrayTables {
    const { slots } = this;
    slots.reserve(length - 1);
    const { fail, term } = slots;
    const report = new Int32Array(length).fill(-1);
    const dict = new Int32Array(length).fill(-1);
    for (let h = 1; h < this.qLength; h++) {
      const s = this.qSlot[h];
      dict[s] = report[fail[s]];
      report[s] = term[s] >= 0 ? s : dict[s];
    }
    const trim = (a: Int32Array) => a.slice(0, length);
    const { nextSame, qLength: states } = this;
    return { base: trim(slots.base), check: trim(slots.check), fail: trim(fail), report, dict, term: trim(term), nextSame, states };
  }
}
