/**
 * Highlighted snippets, cut in JS from the stored plain text. The result is text plus
 * [start, end) ranges in UTF-16 code units (JavaScript string indices), never HTML:
 * the console wraps the ranges in <mark> itself, so a manuscript's text cannot inject
 * markup into the results page.
 */
import { foldText } from './segment.ts';

/** A piece of text and the ranges to mark in it: `text.slice(start, end)` for each. */
export interface Snippet {
  text: string;
  highlights: Array<[number, number]>;
}

/** Default snippet length in UTF-16 code units (about three lines of Chinese in the console). */
export const SNIPPET_LENGTH = 120;
/** Characters of context kept before the first highlight of the window. */
const LEAD = 24;
/** Matches looked at when choosing the window: enough for any real text, bounded for a pathological one. */
const MAX_RANGES = 2_000;

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const HAN = /\p{Script=Han}/u;

/** A non-Chinese word (abc123, café) only matches whole: "ai" must not mark "said". */
function isWholeWord(folded: string, start: number, end: number): boolean {
  const before = folded[start - 1];
  const after = folded[end];
  const joins = (ch: string | undefined) => ch !== undefined && WORD_CHAR.test(ch) && !HAN.test(ch);
  return !joins(before) && !joins(after);
}

/** Where `words` (already folded: lower case, half-width) occur in `text`, merged and sorted. */
export function findHighlights(text: string, words: readonly string[]): Array<[number, number]> {
  return rangesIn(foldText(text), words);
}

function rangesIn(folded: string, words: readonly string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const w of words) {
    if (!w) continue;
    const han = HAN.test(w);
    for (let at = folded.indexOf(w); at >= 0 && ranges.length < MAX_RANGES * 4; at = folded.indexOf(w, at + 1)) {
      if (han || isWholeWord(folded, at, at + w.length)) ranges.push([at, at + w.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Picks the window holding the most distinct marked words (then the most marks, then the earliest). */
function bestStart(folded: string, ranges: Array<[number, number]>, length: number): number {
  let best = { start: 0, distinct: -1, count: -1 };
  const anchors = ranges.slice(0, MAX_RANGES);
  for (let i = 0; i < anchors.length; i++) {
    const start = Math.max(0, anchors[i]![0] - LEAD);
    const seen = new Set<string>();
    let count = 0;
    for (let j = i; j < anchors.length && anchors[j]![1] <= start + length; j++) {
      seen.add(folded.slice(anchors[j]![0], anchors[j]![1]));
      count++;
    }
    if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) best = { start, distinct: seen.size, count };
  }
  return best.start;
}

/**
 * A window of about `length` code units around the best cluster of matches, with "…"
 * where text was cut off. Line breaks become spaces (one for one, so offsets hold).
 */
export function makeSnippet(text: string, words: readonly string[], length = SNIPPET_LENGTH): Snippet {
  const folded = foldText(text);
  const ranges = rangesIn(folded, words);
  let start = ranges.length ? bestStart(folded, ranges, length) : 0;
  let end = Math.min(text.length, start + length);
  start = Math.max(0, Math.min(start, end - length));
  // Never split a surrogate pair (an emoji, a rare CJK character) at either edge.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start++;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end--;
  const prefix = start > 0 ? '…' : '';
  const body = text.slice(start, end).replace(/[\r\n\t]/g, ' ');
  const highlights: Array<[number, number]> = [];
  for (const [s, e] of ranges) {
    if (e <= start || s >= end) continue;
    highlights.push([Math.max(s, start) - start + prefix.length, Math.min(e, end) - start + prefix.length]);
  }
  return { text: prefix + body + (end < text.length ? '…' : ''), highlights };
}
