/**
 * The newsroom's content-safety check: sensitive words (block / review), typo-prone
 * pairs and banned links, found in one Aho–Corasick pass plus one link scan.
 * Offsets are UTF-16 code units of the checked string, ready for editor highlighting.
 * Rules about the order of leaders' names live elsewhere.
 */
import { appError } from '../../../platform/errors.ts';
import { foldText, unitFolder, type FoldOptions } from './alphabet.ts';
import { compile, type Automaton, type AutomatonStats, type WordEntry } from './automaton.ts';
import { BannedHosts, findLinks } from './links.ts';

/** `block`: must not be published; `review`: a reviewer must look at it. */
export type SafetyLevel = 'block' | 'review';

/** One word of the sensitive-word dictionary. */
export interface SensitiveWordEntry {
  word: string;
  level: SafetyLevel;
  category?: string;
  note?: string;
}

/** A versioned dictionary; the version is echoed so findings can cite it. */
export interface SafetyDictionary {
  version: string;
  entries: readonly SensitiveWordEntry[];
}

/** A word that is often mistyped (按装) and what it should be (安装). */
export interface TypoPair {
  wrong: string;
  right: string;
}

/** Everything a checker enforces. */
export interface SafetyRules {
  dictionary: SafetyDictionary;
  typos?: readonly TypoPair[];
  /** Host names; a link to one of them or any of its subdomains is flagged `block`. */
  bannedHosts?: readonly string[];
}

interface FindingBase {
  start: number;
  end: number;
  level: SafetyLevel;
  category: string | null;
}

/** A finding; `text.slice(start, end)` is what to highlight. */
export type SafetyFinding =
  | (FindingBase & { rule: 'sensitive_word'; word: string; note?: string })
  | (FindingBase & { rule: 'typo'; word: string; suggestion: string })
  | (FindingBase & { rule: 'banned_link'; word: string; host: string; bannedHost: string });

/** Sizes of a compiled checker. */
export interface SafetyCheckerStats {
  version: string;
  sensitiveWords: number;
  typos: number;
  bannedHosts: number;
  /** Entries dropped because their (folded) word was already listed; see `SafetyChecker`. */
  duplicatesMerged: number;
  automaton: AutomatonStats;
}

const LEVEL_RANK: Record<SafetyLevel, number> = { review: 1, block: 2 };
const MAX_WORD_LENGTH = 100;

/**
 * A compiled rule set. Build it once per dictionary version (100,000 words take a few
 * hundred milliseconds) and reuse it for every check; it is immutable.
 *
 * Matching ignores ASCII case and full-width forms by default (ＡＢＣ, abc and ABC are
 * the same word), since both are cheap ways around a word list. Duplicate words are
 * merged: the strictest level wins, so one occurrence gives one finding.
 */
export class SafetyChecker {
  readonly version: string;
  readonly stats: SafetyCheckerStats;
  private readonly words: readonly SensitiveWordEntry[];
  private readonly typos: readonly TypoPair[];
  private readonly hosts: BannedHosts;
  private readonly automaton: Automaton;
  private readonly foldWidth: boolean;

  /** Throws VALIDATION_FAILED naming the field (entry word or level, typo, host) of any bad input. */
  constructor(rules: SafetyRules, foldOptions: FoldOptions = {}) {
    const options = { foldCase: true, foldWidth: true, ...foldOptions };
    const fold = unitFolder(options);
    const merged = mergeWords(rules.dictionary.entries, (w) => foldText(w, fold));
    const typos = mergeTypos(rules.typos ?? [], (w) => foldText(w, fold));
    this.version = rules.dictionary.version;
    this.words = merged.entries;
    this.typos = typos.entries;
    this.hosts = new BannedHosts(rules.bannedHosts ?? []);
    this.foldWidth = options.foldWidth;
    // Typos share the automaton: ids past the sensitive words are typo indices.
    const entries: WordEntry[] = this.words.map((e, id) => ({ text: e.word, id }));
    this.typos.forEach((t, i) => entries.push({ text: t.wrong, id: this.words.length + i }));
    this.automaton = compile(entries, options);
    this.stats = {
      version: this.version,
      sensitiveWords: this.words.length,
      typos: this.typos.length,
      bannedHosts: this.hosts.size,
      duplicatesMerged: merged.dropped + typos.dropped,
      automaton: this.automaton.stats,
    };
  }

