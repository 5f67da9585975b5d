/** The broadcast-rights rule, case by case: scope, grants, message type, severity, time. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { grantStatus, mayBroadcast, usableAreas, type Grant, type RefusalReason } from './rules.ts';

const COUNTY = '440281000000';
const JIUFENG = '440281103000';
const JIUFENG_VILLAGE = '440281103001';
const BEIXIANG = '440281102000';
const NOW = new Date('2026-06-01T08:00:00Z');

const grant = (over: Partial<Grant> = {}): Grant => ({
  id: 'g1', areaCode: JIUFENG, mayReal: true, mayDrill: true, maxSeverity: 3,
  validFrom: '2026-01-01T00:00:00Z', validTo: null, revokedAt: null, ...over,
});
const ask = (areaCodes: string[], msgType = 1, severity = 3) => ({ areaCodes, msgType, severity, at: NOW });

const cases: { name: string; scope: string | null; grants: Grant[]; ask: ReturnType<typeof ask>; want: true | [string, RefusalReason] }[] = [
  { name: 'county level needs no grant', scope: null, grants: [], ask: ask([COUNTY, JIUFENG], 1, 1), want: true },
  { name: 'town operator, own town, granted', scope: JIUFENG, grants: [grant()], ask: ask([JIUFENG]), want: true },
  { name: 'a town grant covers its villages', scope: JIUFENG, grants: [grant()], ask: ask([JIUFENG_VILLAGE], 3, 4), want: true },
  { name: 'village operator under a town grant', scope: JIUFENG_VILLAGE, grants: [grant()], ask: ask([JIUFENG_VILLAGE]), want: true },
  { name: 'village operator cannot reach the town', scope: JIUFENG_VILLAGE, grants: [grant()], ask: ask([JIUFENG]), want: [JIUFENG, 'outside_scope'] },
  { name: 'another town is outside the scope', scope: JIUFENG, grants: [grant(), grant({ areaCode: BEIXIANG })], ask: ask([JIUFENG, BEIXIANG]), want: [BEIXIANG, 'outside_scope'] },
  { name: 'the county is outside a town scope', scope: JIUFENG, grants: [grant()], ask: ask([COUNTY]), want: [COUNTY, 'outside_scope'] },
  { name: 'own town without a grant', scope: JIUFENG, grants: [grant({ areaCode: BEIXIANG })], ask: ask([JIUFENG]), want: [JIUFENG, 'no_grant'] },
  { name: 'a village grant does not cover the town', scope: JIUFENG, grants: [grant({ areaCode: JIUFENG_VILLAGE })], ask: ask([JIUFENG]), want: [JIUFENG, 'no_grant'] },
  { name: 'revoked', scope: JIUFENG, grants: [grant({ revokedAt: '2026-05-01T00:00:00Z' })], ask: ask([JIUFENG]), want: [JIUFENG, 'grant_revoked'] },
  { name: 'expired', scope: JIUFENG, grants: [grant({ validTo: '2026-05-31T00:00:00Z' })], ask: ask([JIUFENG]), want: [JIUFENG, 'grant_expired'] },
  { name: 'not yet valid', scope: JIUFENG, grants: [grant({ validFrom: '2026-07-01T00:00:00Z' })], ask: ask([JIUFENG]), want: [JIUFENG, 'grant_not_yet_valid'] },
  { name: 'real send with drills only', scope: JIUFENG, grants: [grant({ mayReal: false })], ask: ask([JIUFENG], 1), want: [JIUFENG, 'real_not_granted'] },
  { name: 'drill with drills only', scope: JIUFENG, grants: [grant({ mayReal: false })], ask: ask([JIUFENG], 4), want: true },
  { name: 'drill with real sends only', scope: JIUFENG, grants: [grant({ mayDrill: false })], ask: ask([JIUFENG], 3), want: [JIUFENG, 'drill_not_granted'] },
  { name: 'severity II above a III grant', scope: JIUFENG, grants: [grant()], ask: ask([JIUFENG], 1, 2), want: [JIUFENG, 'severity_above_grant'] },
  { name: 'severity IV under a III grant', scope: JIUFENG, grants: [grant()], ask: ask([JIUFENG], 1, 4), want: true },
  { name: 'unknown severity counts as level I', scope: JIUFENG, grants: [grant()], ask: ask([JIUFENG], 1, 0), want: [JIUFENG, 'severity_above_grant'] },
  { name: 'unknown severity under a grant for all levels', scope: JIUFENG, grants: [grant({ maxSeverity: 1 })], ask: ask([JIUFENG], 1, 0), want: true },
  {
    name: 'grants add up: drills-only plus a real grant for IV', scope: JIUFENG,
    grants: [grant({ mayReal: false, maxSeverity: 1 }), grant({ id: 'g2', mayDrill: false, maxSeverity: 4 })], ask: ask([JIUFENG], 1, 4), want: true,
  },
  {
    name: 'one grant must allow both type and severity', scope: JIUFENG,
    grants: [grant({ mayReal: false, maxSeverity: 1 }), grant({ id: 'g2', mayDrill: false, maxSeverity: 4 })], ask: ask([JIUFENG], 1, 2), want: [JIUFENG, 'severity_above_grant'],
  },
  { name: 'a revoked grant next to an active one', scope: JIUFENG, grants: [grant({ revokedAt: '2026-05-01T00:00:00Z' }), grant({ id: 'g2' })], ask: ask([JIUFENG]), want: true },
  {
    name: 'each area needs its own grant', scope: JIUFENG, grants: [grant({ areaCode: JIUFENG_VILLAGE })],
    ask: ask([JIUFENG_VILLAGE, '440281103002']), want: ['440281103002', 'no_grant'],
  },
];

describe('mayBroadcast', () => {
  for (const c of cases) {
    test(c.name, () => {
      const v = mayBroadcast(c.scope, c.grants, c.ask);
      if (c.want === true) assert.deepEqual(v, { ok: true });
      else {
        assert.equal(v.ok, false);
        if (!v.ok) assert.deepEqual([v.areaCode, v.reason], c.want);
      }
    });
  }

  test('the message names the area through the label', () => {
    const v = mayBroadcast(JIUFENG, [], ask([JIUFENG]), (code) => (code === JIUFENG ? `九峰镇 (${code})` : code));
    assert.ok(!v.ok && v.message.includes('九峰镇 (440281103000)'), JSON.stringify(v));
  });
});

describe('grant status and usable areas', () => {
  test('revoked beats expired; pending before valid_from', () => {
    assert.equal(grantStatus(grant({ revokedAt: '2026-05-01T00:00:00Z', validTo: '2026-05-02T00:00:00Z' }), NOW), 'revoked');
    assert.equal(grantStatus(grant({ validTo: '2026-06-01T08:00:00Z' }), NOW), 'expired', 'valid_to is exclusive');
    assert.equal(grantStatus(grant({ validFrom: '2026-06-01T08:00:01Z' }), NOW), 'pending');
    assert.equal(grantStatus(grant(), NOW), 'active');
  });

  test('a village operator under a town grant may use the village only', () => {
    const areas = usableAreas(JIUFENG_VILLAGE, [grant(), grant({ id: 'b', areaCode: BEIXIANG }), grant({ id: 'r', revokedAt: '2026-01-02T00:00:00Z' })], NOW);
    assert.deepEqual(areas.map((a) => [a.areaCode, a.grant.id]), [[JIUFENG_VILLAGE, 'g1']]);
    assert.deepEqual(usableAreas(JIUFENG, [grant({ areaCode: JIUFENG_VILLAGE })], NOW).map((a) => a.areaCode), [JIUFENG_VILLAGE]);
  });
});
