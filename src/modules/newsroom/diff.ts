/**
 * The difference between two versions of a manuscript, field by field. Text is cut
 * into tokens (each CJK character alone, Latin words and numbers whole, spaces and
 * punctuation alone) and compared with Myers' O((N+M)·D) algorithm, so a long story
 * with a few edits diffs fast.
 */
import type { ManuscriptContent } from './content.ts';
import { plainText } from './content.ts';

export type DiffOp = { op: 'same' | 'add' | 'del'; text: string };

const TOKEN = /[A-Za-z0-9_]+|\s+|[\s\S]/gu;

export function tokenize(s: string): string[] {
  return s.match(TOKEN) ?? [];
}

/** Myers diff over tokens; adjacent runs of the same op are merged. */
export function diffTokens(a: string[], b: string[], maxD = 20000): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= Math.min(max, maxD) && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) { found = true; break; }
    }
  }
  if (!found) return [{ op: 'del', text: a.join('') }, { op: 'add', text: b.join('') }];
  return merge(backtrack(trace, a, b, offset));
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number): DiffOp[] {
  const ops: DiffOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ op: 'same', text: a[--x]! }), y--;
    if (d > 0) {
      if (x === prevX) ops.push({ op: 'add', text: b[--y]! });
      else ops.push({ op: 'del', text: a[--x]! });
    }
  }
  return ops.reverse();
}

function merge(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  for (const o of ops) {
    const last = out[out.length - 1];
    if (last && last.op === o.op) last.text += o.text;
    else out.push({ ...o });
  }
  return out;
}

export interface FieldDiff {
  field: string;
  ops: DiffOp[];
}

/** The fields that differ between two versions, each with its token diff. */
export function diffContent(from: ManuscriptContent, to: ManuscriptContent): FieldDiff[] {
  const fields: [string, string, string][] = [
    ['title', from.title, to.title],
    ['subtitle', from.subtitle, to.subtitle],
    ['summary', from.summary, to.summary],
    ['body', plainText(from.bodyHtml), plainText(to.bodyHtml)],
    ['authorByline', from.authorByline, to.authorByline],
    ['editorByline', from.editorByline, to.editorByline],
    ['tags', from.tags.join('、'), to.tags.join('、')],
    ['source', from.source, to.source],
    ['location', from.location, to.location],
  ];
  const out: FieldDiff[] = [];
  for (const [field, a, b] of fields) if (a !== b) out.push({ field, ops: diffTokens(tokenize(a), tokenize(b)) });
  if (from.bodyHtml !== to.bodyHtml && !out.some((f) => f.field === 'body')) out.push({ field: 'bodyMarkup', ops: [{ op: 'same', text: '(formatting changed)' }] });
  return out;
}
