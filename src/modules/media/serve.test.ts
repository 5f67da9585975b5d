/** Content-Disposition (RFC 6266 / 8187) and Range parsing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentDisposition, dispositionFor, etagMatches, parseRange } from './serve.ts';

test('Content-Disposition keeps a Chinese name through filename* and gives an ASCII fallback', () => {
  const h = contentDisposition('attachment', '乐昌市 "应急" 广播(1).pdf');
  assert.match(h, /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
  const encoded = /filename\*=UTF-8''(.+)$/.exec(h)![1]!;
  assert.doesNotMatch(encoded, /[^A-Za-z0-9!#$&+\-.^_`|~%]/);
  assert.equal(decodeURIComponent(encoded), '乐昌市 "应急" 广播(1).pdf');
  assert.equal(/filename="([^"]*)"/.exec(h)![1], '___ ____ __(1).pdf');
});

test('only pictures and sound open in the browser', () => {
  assert.equal(dispositionFor('image', false), 'inline');
  assert.equal(dispositionFor('video', false), 'inline');
  assert.equal(dispositionFor('image', true), 'attachment');
  assert.equal(dispositionFor('document', false), 'attachment');
});

test('single byte ranges; anything else means the whole file', () => {
  assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 });
  for (const h of [undefined, 'bytes=1000-', 'bytes=5-2', 'bytes=0-1,5-6', 'items=0-1', 'bytes=-', 'bytes=abc']) assert.equal(parseRange(h, 1000), null, String(h));
});

test('If-None-Match', () => {
  assert.ok(etagMatches('"abc"', '"abc"'));
  assert.ok(etagMatches('W/"abc", "x"', '"abc"'));
  assert.ok(!etagMatches('"abd"', '"abc"'));
  assert.ok(!etagMatches(undefined, '"abc"'));
});
