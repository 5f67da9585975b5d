/**
 * Chinese word segmentation for manuscript search. One jieba instance (the default
 * dictionary plus the local words below) serves both sides: documents are cut in
 * search mode, each word followed by the words inside it (乐昌市 → 乐昌 乐昌市, so a
 * search for 乐昌 finds it), and queries are cut the same way, so a word in a query
 * is a token the index holds. Changing the dictionary changes the tokens: run
 * reindexAll afterwards.
 *
 * HMM new-word discovery is off on both sides: it groups unknown characters
 * differently depending on their neighbours, so a query could cut an unknown name one
 * way and the document another. Unknown words become single characters instead, and
 * queries match runs of them as phrases (see query.ts).
 *
 * (The dictionary is imported as '@node-rs/jieba/dict.js': the package has no exports map,
 * so Node's ESM resolver needs the file name.)
 *
 * Intl.Segmenter is not used: on Node 20 it is quadratic on long strings and splits
 * 乐昌市 into characters.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** The towns (镇 and 街道) of Lechang, as in src/demo/lechang-areas.tsv (a test keeps them in step). */
export const LECHANG_TOWNS = [
  '乐城街道办事处', '北乡镇', '九峰镇', '廊田镇', '长来镇', '梅花镇', '三溪镇', '坪石镇', '黄圃镇', '五山镇',
  '两江镇', '沙坪镇', '云岩镇', '秀水镇', '大源镇', '庆云镇', '白石镇', '坪石办事处', '梅田办事处',
] as const;

/** Words of the county and of the media center's trade that the default dictionary lacks or cuts apart. */
export const LOCAL_WORDS = [
  '乐昌', '乐昌市', '韶关', '韶关市', '乐城街道', '乐城', '粤北', '九泷十八滩', '金鸡岭', '古佛岩', '乐昌峡', '武江',
  '融媒体', '融媒体中心', '县级融媒体中心', '应急广播', '应急广播系统', '村村响', '大喇叭', '学习强国', '新时代文明实践',
  '乡村振兴', '驻村', '三审三校', '签发', '稿件', '选题', '通稿', '新媒体', '短视频', '直播', '网格员', '三防',
];

/** Each town's full name, and its short name (坪石镇 → 坪石; 乐城街道办事处 → 乐城街道). */
function townWords(): string[] {
  return LECHANG_TOWNS.flatMap((t) => [t, t.replace(/(办事处|镇|乡)$/, '')]).filter((w) => w.length >= 2);
}

/**
 * Frequency given to local words: high enough that jieba keeps them whole (乐昌市,
 * not 乐昌|市; 应急广播, not 应急|广播), as common as everyday words like 地方.
 */
const LOCAL_FREQ = 50_000;

function buildJieba(): Jieba {
  const j = Jieba.withDict(dict);
  const words = [...new Set([...LOCAL_WORDS, ...townWords()])];
  j.loadDict(Buffer.from(words.map((w) => `${w} ${LOCAL_FREQ} n`).join('\n')));
  return j;
}

let shared: Jieba | null = null;
/** The process-wide jieba instance (loading the dictionary takes ~0.5 s, so it is built once, on first use). */
export function jieba(): Jieba {
  shared ??= buildJieba();
  return shared;
}

/**
 * Folds text for matching: full-width forms to half-width (Ａ→A, １→1, ！→!),
 * the ideographic space to a space, letters to lower case. Never changes the UTF-16
 * length, so an offset in the folded text is the same offset in the original.
 */
export function foldText(s: string): string {
  const half = s.replace(/[\uff01-\uff5e\u3000]/g, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
  const lower = half.toLowerCase();
  if (lower.length === half.length) return lower;
  // A few letters grow when lower-cased (İ → i̇): keep those as they are.
  let out = '';
  for (const ch of half) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/**
 * Longest token indexed: longer runs (base64, URLs glued together) are noise, and
 * PostgreSQL's parser skips words over 2,047 characters anyway.
 */
export const MAX_TOKEN_LENGTH = 64;

const PURE_HAN = /^\p{Script=Han}+$/u;
const OTHER_RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+/gu;

/**
 * Precise-mode words of a text (folded first): one cut, no overlapping sub-words.
 * jieba cuts the whole text in one call (calls cost more than characters); what it
 * returns outside Chinese words is regrouped into runs of letters, digits and marks,
 * so abc123, café and привет stay whole and punctuation and symbols separate words.
 * Tokens are made of word characters only: FTS5's unicode61 tokenizer and
 * PostgreSQL's parser take each of them as one word, and no user text can carry
 * query syntax.
 */
export function preciseWords(text: string): string[] {
  const folded = foldText(text);
  const out: string[] = [];
  let other = '';
  const flush = () => {
    for (const [run] of other.matchAll(OTHER_RUN)) if (run.length <= MAX_TOKEN_LENGTH) out.push(run);
    other = '';
  };
  for (const tok of jieba().cut(folded, false)) {
    if (PURE_HAN.test(tok)) {
      if (other) flush();
      out.push(tok);
    } else other += tok;
  }
  if (other) flush();
  return out;
}

const isWordCache = new Map<string, boolean>();
/** Would jieba keep `s` whole when it stands alone? (Then a query for `s` looks for the token `s`.) */
function isWord(s: string): boolean {
  let v = isWordCache.get(s);
  if (v === undefined) {
    if (isWordCache.size >= 200_000) isWordCache.clear();
    v = jieba().cut(s, false).length === 1;
    isWordCache.set(s, v);
  }
  return v;
}

/**
 * The sub-words of a Chinese word, shortest first: every inner substring of two or
 * more characters that is a word by itself. jieba's own search mode only looks at
 * 2- and 3-character pieces, which would lose 应急广播 inside 应急广播系统.
 */
export function subWords(word: string): string[] {
  const chars = Array.from(word);
  if (chars.length < 3 || !/^\p{Script=Han}+$/u.test(word)) return [];
  const out: string[] = [];
  for (let len = 2; len < chars.length; len++) {
    for (let i = 0; i + len <= chars.length; i++) {
      const s = chars.slice(i, i + len).join('');
      if (isWord(s)) out.push(s);
    }
  }
  return out;
}

const expansionCache = new Map<string, string[]>();
/** Search-mode tokens of a text: every precise word, each preceded by its sub-words. */
export function searchTokens(text: string): string[] {
  const out: string[] = [];
  for (const w of preciseWords(text)) {
    if (w.length < 3) {
      out.push(w);
      continue;
    }
    let e = expansionCache.get(w);
    if (!e) {
      if (expansionCache.size >= 100_000) expansionCache.clear();
      e = [...subWords(w), w];
      expansionCache.set(w, e);
    }
    for (const t of e) out.push(t);
  }
  return out;
}

/** What the index stores for a text: its search-mode tokens, separated by single spaces. */
export function segmentForIndex(text: string): string {
  return searchTokens(text).join(' ');
}
