/** Segmentation: local words, search-mode sub-words, folding that keeps offsets. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { foldText, LECHANG_TOWNS, preciseWords, searchTokens, segmentForIndex } from './segment.ts';

describe('segment', () => {
  it('knows every town of src/demo/lechang-areas.tsv as one word', () => {
    const tsv = fs.readFileSync(fileURLToPath(new URL('../../../demo/lechang-areas.tsv', import.meta.url)), 'utf8');
    const towns = tsv.split('\n').map((l) => l.split('\t')).filter((c) => c[2] === 'town').map((c) => c[1]!);
    assert.equal(towns.length, 19);
    assert.deepEqual([...towns].sort(), [...LECHANG_TOWNS].sort());
    for (const town of towns) assert.deepEqual(preciseWords(`${town}召开会议`).slice(0, 1), [town], town);
  });

  it('keeps local words whole and indexes their sub-words too', () => {
    assert.deepEqual(preciseWords('乐昌市坪石镇应急广播村村响融媒体'), ['乐昌市', '坪石镇', '应急广播', '村村响', '融媒体']);
    const tokens = searchTokens('乐昌市应急广播系统');
    for (const t of ['乐昌', '乐昌市', '应急', '广播', '应急广播', '广播系统', '应急广播系统']) assert.ok(tokens.includes(t), t);
    // Sub-words come just before their word, so a phrase cut the same way lines up.
    assert.deepEqual(searchTokens('乐昌市'), ['乐昌', '乐昌市']);
  });

  it('folds full-width forms and case without changing the length', () => {
    const s = 'ＡＢＣ１２３　Hello，İstanbul！𠀋😀';
    assert.equal(foldText(s).length, s.length);
    assert.equal(foldText('ＡＢＣ１２３　Ｈｅｌｌｏ'), 'abc123 hello');
    assert.deepEqual(preciseWords('ＣＯＶＩＤ－１９疫情'), ['covid', '19', '疫情']);
  });

  it('drops punctuation and symbols, keeps other scripts whole', () => {
    assert.deepEqual(preciseWords('“乐昌”——坪石！'), ['乐昌', '坪石']);
    assert.deepEqual(preciseWords('café привет 5G基站 a+b'), ['café', 'привет', '5g', '基站', 'a', 'b']);
    assert.equal(segmentForIndex('！？。，、'), '');
    assert.deepEqual(preciseWords('x'.repeat(65)), [], 'overlong tokens are dropped');
  });

  it('cuts a long text in linear time (no Intl.Segmenter)', () => {
    const text = '乐昌市坪石镇应急广播系统建设，融媒体中心村村响。'.repeat(4000);
    assert.ok(searchTokens(text).length > 50_000);
  });
});
