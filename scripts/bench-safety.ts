/**
 * `npm run bench:safety`: our content-safety matcher against the npm Aho–Corasick
 * libraries, on one generated 100,000-word Chinese dictionary and a 1 MiB (UTF-8) text.
 *
 * Each contender runs in its own child process (`--only <name>`), so its peak RSS is its
 * own; every child regenerates the same inputs from fixed seeds. The parent prints ONE
 * JSON object. Nothing here asserts on timings: the numbers are facts to read.
 *
 *   node --import tsx scripts/bench-safety.ts              all contenders, JSON to stdout
 *   node --import tsx scripts/bench-safety.ts --only ours  one child's JSON
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { compile, type WordEntry, type WordMatch } from '../src/modules/newsroom/safety/automaton.ts';
import { SafetyChecker, type SafetyLevel } from '../src/modules/newsroom/safety/checker.ts';
import { generateDictionary, generateText, utf8Bytes } from '../src/modules/newsroom/safety/fixtures.ts';

const INPUTS = { dictionarySeed: 20240501, textSeed: 20240502, words: 100_000, textUtf8Bytes: 1 << 20, plantEvery: 40 };
const MAX_RUNS = 7;
const MIN_RUNS = 3;
/** A contender whose one full-text scan would take longer than this is measured on a slice. */
const FULL_SCAN_BUDGET_MS = 4_000;
const SLICE_UTF8_BYTES = 100_000;
/** modern-ahocorasick segments its input with Intl.Segmenter, quadratic on Node 20. */
const MODERN_CHUNK_UNITS = 1_000;

const require = createRequire(import.meta.url);

/** A scan's result, converted (outside the timed part) to sorted span keys. */
type Spans = () => number[];
interface Matcher {
  search(text: string): Spans;
  /** Further timings worth printing for this contender (medians, ms). */
  extra?(text: string): Record<string, number>;
}
interface Contender {
  allOverlaps: boolean; // reports every overlapping occurrence, so its spans must equal ours
  positions: boolean; // reports positions at all
  notes: string[];
  build(words: string[]): Promise<Matcher>;
}

// A minimal declaration for the one library without TypeScript types of its own.
type BrunoAhoCorasick = new (words: string[]) => { search(text: string): [number, string[]][] };

/** A match key: the start and the length, enough to name a word since words are distinct. */
const key = (start: number, end: number): number => start * 256 + (end - start);
const sortedKeys = (keys: number[]): number[] => Array.from(Float64Array.from(keys).sort());

const CONTENDERS: Record<string, Contender> = {
  ours: {
    allOverlaps: true, positions: true,
    notes: ['findAll() returning { start, end, id } objects, like the other libraries return arrays'],
    async build(words) {
      const entries = (): WordEntry[] => words.map((text, id) => ({ text, id })); // not kept alive
      const a = compile(entries());
      return {
        search: (text) => spansOf(a.findAll(text)),
        extra(text) {
          const folded = compile(entries(), { foldCase: true, foldWidth: true });
          const level = (i: number): SafetyLevel => (i % 10 === 0 ? 'block' : 'review');
          const dictionary = { version: 'bench', entries: words.map((word, i) => ({ word, level: level(i) })) };
          const bannedHosts = Array.from({ length: 1000 }, (_, i) => `site${i}.example.com`);
          const checker = new SafetyChecker({ dictionary, bannedHosts });
          return {
            scanCallbackMs: timeMs(() => a.scan(text, () => undefined)),
            foldedFindAllMs: timeMs(() => folded.findAll(text)),
            safetyCheckerCheckMs: timeMs(() => checker.check(text)),
          };
        },
      };
    },
  },
  'modern-ahocorasick': {
    allOverlaps: true, positions: true,
    notes: [
      `uses Intl.Segmenter (quadratic on long strings in Node 20): fed ${MODERN_CHUNK_UNITS}-unit chunks overlapping by the longest word, matches de-duplicated by chunk`,
    ],
    async build(words) {
      const { default: ModernAhoCorasick } = await import('modern-ahocorasick');
      const ac = new ModernAhoCorasick(words);
      const overlap = Math.max(...words.map((w) => w.length));
      return {
        search(text) {
          const found: number[] = [];
          for (let from = 0; from < text.length; ) {
            const to = pairSafe(text, Math.min(text.length, from + MODERN_CHUNK_UNITS));
            const chunk = text.slice(from, pairSafe(text, Math.min(text.length, to + overlap)));
            for (const m of ac.search(chunk)) if (from + m.start < to) found.push(key(from + m.start, from + m.end));
            from = to;
          }
          return () => sortedKeys(found);
        },
        // Unchunked, for the record: the cost grows faster than the length.
        extra: (text) => Object.fromEntries([5_000, 10_000, 20_000].map((n) => [`unchunked${n / 1000}kUnitsMs`, timeMs(() => ac.search(text.slice(0, n)), 1)])),
      };
    },
  },
  ahocorasick: {
    allOverlaps: true, positions: true,
    notes: ['reports [end index, words[]]; spans derived from word lengths'],
    async build(words) {
      const Lib = require('ahocorasick') as BrunoAhoCorasick;
      const ac = new Lib(words);
      return {
        search(text) {
          const r = ac.search(text);
          return () => sortedKeys(r.flatMap(([last, ws]) => ws.map((w) => key(last + 1 - w.length, last + 1))));
        },
      };
    },
  },
  'mint-filter': {
    allOverlaps: false, positions: false,
    notes: [
      'filter(text, { replace: false }) returns matched words without positions',
      'reports at most one word per end position (no output links): misses nested words',
      'lower-cases text and words (our run is case-sensitive; the generated words are lower-case)',
    ],
    async build(words) {
      const { Mint } = await import('mint-filter');
      const m = new Mint(words);
      return {
        search(text) {
          const r = m.filter(text, { replace: false });
          return () => r.words.map(() => 0);
        },
      };
    },
  },
  '@monyone/aho-corasick/fast': {
    allOverlaps: true, positions: true,
    notes: ['the package\'s "./fast" export (double-array trie)'],
    async build(words) {
      const { AhoCorasick } = await import('@monyone/aho-corasick/fast');
      const ac = new AhoCorasick(words);
      return {
        search(text) {
          const r = ac.matchInText(text);
          return () => sortedKeys(r.map((m) => key(m.begin, m.end)));
        },
      };
    },
  },
};

