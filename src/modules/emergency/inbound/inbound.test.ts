/** Pure parts of the inbound module: the replay decision and limiting an alert to our areas. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REORDER_WINDOW, sequenceVerdict } from './replay.ts';
import { localAreas } from './areas.ts';

test('sequence: new senders and higher sequences pass; the highest, a seen EBDID or far below is refused', () => {
  assert.equal(sequenceVerdict(undefined, 5n, false), 'ok');
  assert.equal(sequenceVerdict(100n, 101n, false), 'ok');
  assert.equal(sequenceVerdict(100n, 100n, false), 'REPLAYED');
  assert.equal(sequenceVerdict(100n, 150n, true), 'REPLAYED');
  assert.equal(sequenceVerdict(100n, 100n - REORDER_WINDOW, false), 'ok', 'inside the reordering window');
  assert.equal(sequenceVerdict(100n, 100n - REORDER_WINDOW - 1n, false), 'OUT_OF_ORDER');
});

test('areas: ours are kept, an upper area becomes our outermost areas, others are dropped', () => {
  const ours = ['440281000000', '440281102000', '440281102001', '440281103000'];
  assert.deepEqual(localAreas(['440200000000'], ours), ['440281000000'], 'the city names our county');
  assert.deepEqual(localAreas(['440000000000'], ours), ['440281000000'], 'so does the province');
  assert.deepEqual(localAreas(['440281102000', '440282000000'], ours), ['440281102000'], 'a town of ours, a county not ours');
  assert.deepEqual(localAreas(['440281102001', '440281102000'], ours), ['440281102000'], 'the town covers its village');
  assert.deepEqual(localAreas(['440282000000', 'garbage'], ours), []);
});
