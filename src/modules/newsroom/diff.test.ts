import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffTokens, tokenize } from './diff.ts';

function apply(ops: { op: string; text: string }[], side: 'a' | 'b'): string {
  return ops.filter((o) => o.op === 'same' || o.op === (side === 'a' ? 'del' : 'add')).map((o) => o.text).join('');
}

test('Chinese is compared character by character, words whole', () => {
  const ops = diffTokens(tokenize('乐昌市应急广播开通'), tokenize('乐昌市应急广播全面开通 today'));
  assert.deepEqual(ops, [{ op: 'same', text: '乐昌市应急广播' }, { op: 'add', text: '全面' }, { op: 'same', text: '开通' }, { op: 'add', text: ' today' }]);
});

test('random edits: the diff rebuilds both sides', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const alphabet = '乐昌融媒体中心新闻稿件审核 abc12,。';
  for (let round = 0; round < 50; round++) {
    const a = Array.from({ length: 200 }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const b = a.split('').filter(() => rnd() > 0.05).map((c) => (rnd() > 0.97 ? '改' : c)).join('');
    const ops = diffTokens(tokenize(a), tokenize(b));
    assert.equal(apply(ops, 'a'), a);
    assert.equal(apply(ops, 'b'), b);
  }
});

test('identical and empty inputs', () => {
  assert.deepEqual(diffTokens([], []), []);
  assert.deepEqual(diffTokens(tokenize('同'), tokenize('同')), [{ op: 'same', text: '同' }]);
  assert.deepEqual(diffTokens([], tokenize('新')), [{ op: 'add', text: '新' }]);
});