  /** All findings in `text`, by start (outer before nested at the same start). */
  check(text: string): SafetyFinding[] {
    const findings: SafetyFinding[] = [];
    this.automaton.scan(text, (start, end, id) => findings.push(this.wordFinding(start, end, id)));
    // Folding keeps every offset, so links are looked for in the folded text.
    const linkText = this.foldWidth ? foldLinkCharacters(text) : text;
    for (const link of findLinks(linkText)) {
      const bannedHost = this.hosts.match(link.host);
      if (bannedHost === null) continue;
      const word = text.slice(link.start, link.end);
      findings.push({ rule: 'banned_link', start: link.start, end: link.end, word, level: 'block', category: null, host: link.host, bannedHost });
    }
    return findings.sort(byPosition);
  }

  private wordFinding(start: number, end: number, id: number): SafetyFinding {
    if (id < this.words.length) {
      const e = this.words[id];
      const finding = { rule: 'sensitive_word' as const, start, end, word: e.word, level: e.level, category: e.category ?? null };
      return e.note === undefined ? finding : { ...finding, note: e.note };
    }
    const t = this.typos[id - this.words.length];
    return { rule: 'typo', start, end, word: t.wrong, level: 'review', category: null, suggestion: t.right };
  }
}

function byPosition(a: SafetyFinding, b: SafetyFinding): number {
  return a.start - b.start || b.end - a.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/**
 * Folds the full-width forms a link can be disguised with (ｗｗｗ．ｂａｄ．ｃｏｍ: letters,
 * digits, ． － ／ ：) to ASCII, one unit for one. Not ，！？ and the like: they are ordinary
 * Chinese punctuation, and as ASCII they would run on into the link's path.
 */
function foldLinkCharacters(text: string): string {
  return text.replace(/[０-９Ａ-Ｚａ-ｚ．－／：]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Validates entries and merges those whose folded words are equal (strictest level wins). */
function mergeWords(
  entries: readonly SensitiveWordEntry[],
  fold: (w: string) => string,
): { entries: SensitiveWordEntry[]; dropped: number } {
  const byKey = new Map<string, number>();
  const out: SensitiveWordEntry[] = [];
  entries.forEach((e, i) => {
    const word = validWord(e.word, `dictionary.entries[${i}].word`);
    if (LEVEL_RANK[e.level] === undefined) {
      throw appError('VALIDATION_FAILED', { field: `dictionary.entries[${i}].level`, message: 'level must be "block" or "review".' });
    }
    const key = fold(word);
    const seen = byKey.get(key);
    if (seen === undefined) {
      byKey.set(key, out.length);
      out.push({ ...e, word });
    } else if (LEVEL_RANK[e.level] > LEVEL_RANK[out[seen].level]) {
      out[seen] = { ...e, word };
    }
  });
  return { entries: out, dropped: entries.length - out.length };
}

/** Validates typo pairs; of two pairs with the same wrong word the first is kept. */
function mergeTypos(typos: readonly TypoPair[], fold: (w: string) => string): { entries: TypoPair[]; dropped: number } {
  const seen = new Set<string>();
  const out: TypoPair[] = [];
  typos.forEach((t, i) => {
    const wrong = validWord(t.wrong, `typos[${i}].wrong`);
    const right = validWord(t.right, `typos[${i}].right`);
    const key = fold(wrong);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ wrong, right });
  });
  return { entries: out, dropped: typos.length - out.length };
}

function validWord(word: unknown, field: string): string {
  const w = typeof word === 'string' ? word.trim() : '';
  let problem: string | null = null;
  if (w === '') problem = 'a word must not be empty.';
  else if (w.length > MAX_WORD_LENGTH) problem = `a word must be at most ${MAX_WORD_LENGTH} characters.`;
  else if (/[\ud800-\udfff]/u.test(w)) problem = 'a word must not contain a lone surrogate (broken UTF-16).';
  if (problem !== null) throw appError('VALIDATION_FAILED', { field, message: problem });
  return w;
}
