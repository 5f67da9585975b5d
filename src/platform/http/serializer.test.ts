import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import fastJson from 'fast-json-stringify';
import { nullableUnions, serializerCompiler } from './serializer.ts';

const Out = Type.Object({
  id: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  approver: Type.Union([Type.Object({ id: Type.String(), at: Type.String() }), Type.Null()]),
  tags: Type.Union([Type.Array(Type.String()), Type.Null()]),
  kind: Type.Union([Type.Literal('a'), Type.Literal('b')]),
  count: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});

test('X | null unions are written as nullable X; other unions are kept', () => {
  const s = nullableUnions(JSON.parse(JSON.stringify(Out))) as { properties: Record<string, Record<string, unknown>> };
  assert.equal(s.properties.note!.type, 'string');
  assert.equal(s.properties.note!.nullable, true);
  assert.equal(s.properties.approver!.type, 'object');
  assert.equal(s.properties.approver!.nullable, true);
  assert.equal(s.properties.tags!.type, 'array');
  assert.ok(Array.isArray(s.properties.kind!.anyOf), 'a union of two literals is not a nullable union');
  assert.ok(Array.isArray((Out.properties.note as unknown as { anyOf: unknown[] }).anyOf), 'the route schema itself is not changed');
});

test('the serializer writes what the stock one writes, nulls and values alike', () => {
  const mine = serializerCompiler({ schema: Out });
  const stock = fastJson(Out);
  const rows = [
    { id: '1', note: null, approver: null, tags: null, kind: 'a', count: null },
    { id: '2', note: '批准', approver: { id: 'u', at: '2026-11-29T00:00:00.000Z', extra: 'dropped' }, tags: ['x', '县'], kind: 'b', count: 3 },
    { id: '3', note: 'x"y', approver: { id: 'u', at: 't' }, tags: [], kind: 'a' },
  ];
  for (const r of rows) {
    assert.equal(mine(r), stock(r));
    assert.deepEqual(JSON.parse(mine(r)), JSON.parse(stock(r)));
  }
});
