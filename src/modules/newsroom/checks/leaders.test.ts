import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLeaders, type Leader } from './leaders.ts';

const leaders: Leader[] = [
  { name: '张伟', title: '市委书记', rank: 1 },
  { name: '李强', title: '市长', rank: 2 },
  { name: '王芳', title: '副市长', rank: 3 },
];

test('names in protocol order pass; out of order in one sentence is flagged', () => {
  assert.deepEqual(checkLeaders('市委书记张伟、市长李强出席会议。', leaders), []);
  const f = checkLeaders('副市长王芳、市委书记张伟出席会议。', leaders);
  assert.equal(f.length, 1);
  assert.equal(f[0]!.rule, 'leader_order');
  assert.equal('副市长王芳、市委书记张伟出席会议。'.slice(f[0]!.start, f[0]!.end), '张伟');
});

test('order is judged per sentence', () => {
  assert.deepEqual(checkLeaders('王芳主持会议。张伟讲话。', leaders), []);
});

test('a wrong title next to a name is flagged, the longest title wins', () => {
  const f = checkLeaders('会上，副市长李强强调……', leaders);
  assert.equal(f.length, 1);
  assert.equal(f[0]!.rule, 'leader_title');
  assert.match(f[0]!.suggestion, /李强的职务是市长，不是副市长/);
  assert.deepEqual(checkLeaders('市长李强强调', leaders), []);
  assert.deepEqual(checkLeaders('副市长王芳说', leaders), []);
});
