/** The registry's pure rules: kinds from EBRIDs, area prefixes, parents, the checks. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEbrid, parseAreaCode } from '../ebm/ids.ts';
import { areaPrefix, ebridFor, kindsOf, parentProblem } from './codes.ts';
import { checkResource, MapWorld, type KnownResource, type ResourceInput } from './validate.ts';

const county = parseAreaCode('440281000000');
const town = parseAreaCode('440281001000');
const village = parseAreaCode('440281001001');
const otherVillage = parseAreaCode('440281002001');

describe('EBRID and kind', () => {
  it('codes Lechang\'s county platform as the digest says', () => {
    assert.equal(ebridFor('platform', county, 0), '44402810000000101010101');
  });

  it('maps type and subtype to kinds', () => {
    assert.deepEqual(kindsOf(decodeEbrid('44402810000000101010101')), ['platform']);
    assert.deepEqual(kindsOf(decodeEbrid(ebridFor('frontend', town, 0))), ['frontend']);
    assert.deepEqual(kindsOf(decodeEbrid(ebridFor('adapter', village, 0))), ['adapter']);
    assert.deepEqual(kindsOf(decodeEbrid(ebridFor('terminal', village, 3))), ['terminal', 'loudspeaker']);
    assert.deepEqual(kindsOf({ type: '0314', subtype: '03' }), [], 'transmitters are not kept');
  });

  it('numbers past 99 move on to the next type sequence, never using 00', () => {
    assert.equal(ebridFor('terminal', village, 0).slice(17), '010401');
    assert.equal(ebridFor('terminal', village, 98).slice(17), '010499');
    assert.equal(ebridFor('terminal', village, 99).slice(17), '020401');
  });

  it('takes the significant digits of an area as its prefix', () => {
    assert.equal(areaPrefix(county), '440281');
    assert.equal(areaPrefix(town), '440281001');
    assert.equal(areaPrefix(village), '440281001001');
    assert.equal(areaPrefix(parseAreaCode('440000000000')), '44');
  });
});

describe('parents', () => {
  const at = (kind: KnownResource['kind'], area: typeof county) => ({ kind, area, ebrid: ebridFor(kind, area, 0) });
  it('accepts the standard chain platform → front-end → adapter → terminal → loudspeaker', () => {
    assert.equal(parentProblem(at('frontend', town), at('platform', county)), null);
    assert.equal(parentProblem(at('adapter', village), at('frontend', town)), null);
    assert.equal(parentProblem(at('terminal', village), at('adapter', village)), null);
    assert.equal(parentProblem(at('loudspeaker', village), at('terminal', village)), null);
  });
  it('refuses wrong kinds, foreign areas, orphan loudspeakers and same-level front-end chains', () => {
    assert.match(parentProblem(at('loudspeaker', village), null)!, /must hang under a terminal/);
    assert.match(parentProblem(at('terminal', village), at('platform', county))!, /not a platform/);
    assert.match(parentProblem(at('terminal', otherVillage), at('adapter', village))!, /does not contain/);
    assert.match(parentProblem(at('frontend', town), at('frontend', town))!, /higher area/);
  });
});

describe('checkResource', () => {
  const world = new MapWorld(new Set([county, town, village, otherVillage]), [
    { id: 'a1', ebrid: ebridFor('adapter', village, 0), physicalId: 'LC-A-1', kind: 'adapter', area: village, parentId: null },
    { id: 't1', ebrid: ebridFor('terminal', village, 0), physicalId: 'LC-T-1', kind: 'terminal', area: village, parentId: 'a1' },
  ]);
  const input = (over: Partial<ResourceInput> = {}): ResourceInput => ({
    ebrid: ebridFor('terminal', village, 1), physicalId: 'LC-T-2', kind: null, name: '城北社区2号终端', areaCode: village,
    protocol: 'ip', address: '10.1.1.11:6000', longitude: 113.35, latitude: 25.13, ...over,
  });
  const fields = (i: ResourceInput, parent: Parameters<typeof checkResource>[1] = world.resource('a1')!) => checkResource(i, parent, world).problems.map((p) => `${p.field}:${p.code}`);

  it('passes a good terminal and derives its kind (loudspeaker under a terminal)', () => {
    assert.deepEqual(checkResource(input(), world.resource('a1')!, world), { problems: [], kind: 'terminal' });
    assert.equal(checkResource(input(), world.resource('t1')!, world).kind, 'loudspeaker');
  });
  it('names the field of each problem', () => {
    assert.deepEqual(fields(input({ ebrid: '4440281' })), ['ebrid:EB_EBRID_INVALID']);
    assert.deepEqual(fields(input({ ebrid: ebridFor('terminal', otherVillage, 1) })), ['ebrid:EB_EBRID_AREA_MISMATCH']);
    assert.deepEqual(fields(input({ ebrid: `5${ebridFor('terminal', village, 1).slice(1)}` })), ['ebrid:EB_EBRID_AREA_MISMATCH'], 'level digit');
    assert.deepEqual(fields(input({ areaCode: '440281001999', ebrid: ebridFor('terminal', parseAreaCode('440281001999'), 1) })), ['areaCode:AREA_NOT_FOUND']);
    assert.deepEqual(fields(input({ kind: 'adapter' })), ['kind:EB_KIND_MISMATCH']);
    assert.deepEqual(fields(input({ ebrid: ebridFor('terminal', village, 0) })), ['ebrid:EB_EBRID_TAKEN']);
    assert.deepEqual(fields(input({ physicalId: 'LC-T-1' })), ['physicalId:EB_PHYSICAL_ID_TAKEN']);
    assert.deepEqual(fields(input(), { missing: 'nope' }), ['parent:EB_RESOURCE_NOT_FOUND']);
    assert.deepEqual(fields(input({ address: 'not a host' })), ['address:VALIDATION_FAILED']);
    assert.deepEqual(fields(input({ protocol: null })), ['protocol:VALIDATION_FAILED']);
    assert.deepEqual(fields(input({ latitude: null })), ['latitude:VALIDATION_FAILED']);
    assert.deepEqual(fields(input({ longitude: 181 })), ['longitude:VALIDATION_FAILED']);
    assert.deepEqual(fields(input({ ebrid: `${ebridFor('terminal', village, 1).slice(0, 21)}00` })), ['ebrid:EB_EBRID_INVALID'], 'sequence 00 is a group');
  });
  it('lists every problem at once', () => {
    assert.deepEqual(fields(input({ name: ' ', physicalId: 'has space', longitude: 500 })), ['name:VALIDATION_FAILED', 'physicalId:VALIDATION_FAILED', 'longitude:VALIDATION_FAILED']);
  });
  it('refuses to move a parent away from its children', () => {
    const adapter = world.resource('a1')!;
    const moved = { ...input(), ebrid: ebridFor('adapter', otherVillage, 0), physicalId: 'LC-A-1', kind: 'adapter' as const, areaCode: otherVillage };
    assert.deepEqual(checkResource(moved, null, world, adapter).problems.map((p) => `${p.field}:${p.code}`), ['areaCode:EB_RESOURCE_HAS_CHILDREN']);
  });
});
