import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { BoundConnections } from './bound.ts';
import { TerminalConnection } from './connection.ts';

/** A bound connection of a terminal in `area` (a socket that never connects: usable until destroyed). */
function conn(area: string, n: number, center = 'lechang'): TerminalConnection {
  const c = new TerminalConnection(new Socket(), false);
  c.bind(center, `6${area}031401${String(n).padStart(4, '0')}`);
  return c;
}

test('connections are found by their area and every ancestor, each once, only in their center', () => {
  const bound = new BoundConnections();
  const a = conn('440281001201', 1);
  const b = conn('440281001202', 2);
  const c = conn('440281103201', 3);
  const other = conn('440281001201', 4, 'other');
  for (const x of [a, b, c, other]) assert.equal(bound.add(x), undefined);
  const ids = (list: TerminalConnection[]) => list.map((x) => x.ebrid).sort();
  assert.deepEqual(ids(bound.inside('lechang', ['440281000000'])), ids([a, b, c]));
  assert.deepEqual(ids(bound.inside('lechang', ['440281001000'])), ids([a, b]));
  assert.deepEqual(ids(bound.inside('lechang', ['440281001201', '440281001000', '440281103000'])), ids([a, b, c]), 'overlapping areas: each once');
  assert.deepEqual(bound.inside('lechang', ['440282000000']), []);
  assert.deepEqual(bound.inside('nowhere', ['440281000000']), []);
  assert.deepEqual(ids(bound.inside('other', ['440000000000'])), ids([other]));
});

test('a new connection of a terminal replaces the old one; removing the old one then changes nothing; closed ones are left out', () => {
  const bound = new BoundConnections();
  const first = conn('440281001201', 1);
  const again = conn('440281001201', 1);
  bound.add(first);
  assert.equal(bound.add(again), first);
  assert.equal(bound.get('lechang', again.ebrid!), again);
  assert.equal(bound.remove(first), false);
  assert.deepEqual(bound.inside('lechang', ['440281001201']), [again]);
  again.done = true;
  assert.deepEqual(bound.inside('lechang', ['440281001201']), [], 'not usable');
  assert.equal(bound.remove(again), true);
  assert.equal(bound.get('lechang', again.ebrid!), undefined);
  assert.deepEqual(bound.inside('lechang', ['440281000000']), []);
});
