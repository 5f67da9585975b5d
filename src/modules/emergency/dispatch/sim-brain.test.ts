/** The terminal brain's priority, expiry and persisted replay state, without a transport. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalBrain, outranks } from './sim-brain.ts';
import type { StartCommand } from './wire.ts';

const by = { certSerial: 'A1B2C3D4E5F6', sigTime: new Date() };
const ebmid = (n: number) => `4440281000000010101010120261129${String(n).padStart(4, '0')}`;
let seq = 0;
const start = (n: number, msgType: number, severity: number, endInMs = 3600_000): StartCommand => ({
  v: 1, type: 'start', ebmid: ebmid(n), msgType, severity, eventType: '10101', areas: [], start: new Date().toISOString(),
  end: new Date(Date.now() + endInMs).toISOString(), audio: null, text: '', seq: ++seq,
});
const short = (acks: Array<{ ebmid: string | null; state: string; reason?: string }>) => acks.map((a) => `${a.ebmid?.slice(-2)}:${a.state}${a.reason ? `:${a.reason}` : ''}`);

test('ranks: real before drills, then severity 1 before 4, unknown (0) last', () => {
  assert.ok(outranks(start(1, 1, 4), start(2, 3, 1)));
  assert.ok(outranks(start(1, 1, 1), start(2, 1, 4)));
  assert.ok(outranks(start(1, 1, 4), start(2, 1, 0)));
  assert.ok(!outranks(start(1, 1, 2), start(2, 1, 2)), 'equal does not preempt');
});

test('ranks: an upper-level platform (province, EBRID level 2) outranks the county (4) at any severity', () => {
  const province = { ...start(3, 1, 4), ebmid: `2440000000000010101010120261129${'0003'}` };
  assert.ok(outranks(province, start(4, 1, 1)));
  assert.ok(!outranks(start(4, 1, 1), province));
  assert.ok(outranks(start(5, 1, 4), { ...province, msgType: 3 }), 'a real county alert still outranks an upper-level drill');
});

test('a preemption is reported, an end plays the next, plays lists every start of playing', () => {
  const b = new TerminalBrain();
  assert.deepEqual(short(b.handle(start(1, 3, 2), by)), ['01:playing']);
  assert.deepEqual(short(b.handle(start(2, 1, 2, 50), by)), ['01:queued:PREEMPTED', '02:playing']);
  assert.deepEqual(short(b.handle(start(3, 1, 2), by)), ['03:queued:BUSY_HIGHER_PRIORITY']);
  assert.deepEqual(b.expire(new Date(Date.now() - 1000)), [], 'not yet');
  assert.deepEqual(short(b.expire(new Date(Date.now() + 1000))), ['02:stopped:ENDED', '03:playing']);
  assert.deepEqual(b.plays.map((e) => e.slice(-2)), ['01', '02', '03']);
  assert.deepEqual(short(b.handle(start(2, 1, 1), by)), ['02:rejected:REPLAYED'], 'an ended broadcast never starts again');
});

test('a snapshot restored into a new brain refuses the same sequence numbers and finished EBMIDs', () => {
  const b = new TerminalBrain();
  const first = start(10, 1, 2);
  b.handle(first, by);
  b.handle({ v: 1, type: 'stop', ebmid: first.ebmid, cancelEbmid: null, seq: ++seq }, by);
  const restored = new TerminalBrain();
  restored.restore(JSON.parse(JSON.stringify(b.snapshot())));
  assert.deepEqual(short(restored.handle({ ...first, seq: ++seq }, by)), ['10:rejected:REPLAYED']);
  assert.deepEqual(short(restored.handle({ ...start(11, 1, 2), seq: first.seq }, by)), ['11:rejected:REPLAYED']);
  assert.throws(() => restored.restore({ version: 2 } as never), TypeError);
});
