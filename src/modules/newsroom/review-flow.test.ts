import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, editableBy, type ReviewActor, type ReviewState } from './review-flow.ts';

const author = 'u-author';
const draft: ReviewState = { status: 'draft', level: null, levels: 3, authorId: author };
const at = (level: number, levels = 3): ReviewState => ({ status: 'in_review', level, levels, authorId: author });
const who = (userId: string, levels: number[], maySubmit = false): ReviewActor => ({ userId, levels: new Set(levels), maySubmit });

test('three levels in order, the last approval is the sign-off', () => {
  let s: ReviewState = draft;
  const sub = decide(s, who(author, [], true), 'submit');
  assert.ok(sub.ok);
  s = { ...s, ...sub.next };
  for (const [level, person] of [[1, 'ed'], [2, 'head'], [3, 'leader']] as const) {
    const d = decide(s, who(person, [level]), 'approve');
    assert.ok(d.ok, JSON.stringify(d));
    assert.equal(d.signOff, level === 3);
    s = { ...s, ...d.next };
  }
  assert.deepEqual([s.status, s.level], ['signed_off', null]);
});

test('one person may hold several levels; each approval is a separate step', () => {
  let s = at(1, 2);
  const d1 = decide(s, who('boss', [1, 2]), 'approve');
  assert.ok(d1.ok && !d1.signOff);
  s = { ...s, ...d1.next };
  const d2 = decide(s, who('boss', [1, 2]), 'approve');
  assert.ok(d2.ok && d2.signOff);
});

test('a one-level column signs off at level 1', () => {
  const d = decide(at(1, 1), who('leader', [1]), 'approve');
  assert.ok(d.ok && d.signOff);
});

test('wrong transitions are refused with their codes', () => {
  const cases: [ReviewState, ReviewActor, Parameters<typeof decide>[2], string | null, string][] = [
    [at(2), who('ed', [1]), 'approve', null, 'REVIEW_LEVEL_FORBIDDEN'],
    [at(1), who(author, [1, 2, 3]), 'approve', null, 'REVIEW_OWN_WORK'],
    [at(1), who('ed', [1]), 'return', '  ', 'REVIEW_REASON_REQUIRED'],
    [at(1), who('ed', [1]), 'reject', null, 'REVIEW_REASON_REQUIRED'],
    [{ ...draft, status: 'returned' }, who('leader', [3]), 'approve', null, 'REVIEW_INVALID_TRANSITION'],
    [{ ...draft, status: 'signed_off' }, who(author, [], true), 'submit', null, 'REVIEW_INVALID_TRANSITION'],
    [at(1), who(author, [], true), 'submit', null, 'REVIEW_INVALID_TRANSITION'],
    [draft, who('stranger', []), 'submit', null, 'PERMISSION_DENIED'],
    [{ ...draft, status: 'rejected' }, who('ed', [1]), 'approve', null, 'REVIEW_INVALID_TRANSITION'],
  ];
  for (const [s, a, action, reason, code] of cases) {
    const d = decide(s, a, action, reason);
    assert.equal(d.ok, false, `${s.status}/${action}`);
    if (!d.ok) assert.equal(d.code, code, `${s.status}/${action}`);
  }
});

test('return goes back to the author; resubmission starts at level 1', () => {
  const r = decide(at(2), who('head', [2]), 'return', '数据需核实');
  assert.ok(r.ok);
  const s: ReviewState = { ...at(2), ...r.next };
  assert.equal(s.status, 'returned');
  const again = decide(s, who(author, [], true), 'submit');
  assert.ok(again.ok);
  assert.deepEqual(again.next, { status: 'in_review', level: 1 });
});

test('an author may reject-proof their own work: returning own work is allowed, approving is not', () => {
  assert.ok(decide(at(1), who(author, [1]), 'return', '自己撤回修改').ok);
});

test('editing: signed-off text never in place; in review only the waiting level', () => {
  assert.equal(editableBy({ ...draft, status: 'signed_off' }, who('leader', [3])).ok, false);
  assert.equal(editableBy(at(2), who(author, [], true)).ok, false);
  assert.equal(editableBy(at(2), who('head', [2])).ok, true);
  assert.equal(editableBy(draft, who(author, [], true)).ok, true);
  assert.equal(editableBy(at(1), who(author, [1], true)).ok, false, 'an author holding the level still waits');
  const signed = editableBy({ ...draft, status: 'published' }, who('leader', [3]));
  assert.equal(!signed.ok && signed.code, 'MANUSCRIPT_SIGNED_OFF');
});
