/** Pure parts of the inbound module: the replay decision, limiting an alert to our areas (and an operator's), the state report. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REORDER_WINDOW, sequenceVerdict } from './replay.ts';
import { areasInScope, localAreas } from './areas.ts';
import { brdStateOf, stateResponseOf, type Reported } from './state-report.ts';
import { parseEbmid } from '../ebm/index.ts';

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

test('areas in scope: a town operator gets their town out of the county, a village operator their village; other towns are dropped', () => {
  assert.deepEqual(areasInScope(['440281000000'], '440281102000'), ['440281102000']);
  assert.deepEqual(areasInScope(['440281000000'], '440281102001'), ['440281102001']);
  assert.deepEqual(areasInScope(['440281102001', '440281102002', '440281103000'], '440281102000'), ['440281102001', '440281102002']);
  assert.deepEqual(areasInScope(['440281103000'], '440281102000'), []);
  assert.deepEqual(areasInScope(['440281000000', '440281102001'], '440281102000'), ['440281102000'], 'the town covers its village');
});

test('state report: our status gives BrdStateCode; coverage counts terminals reached', () => {
  const now = new Date('2026-07-01T08:00:00Z');
  const b = (status: string, o: Partial<Extract<Reported, { kind: 'broadcast' }>> = {}): Reported => ({ kind: 'broadcast', status, startAt: '2026-07-01T07:00:00.000Z', total: 4, reached: 3, reachedAreas: [], ...o });
  assert.equal(brdStateOf(b('draft'), now), 1);
  assert.equal(brdStateOf(b('pending'), now), 1);
  assert.equal(brdStateOf(b('approved'), now), 2);
  assert.equal(brdStateOf(b('approved', { startAt: '2026-07-01T09:00:00.000Z' }), now), 1, 'approved, before its start');
  assert.equal(brdStateOf(b('completed'), now), 3);
  assert.equal(brdStateOf(b('completed', { reached: 0 }), now), 4, 'ended and no terminal reached');
  assert.equal(brdStateOf(b('cancelled'), now), 5);
  assert.equal(brdStateOf(b('rejected'), now), 0);
  assert.equal(brdStateOf({ kind: 'notAdopted' }, now), 0);
  const ebmid = parseEbmid(`44402810000000101010101202607010001`);
  const r = stateResponseOf(ebmid, b('approved', { reachedAreas: ['440281102001', 'x'] }), now);
  assert.deepEqual(r.coverage, { coverageRate: 0.75, areaCodes: ['440281102001'], resBrdStat: { platforms: 0, adapters: 0, devices: 0, terminals: 3 } });
  assert.match(r.brdStateDesc ?? '', /3\/4/);
  assert.equal(stateResponseOf(ebmid, { kind: 'notAdopted' }, now).coverage, undefined);
});