function spansOf(matches: WordMatch[]): Spans {
  return () => sortedKeys(matches.map((m) => key(m.start, m.end)));
}

/** Moves a cut that would split a surrogate pair one unit back. */
const pairSafe = (text: string, at: number): number => (/[\udc00-\udfff]/.test(text.charAt(at)) && at > 0 ? at - 1 : at);

/** Median wall time of `runs` calls of `f`, in ms. */
const timeMs = (f: () => unknown, runs = 5): number => round(timed(f, runs).medianMs);

/** Calls `f` `runs` times, or MIN_RUNS–MAX_RUNS times within the scan budget; median ms. */
function timed<T>(f: () => T, runs?: number): { medianMs: number; cpuMs: number; runs: number; last: T } {
  const times: number[] = [];
  const cpu: number[] = []; // CPU time too: on a loaded machine it moves less than wall time
  const started = performance.now();
  const enough = (): boolean =>
    runs !== undefined
      ? times.length >= runs
      : times.length >= MAX_RUNS || (times.length >= MIN_RUNS && performance.now() - started > FULL_SCAN_BUDGET_MS);
  let last: T;
  do {
    const [t0, c0] = [performance.now(), process.cpuUsage()];
    last = f();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  } while (!enough());
  return { medianMs: median(times), cpuMs: median(cpu), runs: times.length, last };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number): number => round(bytes / 1e6);
const peakRss = (): number => mb(process.resourceUsage().maxRSS * 1024);
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
/** Two full collections (needs --expose-gc): ArrayBuffer memory is freed by the second. */
const gc = (): void => [1, 2].forEach(() => (globalThis as { gc?: () => void }).gc?.());
const digest = (keys: number[]): string => createHash('sha256').update(Float64Array.from(keys)).digest('hex').slice(0, 16);

function inputs(): { words: string[]; text: string; slice: string } {
  const words = generateDictionary({ seed: INPUTS.dictionarySeed, words: INPUTS.words });
  const text = generateText({ seed: INPUTS.textSeed, utf8Bytes: INPUTS.textUtf8Bytes, dictionary: words, plantEvery: INPUTS.plantEvery });
  const sliceUnits = Math.round((text.length * SLICE_UTF8_BYTES) / utf8Bytes(text));
  return { words, text, slice: text.slice(0, pairSafe(text, sliceUnits)) };
}

/** The child: build, scan and measure one contender (`baseline`: only make the inputs). */
async function runOne(name: string): Promise<Result | { name: string; peakRssMB: number }> {
  const { words, text, slice } = inputs();
  gc();
  if (name === 'baseline') return { name, peakRssMB: peakRss() };
  const contender = CONTENDERS[name];
  if (contender === undefined) throw new Error(`unknown contender ${name}; one of: ${Object.keys(CONTENDERS).join(', ')}`);
  return measure(name, contender, words, text, slice);
}

/** A child's figures for one contender; `matches` counts the scanned text (the slice if extrapolated). */
type Result = Awaited<ReturnType<typeof measure>> & { peakOverBaselineMB?: number; agreesWithOurs?: boolean | string };
type Outcome = Result | { name: string; error: string };

