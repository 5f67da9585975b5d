import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingCommands, type SentCommand } from './connection.ts';

const sent = (ebmid: string, at: number, type: SentCommand['type'] = 'start'): SentCommand => ({ type, ebmid, at });

test('pending commands: found by session id, replaced, answered out of order, forgotten when old', () => {
  const p = new PendingCommands();
  assert.equal(p.get(1), undefined);
  p.set(1, sent('A', 1000));
  p.set(2, sent('B', 2000));
  p.set(3, sent('C', 3000, 'stop'));
  assert.equal(p.size, 3);
  assert.equal(p.get(2)?.ebmid, 'B');
  p.set(2, sent('B2', 2500));
  assert.equal(p.size, 3, 'the same session id replaces');
  assert.equal(p.get(2)?.ebmid, 'B2');
  assert.equal(p.delete(2), true);
  assert.equal(p.delete(2), false);
  assert.equal(p.get(3)?.type, 'stop');
  p.forgetOlder(4000, 2000); // sent before 2000 ms: forgotten
  assert.equal(p.get(1), undefined);
  assert.equal(p.get(3)?.ebmid, 'C');
  assert.equal(p.size, 1);
  assert.equal(p.delete(3), true);
  assert.equal(p.size, 0);
});
