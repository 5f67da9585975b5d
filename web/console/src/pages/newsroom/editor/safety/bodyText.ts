/**
 * The body's plain text as the safety check reads it, with the way back from text
 * offsets to document positions. The text is built like TipTap's
 * `editor.getText({ blockSeparator: '\n' })` (a newline before every block but the
 * first, node text serializers such as the hard break's '\n'), and while building it we
 * note where each text node starts in both, so a finding's [start, end) in UTF-16 units
 * maps to document ranges (one per text node it touches: bold in the middle of a word
 * splits it into several).
 */
import type { Node as PmNode } from '@tiptap/pm/model';

export const BLOCK_SEPARATOR = '\n';

/** A text node: where its text starts in the plain text and in the document. */
export interface Segment {
  textStart: number;
  textEnd: number;
  pos: number;
}

export interface BodyText {
  text: string;
  segments: Segment[];
}

type ToText = (props: { node: PmNode; pos: number; parent: PmNode; index: number; range: { from: number; to: number } }) => string;

export function bodyText(doc: PmNode): BodyText {
  let text = '';
  const segments: Segment[] = [];
  const range = { from: 0, to: doc.content.size };
  doc.descendants((node, pos, parent, index) => {
    if (node.isBlock && pos > 0) text += BLOCK_SEPARATOR;
    const toText = node.type.spec.toText as ToText | undefined;
    if (toText) {
      if (parent) text += toText({ node, pos, parent, index, range });
      return false;
    }
    if (node.isText && node.text) {
      segments.push({ textStart: text.length, textEnd: text.length + node.text.length, pos });
      text += node.text;
    }
    return true;
  });
  return { text, segments };
}

/** The document ranges covering text offsets [start, end); empty when they fall outside any text node. */
export function docRanges(segments: readonly Segment[], start: number, end: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  // Segments are in text order: find the first that ends after `start` (binary search), then walk.
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.textEnd <= start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.textStart >= end) break;
    const a = Math.max(start, s.textStart);
    const b = Math.min(end, s.textEnd);
    if (b > a) out.push({ from: s.pos + (a - s.textStart), to: s.pos + (b - s.textStart) });
  }
  return out;
}
