/**
 * Rights by level (GD/J 088), the edges of a town operator's scope: a broadcast outside it
 * is not found by id on any route (the list's rule, the list's answer), and every write
 * the rule refuses leaves an audit entry that survives the refused transaction.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { countyArea, ebCenter, signedIn, townArea, villageArea } from '../helpers/eb.ts';
import { verifyAuditChain } from '../../src/platform/audit/index.ts';

const COUNTY = '440281000000';
const JIUFENG = '440281103000';
const JIUFENG_VILLAGE = '440281103001';
const BEIXIANG = '440281102000';
const MISSING = '00000000-0000-4000-8000-000000000000';

for (const engine of testEngines()) {
  describe(`emergency broadcast rights: scope of reads and audited refusals (${engine})`, () => {
    let t: TestApp;
    let centerId: string;
    let tok: Record<string, string>;
    let ids: Record<string, string>;
    /** Broadcasts by the county, approved, by what they target. */
    const b: Record<string, string> = {};

    const msg = (areaCodes: string[], msgType = 3, severity = 3) => ({
      msgType, eventType: '10101', severity, title: '山洪预警', text: '沿河群众请注意防范。', areaCodes,
      startAt: new Date().toISOString(), endAt: new Date(Date.now() + 3600_000).toISOString(), audio: { kind: 'stream', url: 'http://127.0.0.1:8000/live.mp3' },
    });
    const author = async (who: string, body: object) => {
      const r = await t.call('POST', '/api/eb/broadcasts', { token: tok[who], body });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    };
    const approved = async (areaCodes: string[]) => {
      const id = await author('county_op', msg(areaCodes, 1, 1));
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${id}/submit`, { token: tok.county_op, body: {} })).status, 200);
      const ok = await t.call('POST', `/api/eb/broadcasts/${id}/decision`, { token: tok.county_approver, body: { approve: true } });
      assert.equal(ok.body.status, 'approved', JSON.stringify(ok.body));
      return id;
    };
    const refusedAudit = () => t.db.db.selectFrom('audit_log').select(['actor_id', 'actor_name', 'subject_id', 'detail'])
      .where('center_id', '=', centerId).where('action', '=', 'eb.broadcast.refused').orderBy('seq').execute();

    before(async () => {
      t = await testApp(engine);
      centerId = await ebCenter(t, 'eb_scope', [
        countyArea(COUNTY), townArea(JIUFENG, '九峰镇'), villageArea(JIUFENG_VILLAGE, '九峰街社区'), townArea(BEIXIANG, '北乡镇'),
      ]);
      const users = {
        leader: ['leader'], county_op: ['eb_operator'], county_approver: ['eb_approver'],
        town_op: ['eb_operator', 'eb_approver'], town_approver: ['eb_approver'], village_op: ['eb_operator'],
      };
      ({ tok, ids } = await signedIn(t, centerId, users));
      for (const [u, area] of [['town_op', JIUFENG], ['town_approver', JIUFENG], ['village_op', JIUFENG_VILLAGE]] as const) {
        assert.equal((await t.call('PUT', `/api/eb/operators/${ids[u]}/scope`, { token: tok.leader, body: { areaCode: area } })).status, 200);
      }
      const g = await t.call('POST', '/api/eb/grants', { token: tok.leader, body: { areaCode: JIUFENG, mayReal: true, mayDrill: true, maxSeverity: 3 } });
      assert.equal(g.status, 201, JSON.stringify(g.body));
      b.beixiang = await approved([BEIXIANG]);
      b.county = await approved([COUNTY]);
      b.jiufeng = await approved([JIUFENG]);
      b.village = await approved([JIUFENG_VILLAGE]);
      b.mixed = await approved([JIUFENG, BEIXIANG]);
    });
    after(() => t.close());

    test('by id, a scoped user sees exactly the broadcasts their list shows; the county sees all', async () => {
      for (const who of ['town_op', 'village_op', 'county_op']) {
        const listed = new Set((await t.call('GET', '/api/eb/broadcasts?pageSize=200', { token: tok[who] })).body.items.map((x: { id: string }) => x.id));
        for (const [name, id] of Object.entries(b)) {
          const one = await t.call('GET', `/api/eb/broadcasts/${id}`, { token: tok[who] });
          assert.equal(one.status, listed.has(id) ? 200 : 404, `${who} GET ${name}: ${JSON.stringify(one.body)}`);
        }
      }
      const shown = async (who: string) => (await Promise.all(Object.entries(b).map(async ([name, id]) => [name, (await t.call('GET', `/api/eb/broadcasts/${id}`, { token: tok[who] })).status] as const)))
        .filter(([, s]) => s === 200).map(([name]) => name).sort();
      assert.deepEqual(await shown('town_op'), ['county', 'jiufeng', 'mixed', 'village']);
      assert.deepEqual(await shown('village_op'), ['county', 'jiufeng', 'mixed', 'village']);
      assert.deepEqual(await shown('county_op'), Object.keys(b).sort());
    });

    test('every route reading one broadcast answers a broadcast outside the scope as a missing one', async () => {
      const byId = t.routes.filter((r) => r.url.startsWith('/api/eb/broadcasts/:id'));
      const urls = byId.map((r) => `${r.method} ${r.url}`);
      for (const u of ['GET /api/eb/broadcasts/:id', 'PUT /api/eb/broadcasts/:id', 'POST /api/eb/broadcasts/:id/submit', 'POST /api/eb/broadcasts/:id/decision',
        'POST /api/eb/broadcasts/:id/cancel', 'POST /api/eb/broadcasts/:id/correction', 'GET /api/eb/broadcasts/:id/package.tar', 'GET /api/eb/broadcasts/:id/cap.xml',
        'GET /api/eb/broadcasts/:id/coverage', 'GET /api/eb/broadcasts/:id/coverage.csv']) assert.ok(urls.includes(u), `${u} is registered`);
      const bodyOf = (method: string, url: string) => (method === 'GET' ? undefined : method === 'PUT' ? msg([JIUFENG]) : url.endsWith('/decision') ? { approve: true } : {});
      const call = (method: string, url: string, id: string, who: string) => {
        const body = bodyOf(method, url);
        return t.call(method, url.replace(':id', id), { token: tok[who], ...(body ? { body } : {}) });
      };
      const before = (await t.call('GET', `/api/eb/broadcasts/${b.beixiang}`, { token: tok.county_op })).body;
      for (const r of byId) {
        const hidden = await call(r.method, r.url, b.beixiang, 'town_op');
        const missing = await call(r.method, r.url, MISSING, 'town_op');
        assert.equal(hidden.status, 404, `${r.method} ${r.url}: ${JSON.stringify(hidden.body)}`);
        assert.deepEqual(hidden.body, missing.body, `${r.method} ${r.url} tells a hidden broadcast from a missing one`);
        assert.equal(hidden.body.error.code, 'EB_BROADCAST_NOT_FOUND');
      }
      assert.deepEqual((await t.call('GET', `/api/eb/broadcasts/${b.beixiang}`, { token: tok.county_op })).body, before, 'nothing changed');
      for (const r of byId.filter((x) => x.method === 'GET')) {
        const seen = await call(r.method, r.url, b.beixiang, 'county_op');
        assert.equal(seen.status, 200, `county level reads ${r.url}`);
      }
      for (const r of byId.filter((x) => x.method === 'GET')) {
        assert.equal((await call(r.method, r.url, b.county, 'town_op')).status, 200, `a county broadcast covering the town stays readable at ${r.url}`);
      }
    });

    test('a refused write is audited (who, what, areas, why), answered as before, and its change rolled back', async () => {
      const start = (await refusedAudit()).length;
      const refused = (r: { status: number; body: any }, reason: string) => {
        assert.equal(r.status, 403, JSON.stringify(r.body));
        assert.deepEqual(Object.keys(r.body.error).sort(), ['code', 'details', 'field', 'message']);
        assert.equal(r.body.error.code, 'EB_AREA_NOT_GRANTED');
        assert.equal(r.body.error.field, 'areaCodes');
        assert.deepEqual(Object.keys(r.body.error.details).sort(), ['areaCode', 'reason']);
        assert.equal(r.body.error.details.reason, reason);
      };

      // Authoring outside the town, and above the granted severity.
      refused(await t.call('POST', '/api/eb/broadcasts', { token: tok.town_op, body: msg([JIUFENG, BEIXIANG]) }), 'outside_scope');
      refused(await t.call('POST', '/api/eb/broadcasts', { token: tok.town_op, body: msg([JIUFENG], 1, 2) }), 'severity_above_grant');
      // Changing an own draft to reach outside.
      const draft = await author('town_op', msg([JIUFENG]));
      refused(await t.call('PUT', `/api/eb/broadcasts/${draft}`, { token: tok.town_op, body: msg([BEIXIANG]) }), 'outside_scope');
      // Approving a county broadcast that covers the town (visible, not theirs to send).
      const pending = await author('county_op', msg([COUNTY], 1, 1));
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${pending}/submit`, { token: tok.county_op, body: {} })).status, 200);
      refused(await t.call('POST', `/api/eb/broadcasts/${pending}/decision`, { token: tok.town_approver, body: { approve: true } }), 'outside_scope');
      // Correcting a county broadcast.
      refused(await t.call('POST', `/api/eb/broadcasts/${b.county}/correction`, { token: tok.town_op, body: {} }), 'outside_scope');
      // Submitting once the grant has run out (the calendar moved on), then after a revocation.
      const grant = (await t.call('GET', `/api/eb/grants?status=active&areaCode=${JIUFENG}`, { token: tok.leader })).body.items[0];
      await t.db.db.updateTable('eb_broadcast_grants').set({ valid_to: new Date(Date.now() - 1000).toISOString() }).where('id', '=', grant.id).execute();
      refused(await t.call('POST', `/api/eb/broadcasts/${draft}/submit`, { token: tok.town_op, body: {} }), 'grant_expired');
      await t.db.db.updateTable('eb_broadcast_grants').set({ valid_to: null }).where('id', '=', grant.id).execute();
      assert.equal((await t.call('POST', `/api/eb/grants/${grant.id}/revoke`, { token: tok.leader, body: { reason: '汛期结束' } })).status, 200);
      refused(await t.call('POST', `/api/eb/broadcasts/${draft}/submit`, { token: tok.town_op, body: {} }), 'grant_revoked');

      // The refused changes did not happen.
      assert.equal((await t.call('GET', `/api/eb/broadcasts/${draft}`, { token: tok.town_op })).body.status, 'draft');
      assert.deepEqual((await t.call('GET', `/api/eb/broadcasts/${draft}`, { token: tok.town_op })).body.areaCodes, [JIUFENG]);
      assert.equal((await t.call('GET', `/api/eb/broadcasts/${pending}`, { token: tok.county_op })).body.status, 'pending');
      const county = (await t.call('GET', '/api/eb/broadcasts?pageSize=200', { token: tok.county_op })).body.items as { author: { id: string }; relatedEbmid: string | null }[];
      assert.equal(county.filter((x) => x.author.id === ids.town_op).length, 1, 'only the one allowed draft exists');
      assert.ok(!county.some((x) => x.relatedEbmid), 'no correction was made');

      // Each refusal is in the audit log, in its own committed entry.
      const entries = (await refusedAudit()).slice(start).map((e) => ({ ...e, detail: JSON.parse(e.detail) }));
      const seen = entries.map((e) => [e.actor_name, e.detail.attempted, e.subject_id, e.detail.areaCodes, e.detail.areaCode, e.detail.reason]);
      assert.deepEqual(seen, [
        ['town_op', 'eb.broadcast.create', null, [JIUFENG, BEIXIANG], BEIXIANG, 'outside_scope'],
        ['town_op', 'eb.broadcast.create', null, [JIUFENG], JIUFENG, 'severity_above_grant'],
        ['town_op', 'eb.broadcast.update', draft, [BEIXIANG], BEIXIANG, 'outside_scope'],
        ['town_approver', 'eb.broadcast.approve', pending, [COUNTY], COUNTY, 'outside_scope'],
        ['town_op', 'eb.broadcast.correction', b.county, [COUNTY], COUNTY, 'outside_scope'],
        ['town_op', 'eb.broadcast.submit', draft, [JIUFENG], JIUFENG, 'grant_expired'],
        ['town_op', 'eb.broadcast.submit', draft, [JIUFENG], JIUFENG, 'grant_revoked'],
      ]);
      assert.deepEqual(entries.map((e) => e.actor_id), [ids.town_op, ids.town_op, ids.town_op, ids.town_approver, ids.town_op, ids.town_op, ids.town_op]);
      assert.ok(entries.every((e) => e.detail.scope === JIUFENG && typeof e.detail.msgType === 'number' && typeof e.detail.severity === 'number'));
      assert.equal(entries[1]!.detail.severity, 2);
      const chain = await verifyAuditChain(t.db.db, centerId);
      assert.equal(chain.ok, true, JSON.stringify(chain.problems));
    });

    test('county level and refusals of other kinds leave no refusal entry', async () => {
      const start = (await refusedAudit()).length;
      await author('county_op', msg([BEIXIANG, COUNTY], 1, 1));
      const unknownArea = await t.call('POST', '/api/eb/broadcasts', { token: tok.town_op, body: msg(['440281199000']) });
      assert.equal(unknownArea.body.error.code, 'AREA_NOT_FOUND');
      assert.equal((await t.call('POST', `/api/eb/broadcasts/${b.beixiang}/submit`, { token: tok.town_op, body: {} })).status, 404);
      assert.equal((await refusedAudit()).length, start);
    });
  });
}
