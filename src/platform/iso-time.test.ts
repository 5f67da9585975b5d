import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoAt, msOfIso } from './iso-time.ts';

test('isoAt and msOfIso give what Date gives, for repeated and changing inputs', () => {
  for (const ms of [0, 1, 1, 1_764_000_000_123, 1_764_000_000_123, 1_764_000_000_124, 0]) {
    assert.equal(isoAt(ms), new Date(ms).toISOString());
    assert.equal(msOfIso(isoAt(ms)), ms);
  }
  assert.ok(Number.isNaN(msOfIso('not a date')));
  assert.equal(msOfIso('2026-11-29T12:00:00.000Z'), Date.UTC(2026, 10, 29, 12));
  const now = Date.now();
  assert.ok(Date.parse(isoAt()) >= now);
});
