/**
 * Deterministic dictionaries and texts for the safety tests and `npm run bench:safety`.
 * The same seed gives the same data on every machine and in every child process, so
 * libraries measured in separate processes see identical inputs.
 */

/** A small, fast seeded PRNG (mulberry32): returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [lo, hi], both included. */
export function randomInt(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

const CJK_FIRST = 0x4e00;
const CJK_LAST = 0x9fa5;

/**
 * `size` distinct characters of the CJK Unified Ideographs block, a stand-in for the
 * ~3,500 characters of everyday Chinese (no frequency list ships with the project).
 */
export function cjkPool(rng: () => number, size = 3500): string[] {
  return cjkCodes(rng, size).map((u) => String.fromCharCode(u));
}

function cjkCodes(rng: () => number, size: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < size) chosen.add(randomInt(rng, CJK_FIRST, CJK_LAST));
  return [...chosen];
}

/** Picks from `pool` with a skew towards its front, like real character frequencies. */
export function skewedPick<T>(rng: () => number, pool: readonly T[]): T {
  const r = rng();
  return pool[Math.floor(r * r * pool.length)];
}

/** Options of `generateDictionary`. */
export interface DictionaryOptions {
  seed: number;
  words: number;
  /** Share of ASCII words (lower-case letters and digits, 3–10 long). Default 0.02. */
  asciiShare?: number;
  minLength?: number;
  maxLength?: number;
}

/** Distinct words: mostly 2–6 CJK characters, plus a share of ASCII words. */
export function generateDictionary(options: DictionaryOptions): string[] {
  const { seed, words, asciiShare = 0.02, minLength = 2, maxLength = 6 } = options;
  const rng = seededRandom(seed);
  const pool = cjkCodes(rng, 3500);
  const out = new Set<string>();
  while (out.size < words) {
    if (rng() < asciiShare) {
      out.add(randomAscii(rng, randomInt(rng, 3, 10)));
      continue;
    }
    // Built in one piece: a flat string, like words read from JSON or a database.
    const units = Array.from({ length: randomInt(rng, minLength, maxLength) }, () => skewedPick(rng, pool));
    out.add(String.fromCharCode(...units));
  }
  return [...out];
}

function randomAscii(rng: () => number, length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const units = Array.from({ length }, (_, i) => letters.charCodeAt(Math.floor(rng() * (i === 0 ? 26 : letters.length))));
  return String.fromCharCode(...units);
}

/** UTF-8 size of a string (what "1 MB of text" means for a file). */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Options of `generateText`. */
export interface TextOptions {
  seed: number;
  /** Approximate size of the text in UTF-8 bytes. */
  utf8Bytes: number;
  /** Words to plant in the text. */
  dictionary: readonly string[];
  /** Mean number of characters between two planted words. Default 40. */
  plantEvery?: number;
}

const PUNCTUATION = ['，', '。', '、', '；', '：', '“', '”', '！', '？', '\n'];
const ASTRAL = ['😀', '👍', '🎉', '𠀀', '𠮷', '𡈽'];

/**
 * Chinese-like text: characters from the same pool as the dictionary (so random matches
 * of short words happen too), punctuation, some ASCII, some astral characters (emoji,
 * CJK extension B) and, every `plantEvery` characters on average, a dictionary word.
 */
export function generateText(options: TextOptions): string {
  const { seed, dictionary, plantEvery = 40 } = options;
  const rng = seededRandom(seed);
  const pool = cjkPoolOfDictionary(dictionary);
  const others = cjkPool(seededRandom(seed ^ 0x5a5a), 1000); // mostly not in the dictionary
  const parts: string[] = [];
  let bytes = 0;
  while (bytes < options.utf8Bytes) {
    const roll = rng();
    let piece: string;
    if (roll < 1 / plantEvery) piece = dictionary[Math.floor(rng() * dictionary.length)];
    else if (roll < 0.08) piece = PUNCTUATION[Math.floor(rng() * PUNCTUATION.length)];
    else if (roll < 0.085) piece = ` ${randomAscii(rng, randomInt(rng, 2, 8))} `;
    else if (roll < 0.087) piece = ASTRAL[Math.floor(rng() * ASTRAL.length)];
    else if (roll < 0.15) piece = others[Math.floor(rng() * others.length)];
    else piece = skewedPick(rng, pool);
    parts.push(piece);
    bytes += utf8Bytes(piece);
  }
  return parts.join('');
}

/** The distinct CJK characters of the dictionary, in first-seen order. */
function cjkPoolOfDictionary(dictionary: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const w of dictionary) for (const ch of w) if (ch >= '\u4e00' && ch <= '\u9fff') seen.add(ch);
  return [...seen];
}
