import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AckLog } from './ack-log.ts';

test('the ack log drains what was said in order, and counts each terminal once per EBMID and state', () => {
  const log = new AckLog();
  log.add(0, 'T0', { ebmid: 'A', state: 'playing' }, 1000);
  log.add(1, 'T1', { ebmid: 'A', state: 'queued', reason: 'BUSY_HIGHER_PRIORITY' }, 1001, 2.5);
  log.add(1, 'T1', { ebmid: 'A', state: 'playing' }, 1002);
  log.add(0, 'T0', { ebmid: 'A', state: 'playing' }, 1003); // said again: counted once
  log.add(2, 'T2', { ebmid: null, state: 'rejected', reason: 'UNSIGNED' }, 1004);
  assert.equal(log.count('A', 'playing'), 2);
  assert.equal(log.count('A', 'queued'), 1);
  assert.equal(log.count('B', 'playing'), 0);
  const events = log.drain();
  assert.deepEqual(events[1], { ebrid: 'T1', ebmid: 'A', state: 'queued', reason: 'BUSY_HIGHER_PRIORITY', at: 1001, verifyWaitMs: 2.5 });
  assert.deepEqual(events.map((e) => `${e.ebrid}:${e.ebmid}:${e.state}`), ['T0:A:playing', 'T1:A:queued', 'T1:A:playing', 'T0:A:playing', 'T2:null:rejected']);
  assert.deepEqual(log.drain(), [], 'drained');
  assert.equal(log.count('A', 'playing'), 2, 'counts outlive a drain');
});

test('counts are kept for the latest 16 EBMIDs', () => {
  const log = new AckLog();
  for (let i = 0; i < 20; i++) log.add(0, 'T0', { ebmid: `E${i}`, state: 'playing' }, i);
  assert.equal(log.count('E0', 'playing'), 0, 'forgotten');
  assert.equal(log.count('E19', 'playing'), 1);
  assert.equal(log.count('E4', 'playing'), 1);
});
