import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayGuard, type ReplayGuardSnapshot } from './replay.ts';

const T0 = new Date('2026-03-01T02:00:00Z');
const at = (s: number): Date => new Date(T0.getTime() + s * 1000);
const SENDER = '44402810000000101010101';
const id = (seq: bigint | number): string => `10${SENDER}${seq.toString().padStart(16, '0')}`;

describe('ReplayGuard', () => {
  test('increasing sequences pass; the same message twice is REPLAYED', () => {
    const g = new ReplayGuard();
    assert.equal(g.check(SENDER, 1, id(1), T0, T0), 'ok');
    assert.equal(g.check(SENDER, 2, id(2), T0, T0), 'ok');
    assert.equal(g.check(SENDER, 2, id(2), T0, at(10)), 'REPLAYED');
    assert.equal(g.check(SENDER, 2, 'another id, same sequence', T0, at(10)), 'REPLAYED');
    assert.equal(g.highestSeq(SENDER), 2n);
  });
  test('reordering within the window is accepted once; older is OUT_OF_ORDER', () => {
    const g = new ReplayGuard({ reorderWindow: 2 });
    assert.equal(g.check(SENDER, 10, id(10), T0, T0), 'ok');
    assert.equal(g.check(SENDER, 8, id(8), T0, T0), 'ok');
    assert.equal(g.check(SENDER, 8, id(8), T0, T0), 'REPLAYED');
    assert.equal(g.check(SENDER, 7, id(7), T0, T0), 'OUT_OF_ORDER');
    assert.equal(g.check(SENDER, 12, id(12), T0, T0), 'ok');
    assert.equal(g.check(SENDER, 9, id(9), T0, T0), 'OUT_OF_ORDER', 'the window moved on');
  });
  test('a long run of advancing sequences: the window holds exactly, and a snapshot keeps only what lies in it', () => {
    const g = new ReplayGuard({ reorderWindow: 3 });
    for (let n = 1; n <= 40; n += 2) assert.equal(g.check(SENDER, n, `m${n}`, T0, T0), 'ok'); // 1, 3, … 39
    assert.equal(g.check(SENDER, 37, 'another id', T0, T0), 'REPLAYED', 'accepted, in the window');
    assert.equal(g.check(SENDER, 38, 'm38', T0, T0), 'ok', 'never sent, in the window');
    assert.equal(g.check(SENDER, 35, 'another id', T0, T0), 'OUT_OF_ORDER', 'accepted long ago, below the window');
    assert.equal(g.check(SENDER, 34, 'm34', T0, T0), 'OUT_OF_ORDER');
    const snap = g.snapshot();
    assert.deepEqual(snap.senders[0]!.acceptedSeqs.map(Number).sort((a, b) => a - b), [37, 38, 39]);
  });
  test('restoring a snapshot replaces the state of the sender checked last too', () => {
    const g = new ReplayGuard();
    assert.equal(g.check(SENDER, 5, id(5), T0, T0), 'ok');
    const snap = g.snapshot();
    assert.equal(g.check(SENDER, 9, id(9), T0, T0), 'ok');
    g.restore(snap);
    assert.equal(g.check(SENDER, 9, id(9), T0, T0), 'ok', 'the restored state has not seen 9');
  });
  test('strict mode: reorderWindow 0', () => {
    const g = new ReplayGuard({ reorderWindow: 0 });
    assert.equal(g.check(SENDER, 5, id(5), T0, T0), 'ok');
    assert.equal(g.check(SENDER, 4, id(4), T0, T0), 'OUT_OF_ORDER');
    assert.equal(g.check(SENDER, 6, id(6), T0, T0), 'ok');
  });
  test('senders are independent', () => {
    const g = new ReplayGuard();
    assert.equal(g.check('a', 100, 'm1', T0, T0), 'ok');
    assert.equal(g.check('b', 1, 'm1', T0, T0), 'ok');
    assert.equal(g.check('b', 1, 'm1', T0, T0), 'REPLAYED');
  });
  test('16-digit sequences beyond 2^53 as strings and bigints', () => {
    const g = new ReplayGuard({ reorderWindow: 0 });
    assert.equal(g.check(SENDER, '9007199254740993', 'x', T0, T0), 'ok');
    assert.equal(g.check(SENDER, 9007199254740992n, 'y', T0, T0), 'OUT_OF_ORDER');
    assert.equal(g.check(SENDER, '9999999999999999', 'z', T0, T0), 'ok');
    assert.throws(() => g.check(SENDER, -1, 'w', T0, T0), RangeError);
    assert.throws(() => g.check(SENDER, '12a', 'w', T0, T0), RangeError);
    assert.throws(() => g.check(SENDER, 1.5, 'w', T0, T0), RangeError);
  });
  test('the same sequence as a number, a bigint or a string is one sequence, across 2^53', () => {
    const g = new ReplayGuard({ reorderWindow: 4 });
    const top = Number.MAX_SAFE_INTEGER; // 9007199254740991
    assert.equal(g.check(SENDER, top - 2, 'a', T0, T0), 'ok');
    assert.equal(g.check(SENDER, BigInt(top - 2), 'b', T0, T0), 'REPLAYED');
    assert.equal(g.check(SENDER, String(top - 2), 'c', T0, T0), 'REPLAYED');
    assert.equal(g.check(SENDER, 9007199254740993n, 'd', T0, T0), 'ok', 'past 2^53');
    assert.equal(g.check(SENDER, top, 'e', T0, T0), 'ok', 'three below, inside the window');
    assert.equal(g.check(SENDER, '9007199254740993', 'f', T0, T0), 'REPLAYED');
    assert.equal(g.check(SENDER, top - 3, 'g', T0, T0), 'OUT_OF_ORDER', 'six below');
    const restored = new ReplayGuard({ reorderWindow: 4 });
    restored.restore(JSON.parse(JSON.stringify(g.snapshot())) as ReplayGuardSnapshot);
    assert.equal(restored.highestSeq(SENDER), 9007199254740993n);
    assert.equal(restored.check(SENDER, top, 'h', T0, T0), 'REPLAYED');
    assert.equal(restored.check(SENDER, top - 1, 'i', T0, T0), 'ok');
  });
  test('ids are forgotten once their SigTime left the window, and bounded in number', () => {
    const g = new ReplayGuard({ windowSeconds: 300, maxIdsPerSender: 3 });
    g.check(SENDER, 1, 'm1', T0, T0);
    g.check(SENDER, 2, 'm2', at(100), at(100));
    assert.deepEqual(g.snapshot(at(350)).senders[0]!.seen, [['m2', T0.getTime() / 1000 + 100]]);
    for (let s = 3; s <= 6; s++) g.check(SENDER, s, `m${s}`, at(100), at(100));
    assert.deepEqual(g.snapshot().senders[0]!.seen.map(([m]) => m), ['m4', 'm5', 'm6']);
    // m2 fell out of the id cache, but its sequence still stops it.
    assert.equal(g.check(SENDER, 2, 'm2', at(100), at(100)), 'REPLAYED');
  });
  test('snapshot and restore through JSON keep every decision', () => {
    const g = new ReplayGuard({ reorderWindow: 4 });
    g.check(SENDER, '1000000000000010', id(10), T0, T0);
    g.check(SENDER, '1000000000000008', id(8), T0, T0);
    const json = JSON.parse(JSON.stringify(g.snapshot(T0))) as ReplayGuardSnapshot;
    const h = new ReplayGuard({ reorderWindow: 4 });
    h.restore(json);
    assert.equal(h.check(SENDER, '1000000000000010', 'new id', T0, at(1)), 'REPLAYED');
    assert.equal(h.check(SENDER, '1000000000000008', 'new id', T0, at(1)), 'REPLAYED');
    assert.equal(h.check(SENDER, '1000000000000005', 'other', T0, at(1)), 'OUT_OF_ORDER');
    assert.equal(h.check(SENDER, '1000000000000009', id(9), T0, at(1)), 'ok');
    assert.equal(h.check(SENDER, '1000000000000011', id(10), T0, at(1)), 'REPLAYED', 'the seen id survived');
  });
  test('a malformed snapshot is refused and leaves the state alone', () => {
    const g = new ReplayGuard();
    g.check(SENDER, 5, 'm5', T0, T0);
    const bad = [
      null,
      { version: 2, senders: [] },
      { version: 1, senders: [{ sender: 'x', highestSeq: '-1', acceptedSeqs: [], seen: [] }] },
      { version: 1, senders: [{ sender: 'x', highestSeq: '1', acceptedSeqs: [1], seen: [] }] },
      { version: 1, senders: [{ sender: 'x', highestSeq: '1', acceptedSeqs: [], seen: [['m', 'soon']] }] },
      { version: 1, senders: [{ sender: 'x', highestSeq: '1', acceptedSeqs: [], seen: [] }, { sender: 'x', highestSeq: '2', acceptedSeqs: [], seen: [] }] },
    ];
    for (const s of bad) assert.throws(() => g.restore(s as unknown as ReplayGuardSnapshot), TypeError);
    assert.equal(g.highestSeq(SENDER), 5n);
  });
  test('forget lets a sender that reset its sequence start again', () => {
    const g = new ReplayGuard();
    g.check(SENDER, 500, 'm500', T0, T0);
    assert.equal(g.check(SENDER, 1, 'm1', T0, T0), 'OUT_OF_ORDER');
    assert.ok(g.forget(SENDER));
    assert.equal(g.check(SENDER, 1, 'm1', T0, T0), 'ok');
  });
  test('invalid options are refused', () => {
    assert.throws(() => new ReplayGuard({ reorderWindow: -1 }), RangeError);
    assert.throws(() => new ReplayGuard({ maxIdsPerSender: 0 }), RangeError);
    assert.throws(() => new ReplayGuard({ windowSeconds: Number.NaN }), RangeError);
  });
});
