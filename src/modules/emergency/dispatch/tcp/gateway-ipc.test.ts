import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { appendCall, callsOf, type SinkBatchItem, type SinkCall } from './gateway-ipc.ts';

const T = '64402810010000314010401';
const U = '64402811030000314010402';
const EBMID = '14440281000000010101012026112900001';

test('a batch packs runs of acks by column and gives back every call in order, through the structured clone', () => {
  const calls: SinkCall[] = [
    { k: 'hello', center: 'lechang', ebrid: T, at: 1 },
    { k: 'ack', center: 'lechang', ebrid: T, ack: { ebmid: EBMID, state: 'playing', at: '2026-11-29T12:00:00.001Z' } },
    { k: 'ack', center: 'lechang', ebrid: U, ack: { ebmid: EBMID, state: 'queued', reason: 'BUSY_HIGHER_PRIORITY', at: '2026-11-29T12:00:00.002Z' } },
    { k: 'ack', center: 'other', ebrid: U, ack: { ebmid: null, state: 'rejected', reason: 'REPLAYED', at: '2026-11-29T12:00:00.003Z' } },
    { k: 'gone', center: 'lechang', ebrid: T, at: 4 },
    { k: 'ack', center: 'lechang', ebrid: T, ack: { ebmid: EBMID, state: 'stopped', at: '2026-11-29T12:00:00.005Z' } },
    { k: 'seen', center: 'lechang', ebrids: [T, U], at: 6 },
  ];
  const batch: SinkBatchItem[] = [];
  for (const c of calls) appendCall(batch, c);
  assert.deepEqual(batch.map((b) => b.k), ['hello', 'acks', 'acks', 'gone', 'acks', 'seen'], 'consecutive acks of one center share a run');
  const crossed = v8.deserialize(v8.serialize(batch)) as SinkBatchItem[];
  assert.deepEqual([...callsOf(crossed)], calls);
});
