/**
 * A deterministic synthetic newsroom for scripts/bench-search.ts: manuscripts whose
 * words come from jieba's own dictionary (its most frequent Chinese words, ranked),
 * with Lechang's place names and the trade's words mixed in, drawn with Zipf-like
 * frequencies; and a fixed set of queries over them. Same seed, same corpus.
 */
import { dict } from '@node-rs/jieba/dict.js';
import { LECHANG_TOWNS, LOCAL_WORDS } from './segment.ts';

export interface BenchDoc {
  id: string;
  title: string;
  bodyHtml: string;
  status: string;
  authorId: string;
  updatedAt: string;
}

export interface Corpus {
  docs: BenchDoc[];
  /** Vocabulary, most frequent first. */
  words: string[];
  /** Each document's title words (phrases are taken from them). */
  titleWords: string[][];
  totalChars: number;
  avgTitleChars: number;
  avgBodyChars: number;
  vocabulary: number;
  zipfExponent: number;
  seed: number;
}

export interface BenchQuery {
  kind: 'common' | 'rare' | 'and' | 'phrase' | 'nohit';
  text: string;
}

export const SEED = 20260101;
const VOCABULARY = 20_000;
const ZIPF = 1.0;
const STATUSES = ['draft', 'in_review', 'returned', 'signed_off', 'published', 'published', 'published'];

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** jieba's dictionary words of 2–4 Chinese characters, most frequent first; local words placed among them. */
function vocabulary(): { ranked: string[]; unused: string[] } {
  const entries = Buffer.from(dict).toString('utf8').split('\n')
    .map((l) => l.split(' '))
    .filter((p) => p.length >= 2 && /^\p{Script=Han}{2,4}$/u.test(p[0]!))
    .map((p) => ({ w: p[0]!, f: Number(p[1]) }))
    .sort((a, b) => b.f - a.f || (a.w < b.w ? -1 : a.w > b.w ? 1 : 0));
  const local = [...new Set([...LECHANG_TOWNS, ...LOCAL_WORDS])];
  const ranked = entries.slice(0, VOCABULARY - local.length).map((e) => e.w).filter((w) => !local.includes(w));
  local.forEach((w, i) => ranked.splice(Math.min(ranked.length, 15 + i * 37), 0, w));
  return { ranked, unused: entries.slice(VOCABULARY * 3, VOCABULARY * 3 + 5000).map((e) => e.w) };
}

function zipfSampler(n: number, random: () => number): () => number {
  const cum = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) cum[r] = sum += 1 / Math.pow(r + 1, ZIPF);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** `n` manuscripts: titles of 2–5 words, bodies of 300–800 characters in paragraphs. */
export function buildCorpus(n: number, seed = SEED): Corpus {
  const random = prng(seed);
  const { ranked } = vocabulary();
  const pick = zipfSampler(ranked.length, random);
  const word = () => ranked[pick()]!;
  const docs: BenchDoc[] = [];
  const titleWords: string[][] = [];
  let titleChars = 0;
  let bodyChars = 0;
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const tw = Array.from({ length: 2 + Math.floor(random() * 4) }, word);
    const title = tw.join('');
    const target = 300 + Math.floor(random() * 501);
    const paragraphs: string[] = [];
    let para = '';
    let len = 0;
    while (len < target) {
      const sentence = Array.from({ length: 4 + Math.floor(random() * 9) }, word).join('') + (random() < 0.6 ? '，' : '。');
      para += sentence;
      len += sentence.length;
      if (para.length > 120 || len >= target) {
        paragraphs.push(para);
        para = '';
      }
    }
    titleChars += title.length;
    bodyChars += len;
    titleWords.push(tw);
    docs.push({
      id: `bench-${String(i).padStart(7, '0')}`,
      title,
      bodyHtml: paragraphs.map((p) => `<p>${p}</p>`).join(''),
      status: STATUSES[Math.floor(random() * STATUSES.length)]!,
      authorId: `author-${Math.floor(random() * 40)}`,
      updatedAt: new Date(t0 + i * 60_000).toISOString(),
    });
  }
  return {
    docs, words: ranked, titleWords, totalChars: titleChars + bodyChars,
    avgTitleChars: Math.round(titleChars / n), avgBodyChars: Math.round(bodyChars / n),
    vocabulary: ranked.length, zipfExponent: ZIPF, seed,
  };
}

/** 200 fixed queries: 60 common words, 50 rare words, 40 two-word ANDs, 30 phrases, 20 that find nothing. */
export function buildQueries(corpus: Corpus): BenchQuery[] {
  const random = prng(corpus.seed + 1);
  const { unused } = vocabulary();
  const w = corpus.words;
  const at = (lo: number, hi: number) => w[lo + Math.floor(random() * (hi - lo))]!;
  const qs: BenchQuery[] = [];
  for (let i = 0; i < 60; i++) qs.push({ kind: 'common', text: w[i]! });
  for (let i = 0; i < 50; i++) qs.push({ kind: 'rare', text: at(12_000, w.length) });
  for (let i = 0; i < 40; i++) qs.push({ kind: 'and', text: `${at(0, 200)} ${at(200, 5000)}` });
  for (let i = 0; i < 30; i++) {
    const tw = corpus.titleWords[Math.floor(random() * corpus.titleWords.length)]!;
    qs.push({ kind: 'phrase', text: `"${tw[0]}${tw[1]}"` });
  }
  for (let i = 0; i < 19; i++) qs.push({ kind: 'nohit', text: unused[Math.floor(random() * unused.length)]! });
  qs.push({ kind: 'nohit', text: 'zzqx' });
  return qs;
}
