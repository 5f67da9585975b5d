/** Snippets: windows around the matches, offsets in UTF-16 code units, text not HTML. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findHighlights, makeSnippet, SNIPPET_LENGTH } from './snippet.ts';

const marked = (s: { text: string; highlights: Array<[number, number]> }) => s.highlights.map(([a, b]) => s.text.slice(a, b));

describe('snippet', () => {
  it('marks every occurrence, merging overlaps and neighbours', () => {
    assert.deepEqual(findHighlights('乐昌市坪石镇，乐昌', ['乐昌市', '乐昌', '坪石镇']), [[0, 6], [7, 9]]);
  });

  it('counts in UTF-16 code units past astral characters', () => {
    const text = '😀𠀋😀两江镇';
    const [[s, e]] = findHighlights(text, ['两江镇']) as [[number, number]];
    assert.equal(text.slice(s, e), '两江镇');
    assert.equal(s, 6);
  });

  it('matches non-Chinese words whole and without case', () => {
    assert.deepEqual(findHighlights('He said AI and ai.', ['ai']).length, 2);
    assert.deepEqual(findHighlights('ＡＩ时代', ['ai']), [[0, 2]]);
  });

  it('cuts a window around the best cluster, with ellipses and shifted offsets', () => {
    const text = `${'无关内容。'.repeat(100)}坪石镇的村民和乐昌市的游客${'其他。'.repeat(100)}`;
    const s = makeSnippet(text, ['坪石镇', '乐昌市']);
    assert.ok(s.text.startsWith('…') && s.text.endsWith('…'));
    assert.ok(s.text.length <= SNIPPET_LENGTH + 2);
    assert.deepEqual(marked(s), ['坪石镇', '乐昌市']);
  });

  it('prefers the window holding the most distinct words', () => {
    const text = `乐昌${'。'.repeat(300)}乐昌和坪石${'。'.repeat(300)}`;
    assert.deepEqual(marked(makeSnippet(text, ['乐昌', '坪石'])), ['乐昌', '坪石']);
  });

  it('starts at the beginning when nothing matches, and never splits a surrogate pair', () => {
    assert.deepEqual(makeSnippet('短文本', ['无']), { text: '短文本', highlights: [] });
    const text = `${'😀'.repeat(200)}乐昌${'😀'.repeat(200)}`;
    const s = makeSnippet(text, ['乐昌']);
    assert.deepEqual(marked(s), ['乐昌']);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s.text), 'no lone surrogate');
  });

  it('turns line breaks into spaces one for one', () => {
    const s = makeSnippet('第一段\n第二段乐昌', ['乐昌']);
    assert.equal(s.text, '第一段 第二段乐昌');
    assert.deepEqual(marked(s), ['乐昌']);
  });
});