async function measure(name: string, contender: Contender, words: string[], text: string, slice: string) {
  const before = process.memoryUsage();
  const t0 = performance.now();
  const matcher = await contender.build(words);
  const buildMs = performance.now() - t0;
  gc();
  const after = process.memoryUsage();
  const probe = timed(() => matcher.search(slice)); // also the warm-up
  const extrapolated = (probe.medianMs * text.length) / slice.length > FULL_SCAN_BUDGET_MS;
  const scanned = extrapolated ? slice : text;
  const full = extrapolated ? probe : timed(() => matcher.search(text));
  const keys = full.last();
  const peakRssMB = peakRss(); // before the extras, which may build more
  const scanMs = (full.medianMs * text.length) / scanned.length;
  const scanCpuMs = (full.cpuMs * text.length) / scanned.length;
  return {
    name,
    buildMs: round(buildMs, 1),
    scanMs: round(scanMs),
    runs: full.runs,
    utf8MBPerSec: round(utf8Bytes(text) / 1e3 / scanMs, 1),
    mCharsPerSec: round(text.length / 1e3 / scanMs, 1),
    scanCpuMs: round(scanCpuMs),
    utf8MBPerCpuSec: round(utf8Bytes(text) / 1e3 / scanCpuMs, 1),
    matches: keys.length,
    scannedUtf16Units: scanned.length,
    extrapolated,
    spanDigest: contender.positions ? digest(keys) : null,
    sliceSpanDigest: contender.positions ? digest(probe.last()) : null,
    peakRssMB,
    retainedMB: mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers),
    allOverlaps: contender.allOverlaps,
    ...(matcher.extra ? { extraMs: matcher.extra(text) } : {}),
    notes: contender.notes,
  };
}

/** Runs one child process (`--only <name>`) and parses its JSON. */
function child<T>(name: string): T | { name: string; error: string } {
  const script = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', '--import', 'tsx', script, '--only', name];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 10 * 60_000 });
  if (r.status !== 0) return { name, error: `exit ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}` };
  return JSON.parse(r.stdout) as T;
}

/** The parent: one child per contender, one after the other (they would compete for CPU). */
function runAll(): Record<string, unknown> {
  const baseline = child<{ name: string; peakRssMB: number }>('baseline');
  const results: Outcome[] = Object.keys(CONTENDERS).map((name) => child<Result>(name));
  const ours = results[0];
  if ('error' in ours) return { error: ours.error };
  const done = results.filter((r): r is Result => !('error' in r));
  for (const r of done) {
    if (!('error' in baseline)) r.peakOverBaselineMB = round(r.peakRssMB - baseline.peakRssMB, 1);
    r.agreesWithOurs = agreement(ours, r);
  }
  const others = done.slice(1);
  const fastest = others.reduce<Result | null>((a, b) => (a === null || b.utf8MBPerSec > a.utf8MBPerSec ? b : a), null);
  return {
    benchmark: 'content-safety word matching (npm run bench:safety)',
    machine: { node: process.version, cpus: os.cpus().length, loadAverage1m: round(os.loadavg()[0]) },
    inputs: describeInputs(),
    method: {
      memory: 'each contender in its own child process (node --expose-gc --import tsx … --only <name>); peakRssMB = resourceUsage().maxRSS; baseline = a child that only generates the inputs (tsx alone is ~45 MB of it)',
      retainedMB: 'JS heap + ArrayBuffers held after the build, after full GCs',
      speed: `median of ${MIN_RUNS}–${MAX_RUNS} scans after a warm-up, wall time (and CPU time: *PerCpuSec); MB = 10^6 UTF-8 bytes of text; mChars = 10^6 UTF-16 code units`,
      timeBox: `a contender whose full scan would exceed ${FULL_SCAN_BUDGET_MS} ms is timed on the first ~${SLICE_UTF8_BYTES / 1000} KB and extrapolated (extrapolated: true)`,
      agreement: 'same sorted set of (start, end) spans as ours (sha-256 of the keys), on the same text',
    },
    baseline,
    results,
    summary: {
      oursUtf8MBPerSec: ours.utf8MBPerSec,
      oursUtf8MBPerCpuSec: ours.utf8MBPerCpuSec,
      fastestOther: fastest && { name: fastest.name, utf8MBPerSec: fastest.utf8MBPerSec },
      oursFasterThanAll: others.every((r) => r.utf8MBPerSec < ours.utf8MBPerSec),
      oursPeakRssMB: ours.peakRssMB,
      targets: { utf8MBPerSec: 50, peakRssMB: 150 },
    },
  };
}

function describeInputs(): Record<string, unknown> {
  const { words, text } = inputs();
  return {
    ...INPUTS,
    dictionary: `${words.length} distinct words: ~98% of 2–6 CJK characters (3,500-character pool of U+4E00–U+9FA5, skewed), ~2% ASCII`,
    textUtf8Bytes: utf8Bytes(text),
    textUtf16Units: text.length,
    text: 'pool characters, ~6% out-of-dictionary CJK, punctuation, ASCII words, emoji and CJK ext-B, a dictionary word every ~40 characters',
  };
}

function agreement(ours: Result, r: Result): boolean | string {
  if (r.spanDigest === null) return `not comparable (no positions): ${r.matches} matches vs our ${ours.matches}`;
  return r.extrapolated ? r.sliceSpanDigest === ours.sliceSpanDigest : r.spanDigest === ours.spanDigest;
}

const only = process.argv.indexOf('--only');
const output = only >= 0 ? await runOne(process.argv[only + 1] ?? '') : runAll();
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
