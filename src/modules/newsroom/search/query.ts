/**
 * The staff search syntax, and its translation into FTS5 and tsquery text.
 *
 *   乐昌 应急广播        both words (AND)
 *   "乐昌市 坪石镇"      a phrase: these words in this order (“…”, 「…」 and ＂…＂ work too)
 *   -暴雨 / -"暴雨预警"   leave out manuscripts holding this word or phrase
 *
 * User text never reaches FTS5 or tsquery syntax: it is cut into words made only of
 * letters, digits and marks (segment.ts), and every word is quoted on output. Anything
 * else (NEAR(, OR, *, stray quotes, …) is punctuation and separates words.
 */
import { foldText, preciseWords, searchTokens, subWords } from './segment.ts';

/** A word, or (when its sub-words cover it) all of its sub-words: 广播系统 also finds 应急广播|系统. */
export interface WordClause {
  kind: 'word';
  token: string;
  parts: string[];
}
/** Tokens in a row, as the index's search-mode stream holds them. */
export interface PhraseClause {
  kind: 'phrase';
  tokens: string[];
  /** The phrase's words written together, without punctuation (for highlighting and the LIKE baseline). */
  text: string;
}
export type Clause = WordClause | PhraseClause;

export interface QueryPlan {
  /** Every one must match. Empty: the query finds nothing. */
  must: Clause[];
  /** None may match. */
  not: Clause[];
  /** Words to mark in titles and snippets, longest first. */
  highlight: string[];
}

/** Most tokens a query may hold: a pasted paragraph is cut short rather than sent whole to the index. */
export const MAX_QUERY_TOKENS = 64;

const QUOTES = new Set(['"', '“', '”', '「', '」', '『', '』']);
const HAN = /^\p{Script=Han}$/u;

interface Term {
  text: string;
  quoted: boolean;
  negated: boolean;
}

/** Splits the raw query into terms: whitespace-separated, quotes group, a leading - negates. */
export function lexQuery(raw: string): Term[] {
  const s = foldText(raw);
  const terms: Term[] = [];
  let i = 0;
  while (i < s.length) {
    if (/\s/.test(s[i]!)) {
      i++;
      continue;
    }
    let negated = false;
    if (s[i] === '-' && i + 1 < s.length && !/\s/.test(s[i + 1]!)) {
      negated = true;
      i++;
    }
    if (QUOTES.has(s[i]!)) {
      let j = i + 1;
      while (j < s.length && !QUOTES.has(s[j]!)) j++;
      terms.push({ text: s.slice(i + 1, j), quoted: true, negated });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j]!) && !QUOTES.has(s[j]!)) j++;
    terms.push({ text: s.slice(i, j), quoted: false, negated });
    i = j;
  }
  return terms;
}

/** Sub-words that together cover every character of `word`, or none. */
function coveringParts(word: string): string[] {
  const parts = subWords(word);
  if (parts.length === 0) return [];
  const covered = new Array<boolean>(word.length).fill(false);
  for (const p of parts) {
    for (let at = word.indexOf(p); at >= 0; at = word.indexOf(p, at + 1)) covered.fill(true, at, at + p.length);
  }
  return covered.every(Boolean) ? parts : [];
}

/**
 * An unquoted term: its words, each a clause. Single characters in a row (an unknown
 * name: 张|三|丰) become one phrase, so they must stand together.
 */
function clausesOfWords(text: string): Clause[] {
  const out: Clause[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 1) out.push({ kind: 'word', token: run[0]!, parts: [] });
    else if (run.length > 1) out.push({ kind: 'phrase', tokens: run, text: run.join('') });
    run = [];
  };
  for (const w of preciseWords(text)) {
    if (HAN.test(w)) {
      run.push(w);
      continue;
    }
    flush();
    out.push({ kind: 'word', token: w, parts: coveringParts(w) });
  }
  flush();
  return out;
}

function sizeOf(c: Clause): number {
  return c.kind === 'word' ? 1 + c.parts.length : c.tokens.length;
}

/** Reads the staff search syntax into clauses. Never throws; an unusable query has no `must`. */
export function parseQuery(raw: string): QueryPlan {
  const must: Clause[] = [];
  const not: Clause[] = [];
  let budget = MAX_QUERY_TOKENS;
  for (const term of lexQuery(raw)) {
    const clauses: Clause[] = term.quoted || term.negated ? phraseOf(term.text) : clausesOfWords(term.text);
    for (const c of clauses) {
      if (sizeOf(c) > budget) return finish(must, not);
      budget -= sizeOf(c);
      (term.negated ? not : must).push(c);
    }
  }
  return finish(must, not);
}

function phraseOf(text: string): Clause[] {
  const tokens = searchTokens(text);
  return tokens.length === 0 ? [] : [{ kind: 'phrase', tokens, text: preciseWords(text).join('') }];
}

function finish(must: Clause[], not: Clause[]): QueryPlan {
  const words = new Set<string>();
  for (const c of must) (c.kind === 'word' ? [c.token, ...c.parts] : [c.text, ...c.tokens]).forEach((t) => words.add(t));
  return { must, not, highlight: [...words].sort((a, b) => b.length - a.length) };
}

const ftsWord = (t: string) => `"${t.replace(/"/g, '""')}"`;

function ftsClause(c: Clause): string {
  if (c.kind === 'phrase') return ftsWord(c.tokens.join(' '));
  return c.parts.length ? `(${ftsWord(c.token)} OR (${c.parts.map(ftsWord).join(' AND ')}))` : ftsWord(c.token);
}

/** The plan as an FTS5 MATCH expression, or null when it can find nothing. Every token is quoted. */
export function toFts5(plan: QueryPlan): string | null {
  if (plan.must.length === 0) return null;
  const must = plan.must.map(ftsClause).join(' AND ');
  return plan.not.reduce((q, c) => `${q} NOT ${ftsClause(c)}`, plan.not.length ? `(${must})` : must);
}

const tsWord = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * A phrase must lie within the title (weight A) or within the body (B): tsv is the two
 * concatenated, and an unweighted phrase would also match the title's last word
 * followed by the body's first (FTS5 never matches across columns).
 */
function tsPhrase(tokens: string[]): string {
  const within = (w: string) => `(${tokens.map((t) => `${tsWord(t)}:${w}`).join(' <-> ')})`;
  return `(${within('A')} | ${within('B')})`;
}

function tsClause(c: Clause): string {
  if (c.kind === 'phrase') return c.tokens.length === 1 ? tsWord(c.tokens[0]!) : tsPhrase(c.tokens);
  return c.parts.length ? `(${tsWord(c.token)} | (${c.parts.map(tsWord).join(' & ')}))` : tsWord(c.token);
}

/** The plan as to_tsquery('simple', …) input, or null when it can find nothing. Every token is quoted. */
export function toTsquery(plan: QueryPlan): string | null {
  if (plan.must.length === 0) return null;
  return [...plan.must.map(tsClause), ...plan.not.map((c) => `!${tsClause(c)}`)].join(' & ');
}

/** The words of the plan, for the LIKE baseline of the benchmark: each must occur as text. */
export function likeTermsOf(plan: QueryPlan): { must: string[]; not: string[] } {
  const text = (c: Clause) => (c.kind === 'word' ? c.token : c.text);
  return { must: plan.must.map(text), not: plan.not.map(text) };
}
