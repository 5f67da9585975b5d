/** The search syntax and its translation: every user token quoted, nothing else passes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { lexQuery, MAX_QUERY_TOKENS, parseQuery, toFts5, toTsquery } from './query.ts';

describe('query', () => {
  it('reads words, quoted phrases and exclusions', () => {
    assert.deepEqual(lexQuery('乐昌  "坪石 镇" -暴雨 -“黄色 预警” 「融媒体」'), [
      { text: '乐昌', quoted: false, negated: false },
      { text: '坪石 镇', quoted: true, negated: false },
      { text: '暴雨', quoted: false, negated: true },
      { text: '黄色 预警', quoted: true, negated: true },
      { text: '融媒体', quoted: true, negated: false },
    ]);
    const plan = parseQuery('乐昌市 应急广播 -暴雨');
    assert.deepEqual(plan.must.map((c) => (c.kind === 'word' ? c.token : c.tokens.join(' '))), ['乐昌市', '应急广播']);
    assert.equal(plan.not.length, 1);
    assert.equal(toFts5(plan), '("乐昌市" AND ("应急广播" OR ("应急" AND "广播"))) NOT "暴雨"');
    assert.equal(toTsquery(plan), `'乐昌市' & ('应急广播' | ('应急' & '广播')) & !'暴雨'`);
  });

  it('matches unknown names as runs of characters that must stand together', () => {
    assert.equal(toFts5(parseQuery('柰李')), '"柰 李"');
    assert.equal(toTsquery(parseQuery('柰李')), `(('柰':A <-> '李':A) | ('柰':B <-> '李':B))`);
  });

  it('finds nothing for queries without words, or with exclusions only', () => {
    for (const q of ['', '   ', '"', '-', '***', '-乐昌', '()']) {
      assert.equal(toFts5(parseQuery(q)), null, q);
      assert.equal(toTsquery(parseQuery(q)), null, q);
    }
  });

  it('caps a pasted paragraph at MAX_QUERY_TOKENS', () => {
    const plan = parseQuery('乐昌 '.repeat(500));
    assert.ok(plan.must.length <= MAX_QUERY_TOKENS);
  });

  it('never produces FTS5 syntax FTS5 rejects', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE f USING fts5(title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`);
    db.prepare('INSERT INTO f (rowid, title, body) VALUES (1, ?, ?)').run('乐昌 near or', 'and not 坪石');
    const hostile = ['"a" OR', 'NEAR(', 'NEAR(乐昌 坪石, 2)', 'OR', 'AND', 'NOT', '*', '^乐昌', 'title:乐昌', '{title body}: x', '"', "'", '乐昌 "坪石',
      '-', '- -', '--x', '(', ')', '+', '乐昌+坪石', 'ＮＯＴ 乐昌', '\u0301', '😀', '乐昌 -"', 'x'.repeat(1000), '乐'.repeat(1000)];
    for (const q of hostile) {
      const fts = toFts5(parseQuery(q));
      if (fts !== null) assert.doesNotThrow(() => db.prepare('SELECT rowid FROM f WHERE f MATCH ?').all(fts), `${q} → ${fts}`);
    }
    // Operator names are plain words: this finds the row that holds them as text.
    assert.deepEqual(db.prepare('SELECT rowid AS id FROM f WHERE f MATCH ?').all(toFts5(parseQuery('near OR NOT'))), [{ id: 1 }]);
  });
});
