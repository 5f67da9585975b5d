/**
 * Broadcast rights by level (GD/J 088): a town operator broadcasts only inside their town
 * and only with a right the county grants; only county-level managers grant; audited.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { countyArea, ebCenter, signedIn, townArea, villageArea } from '../helpers/eb.ts';

const COUNTY = '440281000000';
const JIUFENG = '440281103000';
const JIUFENG_VILLAGE = '440281103001';
const BEIXIANG = '440281102000';

for (const engine of testEngines()) {
  describe(`emergency broadcast rights (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let tok: Record<string, string>;
    let ids: Record<string, string>;
    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter(t, 'eb_grants', [
        countyArea(COUNTY), townArea(JIUFENG, '九峰镇'), villageArea(JIUFENG_VILLAGE, '九峰街社区'), townArea(BEIXIANG, '北乡镇'),
      ]);
      const users = {
        leader: ['leader'], county_op: ['eb_operator'], town_op: ['eb_operator'], approver: ['eb_approver'],
        town_approver: ['eb_approver'], beixiang_approver: ['eb_approver'], town_leader: ['leader'], editor: ['editor'],
      };
      ({ tok, ids } = await signedIn(t, centerId, users));
      for (const [u, area] of [['town_op', JIUFENG], ['town_approver', JIUFENG], ['beixiang_approver', BEIXIANG], ['town_leader', JIUFENG]] as const) {
        const r = await t.call('PUT', `/api/eb/operators/${ids[u]}/scope`, { token: tok.leader, body: { areaCode: area } });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
    });
    after(() => t.close());

    const msg = (areaCodes: string[], msgType = 3, severity = 3) => ({
      msgType, eventType: '10101', severity, title: '山洪预警', text: '九峰镇沿河群众请注意防范。', areaCodes,
      startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    const author = (who: string, body: object) => t.call('POST', '/api/eb/broadcasts', { token: tok[who], body });
    const refused = (r: { status: number; body: any }, reason: string) => {
      assert.equal(r.status, 403, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'EB_AREA_NOT_GRANTED');
      assert.equal(r.body.error.field, 'areaCodes');
      assert.equal(r.body.error.details?.reason, reason, JSON.stringify(r.body));
    };
    const grant = (body: object, who = 'leader') => t.call('POST', '/api/eb/grants', { token: tok[who], body });

    test('only county-level holders of eb.grants.manage grant and bind; bad input names the field', async () => {
      assert.equal((await grant({ areaCode: JIUFENG, mayReal: true, mayDrill: true, maxSeverity: 3 }, 'county_op')).body.error.code, 'PERMISSION_DENIED');
      assert.equal((await grant({ areaCode: JIUFENG, mayReal: true, mayDrill: true, maxSeverity: 3 }, 'approver')).status, 403);
      const scoped = await grant({ areaCode: JIUFENG, mayReal: true, mayDrill: true, maxSeverity: 3 }, 'town_leader');
      assert.equal(scoped.status, 403);
      assert.match(scoped.body.error.message, /county level/);
      assert.equal((await t.call('PUT', `/api/eb/operators/${ids.county_op}/scope`, { token: tok.town_leader, body: { areaCode: BEIXIANG } })).status, 403);
      assert.equal((await t.call('PUT', `/api/eb/operators/${ids.leader}/scope`, { token: tok.leader, body: { areaCode: JIUFENG } })).status, 403, 'not one\'s own scope');

      const county = await grant({ areaCode: COUNTY, mayReal: true, mayDrill: true, maxSeverity: 1 });
      assert.deepEqual([county.status, county.body.error.code, county.body.error.field], [400, 'EB_AREA_LEVEL_INVALID', 'areaCode']);
      const unknown = await grant({ areaCode: '440281999000', mayReal: true, mayDrill: true, maxSeverity: 1 });
      assert.deepEqual([unknown.status, unknown.body.error.field], [404, 'areaCode']);
      assert.equal((await grant({ areaCode: JIUFENG, mayReal: false, mayDrill: false, maxSeverity: 1 })).body.error.field, 'mayDrill');
      assert.equal((await grant({ areaCode: JIUFENG, mayReal: true, mayDrill: true, maxSeverity: 1, validTo: new Date(Date.now() - 1000).toISOString() })).body.error.field, 'validTo');
      assert.equal((await grant({ areaCode: JIUFENG, mayReal: true, mayDrill: true, maxSeverity: 5 })).status, 400);
      assert.equal((await t.call('PUT', `/api/eb/operators/${ids.county_op}/scope`, { token: tok.leader, body: { areaCode: COUNTY } })).body.error.field, 'areaCode');

      const ops = await t.call('GET', '/api/eb/operators', { token: tok.leader });
      const byName = new Map(ops.body.items.map((o: { username: string }) => [o.username, o]));
      assert.deepEqual((byName.get('town_op') as { scope: unknown }).scope, { areaCode: JIUFENG, areaName: '九峰镇' });
      assert.equal((byName.get('county_op') as { scope: unknown }).scope, null);
      assert.deepEqual((byName.get('town_op') as { roles: unknown }).roles, [{ code: 'eb_operator', name: '应急广播操作员', nameEn: 'Emergency broadcast operator' }]);
      assert.ok(!byName.has('editor'));
      assert.equal((await t.call('GET', '/api/eb/operators', { token: tok.county_op })).status, 403);
    });

    test('a scoped operator authors for their town only with a grant allowing type and severity', async () => {
      refused(await author('town_op', msg([JIUFENG])), 'no_grant');
      const none = await author('town_op', msg([JIUFENG]));
      assert.match(none.body.error.message, /九峰镇 \(440281103000\)/);

      const drills = await grant({ areaCode: JIUFENG, mayReal: false, mayDrill: true, maxSeverity: 3, note: '汛期演练' });
      assert.equal(drills.status, 201, JSON.stringify(drills.body));
      assert.equal(drills.body.status, 'active');
      assert.equal((await author('town_op', msg([JIUFENG, JIUFENG_VILLAGE], 3, 3))).status, 201);
      refused(await author('town_op', msg([JIUFENG], 1, 3)), 'real_not_granted');
      refused(await author('town_op', msg([JIUFENG], 3, 2)), 'severity_above_grant');
      refused(await author('town_op', msg([JIUFENG, BEIXIANG])), 'outside_scope');
      refused(await author('town_op', msg([COUNTY])), 'outside_scope');

      assert.equal((await grant({ areaCode: JIUFENG, mayReal: true, mayDrill: false, maxSeverity: 3 })).status, 201);
      assert.equal((await author('town_op', msg([JIUFENG], 1, 3))).status, 201);
      assert.equal((await author('county_op', msg([BEIXIANG, COUNTY], 1, 1))).status, 201, 'county level is unaffected');

      const mine = await t.call('GET', '/api/eb/me/scope', { token: tok.town_op });
      assert.equal(mine.body.countyLevel, false);
      assert.deepEqual(mine.body.scope, { areaCode: JIUFENG, areaName: '九峰镇' });
      assert.equal(mine.body.grants.length, 2);
      assert.deepEqual(mine.body.areas.map((a: { areaCode: string }) => a.areaCode), [JIUFENG, JIUFENG]);
      assert.deepEqual((await t.call('GET', '/api/eb/me/scope', { token: tok.county_op })).body, { countyLevel: true, scope: null, grants: [], areas: [] });
    });

    test('scoped approvers follow the same rule; revocation stops new work, cancelling stays open', async () => {
      const d = await author('town_op', msg([JIUFENG], 1, 3));
      assert.equal(d.status, 201);
      await t.call('POST', `/api/eb/broadcasts/${d.body.id}/submit`, { token: tok.town_op, body: {} });
      const elsewhere = await t.call('POST', `/api/eb/broadcasts/${d.body.id}/decision`, { token: tok.beixiang_approver, body: { approve: true } });
      assert.deepEqual([elsewhere.status, elsewhere.body.error.code], [404, 'EB_BROADCAST_NOT_FOUND'], 'another town\'s broadcast is not theirs to see');
      const ok = await t.call('POST', `/api/eb/broadcasts/${d.body.id}/decision`, { token: tok.town_approver, body: { approve: true } });
      assert.equal(ok.body.status, 'approved', JSON.stringify(ok.body));

      const draft = await author('town_op', msg([JIUFENG], 3, 4));
      const active = await t.call('GET', `/api/eb/grants?status=active&areaCode=${JIUFENG}`, { token: tok.town_op });
      assert.equal(active.body.items.length, 2);
      for (const g of active.body.items) {
        const r = await t.call('POST', `/api/eb/grants/${g.id}/revoke`, { token: tok.leader, body: { reason: '汛期结束' } });
        assert.deepEqual([r.status, r.body.status, r.body.revokeReason, r.body.revokedBy.id], [200, 'revoked', '汛期结束', ids.leader]);
      }
      assert.equal((await t.call('POST', `/api/eb/grants/${active.body.items[0].id}/revoke`, { token: tok.leader, body: { reason: 'again' } })).status, 409);
      assert.equal((await t.call('POST', `/api/eb/grants/${active.body.items[0].id}/revoke`, { token: tok.leader, body: {} })).body.error.code, 'VALIDATION_FAILED');
      refused(await author('town_op', msg([JIUFENG])), 'grant_revoked');
      refused(await t.call('POST', `/api/eb/broadcasts/${draft.body.id}/submit`, { token: tok.town_op, body: {} }), 'grant_revoked');
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${d.body.id}/cancel`, { token: tok.town_op, body: { reason: '解除' } })).body.status, 'cancelled');
      assert.deepEqual((await t.call('GET', '/api/eb/me/scope', { token: tok.town_op })).body.areas, []);
    });

    test('a scoped user lists their area\'s broadcasts and county ones covering it', async () => {
      const countyWide = await author('county_op', msg([COUNTY], 3, 1));
      const beixiangOnly = await author('county_op', msg([BEIXIANG], 3, 1));
      const seen = (await t.call('GET', '/api/eb/broadcasts?pageSize=200', { token: tok.town_op })).body;
      const seenIds = seen.items.map((b: { id: string }) => b.id);
      assert.ok(seenIds.includes(countyWide.body.id));
      assert.ok(!seenIds.includes(beixiangOnly.body.id));
      assert.ok(seen.items.every((b: { areaCodes: string[] }) => b.areaCodes.some((a) => a === COUNTY || a.startsWith('440281103'))));
      assert.equal(seen.total, seen.items.length);
      const all = (await t.call('GET', '/api/eb/broadcasts?pageSize=200', { token: tok.county_op })).body;
      assert.ok(all.total > seen.total);
    });

    test('other centers see and touch nothing; every change is audited', async () => {
      const other = await t.center('eb_grants_other');
      await t.user(other, ['leader'], 'other_leader');
      const otherTok = await t.token('other_leader');
      assert.deepEqual((await t.call('GET', '/api/eb/grants', { token: otherTok })).body.items, []);
      const mine = (await t.call('GET', '/api/eb/grants', { token: tok.leader })).body.items;
      assert.ok(mine.length >= 2);
      assert.equal((await t.call('POST', `/api/eb/grants/${mine[0].id}/revoke`, { token: otherTok, body: { reason: 'x' } })).body.error.code, 'EB_GRANT_NOT_FOUND');
      assert.equal((await t.call('PUT', `/api/eb/operators/${ids.town_op}/scope`, { token: otherTok, body: { areaCode: null } })).body.error.code, 'USER_NOT_FOUND');
      assert.equal((await t.call('POST', '/api/eb/grants', { token: otherTok, body: { areaCode: JIUFENG, mayReal: true, mayDrill: true, maxSeverity: 1 } })).body.error.code, 'AREA_NOT_FOUND');
      assert.deepEqual((await t.call('GET', '/api/eb/operators', { token: otherTok })).body.items.map((o: { username: string }) => o.username), ['other_leader']);
      assert.equal((await t.call('GET', '/api/eb/grants', { token: tok.editor })).status, 403);

      const audit = await t.db.db.selectFrom('audit_log').select(['action', 'actor_id']).where('center_id', '=', centerId).where('action', 'like', 'eb.%').execute();
      const count = (a: string) => audit.filter((e) => e.action === a).length;
      assert.equal(count('eb.operator.scope'), 4);
      assert.equal(count('eb.grant.create'), 2);
      assert.equal(count('eb.grant.revoke'), 2);
      assert.ok(audit.filter((e) => e.action.startsWith('eb.grant')).every((e) => e.actor_id === ids.leader));
      assert.equal((await t.db.db.selectFrom('audit_log').select('id').where('center_id', '=', other).where('action', 'like', 'eb.grant%').execute()).length, 0);
    });
  });
}

describe('emergency broadcast rights: the Lechang demo', () => {
  test('jiufeng_operator works for 九峰镇 and is granted drills and real sends up to III', async () => {
    const t = await testApp('sqlite');
    try {
      const { loadDemoCenter, DEMO_PASSWORD } = await import('../../src/demo/lechang.ts');
      await loadDemoCenter(t.db.db, t.permissions);
      await loadDemoCenter(t.db.db, t.permissions);
      const login = await t.call('POST', '/api/auth/login', { body: { username: 'jiufeng_operator', password: DEMO_PASSWORD, center: 'lechang' } });
      const tok = login.body.token as string;
      const me = await t.call('GET', '/api/eb/me/scope', { token: tok });
      assert.deepEqual(me.body.scope, { areaCode: JIUFENG, areaName: '九峰镇' });
      assert.deepEqual(me.body.areas.map((a: { areaCode: string; mayReal: boolean; mayDrill: boolean; maxSeverity: number }) => [a.areaCode, a.mayReal, a.mayDrill, a.maxSeverity]), [[JIUFENG, true, true, 3]]);
      const body = (areaCodes: string[], severity: number) => ({
        msgType: 1, eventType: '10101', severity, title: '山洪预警', text: '请沿河群众转移。', areaCodes,
        startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString(),
      });
      assert.equal((await t.call('POST', '/api/eb/broadcasts', { token: tok, body: body([JIUFENG, JIUFENG_VILLAGE], 3) })).status, 201);
      assert.equal((await t.call('POST', '/api/eb/broadcasts', { token: tok, body: body([JIUFENG], 2) })).body.error.code, 'EB_AREA_NOT_GRANTED');
      assert.equal((await t.call('POST', '/api/eb/broadcasts', { token: tok, body: body([BEIXIANG], 3) })).body.error.code, 'EB_AREA_NOT_GRANTED');
      const grants = await t.db.db.selectFrom('eb_broadcast_grants').select('id').execute();
      assert.equal(grants.length, 1, 'reloading the demo adds no second grant');
    } finally {
      await t.close();
    }
  });
});
